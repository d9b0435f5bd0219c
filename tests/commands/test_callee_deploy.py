"""With BROADCASTCTL_WINDOW_ZONE=callee a campaign in local windows deploys as one task whose
allowSendTime is its localWindows, and a vendor reading them so (the sandbox in callee mode)
rings each number within its own zone's hours: checked from the call records with zoneinfo and
libphonenumber alone, over the day the United States' clocks go forward."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import phonenumbers
import pytest
from phonenumbers import timezone as phone_zones

from broadcastctl.api import ApiConfig, Client
from broadcastctl.cli import main
from broadcastctl.sandbox import Lifecycle, SandboxServer
from broadcastctl.windowzone import WindowZone
from tests.commands.conftest import _client_on

UTC8 = dt.timezone(dt.timedelta(hours=8))
AREAS = ("212", "312", "303", "213", "907", "808")  # NY, Chicago, Denver, LA, Alaska, Honolulu
SEND = dt.datetime(2027, 3, 13, 22, 0, tzinfo=UTC8)  # 09:00 on Saturday 13 March in New York


def valid_numbers(area: str, count: int) -> list[str]:
    found = [
        f"1{area}{line}"
        for line in range(2_345_600, 2_345_700)
        if phonenumbers.is_valid_number(phonenumbers.parse(f"+1{area}{line}"))
    ]
    return found[:count]


NUMBERS = [number for area in AREAS for number in valid_numbers(area, 3)]
CAMPAIGN = f"""appId: app-1
taskName: six zones
source: 3
text: Hello
lan: EN
purpose: informational
sendTime: "{SEND:%Y-%m-%d %H:%M:%S}"
numberList: [{", ".join(f'"{number}"' for number in NUMBERS)}]
localWindows:
  - strTime: "09:00"
    endTime: "20:00"
loopCount: 1
maxCalls: 60
"""


@pytest.fixture
def callee_vendor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SandboxServer]:
    """A vendor reading windows in each callee's zone, three calls a zone in two local days,
    with BROADCASTCTL_* pointing at it and a repository of the one campaign as the folder."""
    pace = Lifecycle(submit_seconds=0, calls_per_second=1 / 19_800)
    with SandboxServer(
        tmp_path / "vendor.sqlite3",
        api_key="k",
        api_secret="s",
        lifecycle=pace,
        window_zone=WindowZone.CALLEE,
    ) as server:
        server.clock.freeze()
        server.clock.set(SEND - dt.timedelta(hours=1))
        timed = _client_on(server)
        monkeypatch.setattr("broadcastctl.api.client.Client", timed)
        monkeypatch.setattr("broadcastctl.api.Client", timed)
        for name, value in (("URL", server.url), ("KEY", "k"), ("SECRET", "s")):
            monkeypatch.setenv(f"BROADCASTCTL_API_{name}", value)
        monkeypatch.delenv("BROADCASTCTL_API_TIMEZONE", raising=False)
        monkeypatch.setenv("BROADCASTCTL_WINDOW_ZONE", "callee")
        monkeypatch.chdir(tmp_path)
        (tmp_path / ".git").mkdir()
        (tmp_path / "campaigns").mkdir()
        (tmp_path / "campaigns" / "six.yaml").write_text(CAMPAIGN)
        yield server


def test_one_task_rings_every_callee_within_their_own_hours(
    callee_vendor: SandboxServer,
) -> None:
    assert main(["deploy", "campaigns/six.yaml", "--yes", "--quiet"]) == 0
    config = ApiConfig(url=callee_vendor.url, api_key="k", api_secret="s")
    with Client(config, clock=callee_vendor.clock.now) as api:
        later = SEND + dt.timedelta(days=4)
        [task] = api.list_tasks(created_from=SEND - dt.timedelta(days=1), created_to=later)
        stored = callee_vendor.stored_fields(task.job_id)
        assert stored is not None
        assert stored["allowSendTime"] == [{"strTime": "09:00", "endTime": "20:00"}]
        assert "localWindows" not in stored
        callee_vendor.clock.set(later)
        records = api.call_records(SEND - dt.timedelta(days=1), later)
    assert sorted(record.callee for record in records) == sorted(NUMBERS)
    new_york_days = set()
    for record in records:
        moment = dt.datetime.fromisoformat(record.call_time)
        names = phone_zones.time_zones_for_number(phonenumbers.parse(f"+{record.callee}"))
        for zone in map(ZoneInfo, names):
            local = moment.astimezone(zone)
            assert dt.time(9) <= local.time() < dt.time(20), (record.callee, local)
            if zone.key == "America/New_York":
                new_york_days.add(local.date())
    assert dt.date(2027, 3, 14) in new_york_days  # the day the clocks go forward there
