"""The sandbox behind `--sandbox` reads calling windows as BROADCASTCTL_WINDOW_ZONE says."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from broadcastctl.errors import UsageError
from broadcastctl.sandbox import SandboxServer
from broadcastctl.workflow.target import SANDBOX_DB, open_target

UTC8 = dt.timezone(dt.timedelta(hours=8))
HONOLULU = "18082345678"
# 19:00 at UTC+8 is 01:00 in Honolulu: inside 09:00-20:00 in the vendor's zone, not the callee's
AT = dt.datetime(2030, 1, 1, 19, 0, tzinfo=UTC8)
BODY = {
    "appId": "app-1",
    "taskName": "one number in Honolulu",
    "numberList": [HONOLULU],
    "source": 3,
    "text": "Hello",
    "lan": "EN",
    "loopCount": 1,
    "maxCalls": 60,
    "allowSendTime": [{"strTime": "09:00", "endTime": "20:00"}],
}


def move_clock(to: dt.datetime | None = None, seconds: float = 0) -> None:
    """The stored clock of the in-process sandbox's database, frozen and moved."""
    with SandboxServer(SANDBOX_DB, api_key="k", api_secret="s") as server:
        server.clock.freeze()
        if to is not None:
            server.clock.set(to)
        server.clock.advance(seconds)


def calls_placed(reading: str, monkeypatch: pytest.MonkeyPatch, job_id: int) -> int:
    monkeypatch.setenv("BROADCASTCTL_WINDOW_ZONE", reading)
    with open_target(True, UTC8) as target:
        return int(target.client.get_task(job_id).fields["callTotal"])


def test_the_in_process_sandbox_follows_the_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    move_clock(to=AT)
    with open_target(True, UTC8) as target:
        job_id = target.client.create_task(BODY)
    move_clock(seconds=60)
    assert calls_placed("callee", monkeypatch, job_id) == 0  # 01:00 in Honolulu: it waits
    assert calls_placed("vendor", monkeypatch, job_id) == 1
    monkeypatch.setenv("BROADCASTCTL_WINDOW_ZONE", "caller")
    with pytest.raises(UsageError, match="BROADCASTCTL_WINDOW_ZONE"), open_target(True, UTC8):
        pass
