"""The call record query: records made up as the clock moves tasks through calling, consistent
with the list call's counts, paged, and in each of the shapes the vendor's pages leave open."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
import requests

from broadcastctl.sandbox import Faults, SandboxClock, SandboxServer

UTC8 = datetime.timezone(datetime.timedelta(hours=8))
NUMBERS = [f"1202555{index:04d}" for index in range(12)]
WINDOW = {"strTime": "2030-01-01T00:00:00+08:00", "endTime": "2030-01-02T00:00:00+08:00"}


@pytest.fixture
def frozen(sandbox: SandboxServer) -> SandboxClock:
    sandbox.clock.freeze()
    sandbox.clock.set(datetime.datetime(2030, 1, 1, 9, 0, 0, tzinfo=UTC8))
    return sandbox.clock


def records(
    http: Callable[..., requests.Response], current: int = 1, size: int = 100, **params: Any
) -> dict[str, Any]:
    answer = http(
        "voice/recordGroupQuery", {"current": current, "size": size, "params": WINDOW | params}
    ).json()
    assert answer["status"] == "0", answer
    data: dict[str, Any] = answer["data"]
    return data


def listed(http: Callable[..., requests.Response]) -> dict[str, Any]:
    window = {"strTime": "2030-01-01 00:00:00", "endTime": "2030-01-02 00:00:00"}
    answer = http("voice/group/call/query", {"current": 1, "size": 10, "params": window}).json()
    row: dict[str, Any] = answer["data"]["records"][0]
    return row


def test_records_follow_the_clock_and_match_the_list_counts(
    http: Callable[..., requests.Response],
    frozen: SandboxClock,
    task_body: Callable[..., dict[str, Any]],
) -> None:
    http("voice/group/call/send", task_body(numberList=NUMBERS))
    assert records(http)["total"] == 0  # submitting: nothing dialled yet
    for seconds in (5.5, 0.5, 10):
        frozen.advance(seconds)
        found = records(http)["records"]
        row = listed(http)
        answered = [r for r in found if r["terminationCode"] == "200"]
        assert (len(found), len(answered), len(found) - len(answered)) == (
            row["callNum"], row["success"], row["fail"],
        )  # fmt: skip
    assert [r["callee"] for r in found] == NUMBERS
    assert row["status"] == 2
    assert len(found) == 12
    first = found[0]
    assert first["callTime"] == "2030-01-01T09:00:05+08:00"
    assert first["answerTime"] == "2030-01-01T09:00:08+08:00"
    assert first["callDuration"] == 20
    assert first["feedbackValue"] == "1"
    assert "taskId" not in first  # the vendor's table names no task
    failed = found[4]
    assert (failed["terminationCode"], failed["answerTime"], failed["callDuration"]) == (
        "486",
        None,
        0,
    )


def test_records_are_the_same_at_every_reading(
    http: Callable[..., requests.Response],
    frozen: SandboxClock,
    task_body: Callable[..., dict[str, Any]],
) -> None:
    http("voice/group/call/send", task_body(numberList=NUMBERS))
    frozen.advance(60)
    assert records(http) == records(http)


def test_records_page_and_keep_to_the_window(
    http: Callable[..., requests.Response],
    frozen: SandboxClock,
    task_body: Callable[..., dict[str, Any]],
) -> None:
    http("voice/group/call/send", task_body("task-a", numberList=NUMBERS))
    http("voice/group/call/send", task_body("task-b", numberList=NUMBERS[:3]))
    frozen.advance(60)
    pages = [records(http, current, size=5) for current in (1, 2, 3, 4)]
    assert [(p["total"], p["pages"], len(p["records"])) for p in pages] == [
        (15, 3, 5), (15, 3, 5), (15, 3, 5), (15, 3, 0),
    ]  # fmt: skip
    ids = [r["voiceId"] for p in pages for r in p["records"]]
    assert len(set(ids)) == 15
    later = records(http, strTime="2030-01-01T09:00:06+08:00")
    assert {r["callTime"] for r in later["records"]} == {"2030-01-01T09:00:06+08:00"}


def test_the_open_shapes_a_task_id_and_zero_for_success(
    sandbox: SandboxServer,
    http: Callable[..., requests.Response],
    frozen: SandboxClock,
    task_body: Callable[..., dict[str, Any]],
) -> None:
    job_id = http("voice/group/call/send", task_body(numberList=NUMBERS)).json()["data"]
    frozen.advance(60)
    sandbox.set_faults(Faults(records="task-id", termination="zero"))
    found = records(http)["records"]
    assert {r["taskId"] for r in found} == {job_id}
    assert [r["terminationCode"] for r in found[:5]] == ["0", "0", "0", "0", "1"]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"current": 1, "size": 10}, "params is required"),
        ({"params": {"strTime": "2030-01-01 00:00:00", "endTime": WINDOW["endTime"]}}, "ISO-8601"),
        ({"params": {"strTime": "2030-01-01T00:00:00", "endTime": WINDOW["endTime"]}}, "offset"),
        ({"params": {**WINDOW, "endTime": "2030-02-02T00:00:00+08:00"}}, "at most 31 days"),
        ({"params": {**WINDOW, "endTime": "2029-12-31T00:00:00+08:00"}}, "not be before"),
        ({"size": 101, "params": WINDOW}, "size"),
        ({"current": None, "params": WINDOW}, "current must not be null"),
    ],
)
def test_bad_record_queries_are_refused_with_minus_22(
    http: Callable[..., requests.Response], body: dict[str, Any], reason: str
) -> None:
    answer = http("voice/recordGroupQuery", body).json()
    assert answer["status"] == "-22"
    assert reason in answer["reason"]


def test_current_and_size_may_be_left_out(
    http: Callable[..., requests.Response], frozen: SandboxClock
) -> None:
    answer = http("voice/recordGroupQuery", {"params": WINDOW}).json()
    assert (answer["data"]["current"], answer["data"]["size"]) == (1, 25)
