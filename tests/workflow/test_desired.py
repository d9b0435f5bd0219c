"""The desired tasks lint with the clock and zone they are given, and print nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from broadcastctl.workflow.desired import desired_tasks

CAMPAIGN = """appId: app-1
taskName: {name}
source: 3
text: Hello
lan: EN
sendTime: 2027-01-11 09:30:00
allowSendTime:  # 08:00-09:00 in New York on that Monday in January
  - strTime: "21:00"
    endTime: "22:00"
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


def test_the_smallest_limit_of_the_policies_holds_for_the_whole_deploy(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    for folder, limit in (("ops", 500), ("ops/trial", 3)):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "broadcastctl.yaml").write_text(f"max_new_calls: {limit}\n")
        (tmp_path / folder / "c.yaml").write_text(CAMPAIGN.format(name=folder))
    now = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    desired = desired_tasks([str(tmp_path / "ops")], now, UTC8)
    assert desired.lint.errors == 0
    assert desired.call_limit is not None
    assert desired.call_limit.limit == 3
    assert desired.call_limit.policy.endswith("ops/trial/broadcastctl.yaml")


def test_each_task_carries_who_it_calls_and_its_exceptions(campaigns: Path) -> None:
    (campaigns / "spring.yaml").write_text(
        CAMPAIGN.format(name="spring")
        + "policyExceptions:\n  - {rule: calling-hours, reason: agreed in review 42}\n"
    )
    desired = desired_tasks([str(campaigns)], dt.datetime(2027, 1, 1, tzinfo=dt.UTC), UTC8)
    (task,) = desired.tasks
    assert task.exceptions == (("calling-hours", "agreed in review 42"),)
    assert task.people is not None
    assert task.people.by_region == (("US", 2),)
    assert [(z.zone, z.numbers) for z in task.people.zones] == [("America/New_York", 2)]
    (span,) = task.people.zones[0].local
    assert (f"{span.start:%a %H:%M}", f"{span.end:%H:%M}") == ("Mon 08:00", "09:00")
    assert desired.call_limit is None  # no policy file: no limit


def test_a_number_listed_twice_is_counted_once_as_it_is_sent_once(campaigns: Path) -> None:
    twice = CAMPAIGN.replace('"12025550102"]', '"12025550102", "12025550101", "13125550150"]')
    # an hour later, so that it rings Chicago from 08:00 too
    twice = twice.replace('endTime: "22:00"', 'endTime: "23:00"')
    twice = twice.replace('strTime: "21:00"', 'strTime: "22:00"')
    (campaigns / "spring.yaml").write_text(twice.format(name="spring"))
    desired = desired_tasks([str(campaigns)], dt.datetime(2027, 1, 1, tzinfo=dt.UTC), UTC8)
    assert [d.rule for d in desired.lint.diagnostics] == ["duplicate-number"]
    (task,) = desired.tasks
    assert task.number_count == 3
    assert task.people is not None
    assert task.people.by_region == (("US", 3),)
    assert [(z.zone, z.numbers) for z in task.people.zones] == [
        ("America/New_York", 2), ("America/Chicago", 1),
    ]  # fmt: skip
    assert task.people.unplaced == 0
