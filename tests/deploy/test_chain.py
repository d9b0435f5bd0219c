"""The chain plan and deploy share lints with the clock and zone it is given, and prints nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from broadcastctl.deploy.chain import desired_tasks

CAMPAIGN = """appId: app-1
taskName: {name}
source: 3
text: Hello
lan: EN
sendTime: 2027-01-11 09:30:00
numberList: ["12025550101", "12025550102"]
loopCount: 1
maxCalls: 60
"""
UTC8 = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def campaigns(tmp_path: Path) -> Path:
    (tmp_path / "spring.yaml").write_text(CAMPAIGN.format(name="spring"))
    return tmp_path


def test_the_lint_report_is_returned_not_printed(
    campaigns: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    after = dt.datetime(2027, 1, 11, 2, tzinfo=dt.UTC)  # 10:00 at UTC+8: sendTime is past
    desired = desired_tasks([str(campaigns)], after, UTC8)
    assert [d.rule for d in desired.lint.diagnostics] == ["send-time"]
    assert [task.task_name for task in desired.tasks] == ["spring"]
    assert capsys.readouterr() == ("", "")


def test_the_zone_given_is_the_one_sendtime_is_read_in(campaigns: Path) -> None:
    now = dt.datetime(2027, 1, 11, 2, tzinfo=dt.UTC)  # 09:30 is past at UTC+8, not at UTC
    assert desired_tasks([str(campaigns)], now, UTC8).lint.warnings == 1
    assert desired_tasks([str(campaigns)], now, dt.UTC).lint.warnings == 0


def test_lint_errors_leave_nothing_to_send(
    campaigns: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (campaigns / "broken.yaml").write_text(CAMPAIGN.format(name="broken").replace("appId", "ap"))
    desired = desired_tasks([str(campaigns)], dt.datetime(2026, 1, 1, tzinfo=dt.UTC), UTC8)
    assert desired.lint.errors >= 1
    assert desired.tasks == []
    assert capsys.readouterr() == ("", "")
