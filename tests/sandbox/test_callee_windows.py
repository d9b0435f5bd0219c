"""With BROADCASTCTL_WINDOW_ZONE=callee the sandbox reads `allowSendTime` in each callee's own
zone: every call rings inside the windows in the callee's local time, checked here from the call
records with zoneinfo and libphonenumber directly, on days that include a clock change."""

import datetime
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import phonenumbers
import pytest
from phonenumbers import timezone as phone_zones

from broadcastctl.api import Client
from broadcastctl.api.callrecords import CallRecord
from broadcastctl.sandbox import Lifecycle, SandboxServer
from broadcastctl.sandbox.timetable import callee_zones
from broadcastctl.sandbox.windows import OpenHours, SharedHours
from broadcastctl.windowzone import WindowZone
from tests.areanumbers import valid_numbers

UTC8 = datetime.timezone(datetime.timedelta(hours=8))
NINE_TO_EIGHT = [{"strTime": "09:00", "endTime": "20:00"}]
# New York, Chicago, Denver, Los Angeles, Alaska (Anchorage or Adak), Honolulu
AREA_CODES = ("212", "312", "303", "213", "907", "808")
# US clocks go forward on Sunday 2030-03-10: the calls run from the 9th (local) on.
START = datetime.datetime(2030, 3, 9, 12, 0, tzinfo=UTC8)
# One call every 5.5 hours of a queue's open time: three calls a zone take two local days.
PACE = 1 / 19_800


def zones_of(number: str) -> list[ZoneInfo]:
    names = phone_zones.time_zones_for_number(phonenumbers.parse(f"+{number}"))
    return [ZoneInfo(name) for name in names if name != "Etc/Unknown"]


def inside(moment: datetime.datetime, zone: datetime.tzinfo) -> bool:
    local = moment.astimezone(zone)
    return datetime.time(9) <= local.time() < datetime.time(20)


def server(path: Path, reading: WindowZone) -> SandboxServer:
    return SandboxServer(
        path,
        api_key="k",
        api_secret="s",
        lifecycle=Lifecycle(submit_seconds=0, calls_per_second=PACE),
        window_zone=reading,
    )


@pytest.fixture(params=list(WindowZone))
def reading(request: pytest.FixtureRequest) -> WindowZone:
    zone: WindowZone = request.param
    return zone


@pytest.fixture
def running(tmp_path: Path, reading: WindowZone) -> Iterator[SandboxServer]:
    with server(tmp_path / "sandbox.sqlite3", reading) as sandbox:
        sandbox.clock.freeze()
        sandbox.clock.set(START)
        yield sandbox


def placed(
    running: SandboxServer,
    make_client: Callable[..., Client],
    task_body: Callable[..., dict[str, Any]],
    numbers: list[str],
) -> tuple[list[CallRecord], int]:
    """The records of a task of these numbers under 09:00-20:00, four days on, and its status
    (the detail's, which the list call's status filter agrees with)."""
    client = make_client(running)
    job_id = client.create_task(task_body(numberList=numbers, allowSendTime=NINE_TO_EIGHT))
    later = START + datetime.timedelta(days=4)
    running.clock.set(later)
    records = client.call_records(START, later)
    status = client.get_task(job_id).status
    [listed] = client.list_tasks(created_from=START, created_to=later, statuses=(status,))
    assert (listed.job_id, listed.call_num) == (job_id, len(records))
    assert listed.fail == sum(1 for record in records if not record.answered)
    return records, status


def test_every_call_rings_within_the_windows_where_the_callee_is(
    running: SandboxServer,
    reading: WindowZone,
    make_client: Callable[..., Client],
    task_body: Callable[..., dict[str, Any]],
) -> None:
    numbers = [number for area in AREA_CODES for number in valid_numbers(area, 3)]
    records, status = placed(running, make_client, task_body, numbers)
    local = {
        record.callee: all(
            inside(datetime.datetime.fromisoformat(record.call_time), zone)
            for zone in zones_of(record.callee)
        )
        for record in records
    }
    if reading is WindowZone.VENDOR:  # 09:00-20:00 at UTC+8 is night in the United States
        assert records  # one queue of 18: half of them placed in four days
        assert not all(local.values())
        assert all(inside(datetime.datetime.fromisoformat(r.call_time), UTC8) for r in records)
        return
    assert status == 2  # six queues of three, side by side
    assert sorted(record.callee for record in records) == sorted(numbers)
    assert all(local.values()), [callee for callee, fits in local.items() if not fits]
    days = {datetime.datetime.fromisoformat(r.call_time).astimezone(ZoneInfo("America/New_York"))
            .date() for r in records if r.callee.startswith("1212")}  # fmt: skip
    assert datetime.date(2030, 3, 10) in days  # a call on the day the clocks change


@pytest.mark.parametrize("reading", [WindowZone.CALLEE])
def test_a_number_without_a_zone_rings_in_the_vendors_hours(
    running: SandboxServer,
    make_client: Callable[..., Client],
    task_body: Callable[..., dict[str, Any]],
) -> None:
    unplaced = "80012345678"  # an international freephone number: no place, no zone
    assert callee_zones(unplaced) == ()
    records, _ = placed(running, make_client, task_body, [unplaced, *valid_numbers("808", 1)])
    mine = [r for r in records if r.callee == unplaced]
    assert mine
    assert all(inside(datetime.datetime.fromisoformat(r.call_time), UTC8) for r in mine)


def test_windows_in_several_zones_open_only_where_they_all_are() -> None:
    windows = [{"strTime": "09:00", "endTime": "20:00"}]
    anchorage, adak = (OpenHours.of(windows, ZoneInfo(name)) for name in AREA_ZONES_907)
    both = SharedHours((anchorage, adak))
    day = datetime.datetime(2030, 1, 15, tzinfo=ZoneInfo("America/Anchorage")).timestamp()
    # 09:00-20:00 in Anchorage and in Adak (an hour behind) meet from 10:00 to 20:00 Anchorage
    assert both.open_between(day, day + 86_400) == 10 * 3600
    assert both.after(day, 0) == day + 10 * 3600
    sydney, perth = (OpenHours.of([{"strTime": "09:00", "endTime": "10:00"}], ZoneInfo(name))
                     for name in ("Australia/Sydney", "Australia/Perth"))  # fmt: skip
    never = SharedHours((sydney, perth))
    assert never.open_between(day, day + 30 * 86_400) == 0
    assert never.after(day, 1) == float("inf")


AREA_ZONES_907 = ("America/Anchorage", "America/Adak")


@pytest.mark.parametrize("reading", [WindowZone.CALLEE])
def test_a_number_whose_zones_never_share_an_open_moment_is_never_rung(
    running: SandboxServer,
    make_client: Callable[..., Client],
    task_body: Callable[..., dict[str, Any]],
) -> None:
    """An Australian mobile may ring in any Australian zone: 09:00-10:00 is never that hour in
    Sydney and Perth at once, so the call waits; the task stays calling."""
    client = make_client(running)
    mobile = "61412345678"
    assert len(callee_zones(mobile)) > 1
    short = [{"strTime": "09:00", "endTime": "10:00"}]
    job_id = client.create_task(task_body(numberList=[mobile], allowSendTime=short))
    running.clock.set(START + datetime.timedelta(days=3))
    task = client.get_task(job_id)
    assert (task.status, task.fields["callTotal"]) == (1, 0)


def test_callee_zones_are_libphonenumbers_for_every_kind_of_number() -> None:
    """The lookup skips the parse where it can; it must give the parse's answer anyway: every
    region's example numbers of each type, with a trunk prefix (0, 8) slipped in after the
    country code and a digit more or less."""
    numbers = set()
    for region in phonenumbers.SUPPORTED_REGIONS:
        for kind in range(12):  # PhoneNumberType's values, from FIXED_LINE to VOICEMAIL
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            digits = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)[1:]
            code = len(str(example.country_code))
            numbers |= {digits, digits[:-1], f"{digits}1"}
            numbers |= {f"{digits[:code]}{trunk}{digits[code:]}" for trunk in "08"}
    assert len(numbers) > 2_000
    for number in sorted(numbers):
        expected = phone_zones.time_zones_for_number(phonenumbers.parse(f"+{number}"))
        assert callee_zones(number) == tuple(z for z in expected if z != "Etc/Unknown"), number
