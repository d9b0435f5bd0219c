"""Calls are placed only inside a task's calling windows (`allowSendTime`, in the vendor's zone):
a task whose window closes pauses, and goes on when a window opens again."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from broadcastctl.sandbox import SandboxClock, SandboxServer
from broadcastctl.sandbox.windows import OpenHours

UTC8 = datetime.timezone(datetime.timedelta(hours=8))


def at(hour: int, minute: int = 0, day: int = 1) -> float:
    return datetime.datetime(2030, 1, day, hour, minute, tzinfo=UTC8).timestamp()


def hours(*windows: tuple[str, str]) -> OpenHours:
    return OpenHours.of([{"strTime": start, "endTime": end} for start, end in windows], UTC8)


def test_open_time_counts_only_the_windows() -> None:
    nine_to_ten = hours(("09:00", "10:00"))
    assert nine_to_ten.open_between(at(8), at(11)) == 3600
    assert nine_to_ten.open_between(at(9, 30), at(9, 45)) == 900
    assert nine_to_ten.open_between(at(10), at(9, day=2)) == 0
    assert nine_to_ten.after(at(8), 60) == at(9, 1)
    assert nine_to_ten.after(at(9, 59), 120) == at(9, 1, day=2)  # one minute today, one tomorrow


def test_a_window_past_midnight_and_overlapping_windows_count_once() -> None:
    late = hours(("22:00", "02:00"), ("01:00", "03:00"), ("23:00", "23:30"))
    assert late.windows == ((0, 180), (1320, 1440))
    assert late.open_between(at(21), at(4, day=2)) == 5 * 3600


def test_no_window_or_only_empty_ones_mean_any_hour() -> None:
    for stored in ([], None, [{"strTime": "09:00", "endTime": "09:00"}]):
        anytime = OpenHours.of(stored, UTC8)
        assert anytime.any_hour
        assert anytime.after(at(3), 7) == at(3) + 7


@given(
    windows=st.lists(
        st.tuples(st.integers(0, 1439), st.integers(0, 1439)).map(
            lambda w: (f"{w[0] // 60:02}:{w[0] % 60:02}", f"{w[1] // 60:02}:{w[1] % 60:02}")
        ),
        max_size=3,
    ),
    start=st.integers(0, 3 * 86_400),
    seconds=st.integers(0, 2 * 86_400),
)
@settings(max_examples=200, deadline=None)
def test_after_is_where_open_time_reaches_the_seconds(
    windows: list[tuple[str, str]], start: int, seconds: int
) -> None:
    open_hours = hours(*windows)
    begin = at(0) + start
    end = open_hours.after(begin, seconds)
    assert end >= begin
    assert open_hours.open_between(begin, end) == pytest.approx(seconds)
    placed = open_hours.after(begin, seconds, inside=True)
    assert open_hours.open_between(begin, placed) == pytest.approx(seconds)
    if not open_hours.any_hour:  # a call is placed inside a window, never at its close
        local = datetime.datetime.fromtimestamp(placed, UTC8)
        second = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
        assert any(start * 60 <= second < end * 60 for start, end in open_hours.windows)


def listed(http: Callable[..., requests.Response], *statuses: int) -> list[dict[str, Any]]:
    """The tasks created on 2030-01-01 as the list call shows them, in these statuses if any."""
    day = {"strTime": "2030-01-01 00:00:00", "endTime": "2030-01-02 00:00:00"}
    body = {"current": 1, "size": 10, "params": day | {"statusList": list(statuses)}}
    rows: list[dict[str, Any]] = http("voice/group/call/query", body).json()["data"]["records"]
    return rows


@pytest.fixture
def frozen(sandbox: SandboxServer) -> SandboxClock:
    sandbox.clock.freeze()
    sandbox.clock.set(datetime.datetime(2030, 1, 1, 9, 59, 0, tzinfo=UTC8))
    return sandbox.clock


def test_calls_left_when_the_window_closes_are_placed_when_it_opens(
    http: Callable[..., requests.Response],
    frozen: SandboxClock,
    task_body: Callable[..., dict[str, Any]],
) -> None:
    window = [{"strTime": "09:00", "endTime": "10:00"}]
    many = [f"1202555{index:04d}" for index in range(1000)]  # 100 s of calling
    http("voice/group/call/send", task_body(numberList=many, allowSendTime=window))

    def progress() -> tuple[int, int]:
        [row] = listed(http)
        return row["status"], row["callNum"]

    frozen.set(datetime.datetime(2030, 1, 1, 12, 0, tzinfo=UTC8))
    assert progress() == (1, 550)  # 09:59:05 to 10:00: 55 s
    frozen.set(datetime.datetime(2030, 1, 2, 9, 0, 20, tzinfo=UTC8))
    assert progress() == (1, 750)  # and 20 s the next morning
    frozen.set(datetime.datetime(2030, 1, 2, 9, 1, tzinfo=UTC8))
    assert progress()[0] == 2
    detail = http("voice/group/call/detail/5000001", method="GET").json()["data"]
    assert detail["finishTime"] == "2030-01-02 09:00:45"
    window_of_records = {
        "strTime": "2030-01-01T00:00:00+08:00",
        "endTime": "2030-01-03T00:00:00+08:00",
    }
    every = [
        record
        for page in range(1, 11)
        for record in http(
            "voice/recordGroupQuery",
            {"current": page, "size": 100, "params": window_of_records},
        ).json()["data"]["records"]
    ]
    times = [record["callTime"] for record in every]
    assert len(times) == 1000
    assert times[549] == "2030-01-01T09:59:59+08:00"  # the last call before the window closed
    assert times[550] == "2030-01-02T09:00:00+08:00"  # the next, when it opened again
    assert times[-1] == "2030-01-02T09:00:44+08:00"
    assert all("T09:" in time for time in times)  # none outside 09:00-10:00


def test_new_windows_from_an_update_apply_at_once(
    http: Callable[..., requests.Response],
    frozen: SandboxClock,
    task_body: Callable[..., dict[str, Any]],
) -> None:
    """Updated within the same second (the clock is stopped), the task follows its new windows."""
    later = "2030-01-01 12:00:00"
    shut = [{"strTime": "00:00", "endTime": "01:00"}]
    job_id = http("voice/group/call/send", task_body(sendTime=later, allowSendTime=shut)).json()[
        "data"
    ]

    def status() -> int:
        [row] = listed(http)
        return int(row["status"])

    assert status() == 0  # read once with the first windows
    noon = [{"strTime": "12:00", "endTime": "13:00"}]
    update = task_body(sendTime=later, allowSendTime=noon) | {"keyId": job_id}
    assert http("voice/group/call/update", update).json()["status"] == "0"
    frozen.set(datetime.datetime(2030, 1, 1, 12, 1, tzinfo=UTC8))
    assert status() == 2  # its one number called at 12:00:05, in the new window


def test_the_status_filter_sees_the_windows_as_the_list_shows_them(
    http: Callable[..., requests.Response],
    frozen: SandboxClock,
    task_body: Callable[..., dict[str, Any]],
) -> None:
    window = [{"strTime": "09:00", "endTime": "10:00"}]
    many = [f"1202555{index:04d}" for index in range(1000)]  # 100 s of calling: past 10:00
    http("voice/group/call/send", task_body(numberList=many, allowSendTime=window))
    frozen.set(datetime.datetime(2030, 1, 1, 12, 0, tzinfo=UTC8))  # paused until tomorrow

    def shown(*statuses: int) -> list[int]:
        return [row["status"] for row in listed(http, *statuses)]

    assert shown() == [1]
    assert shown(1) == [1]
    assert shown(2) == []  # 100 s after its start, without windows it would be completed
