"""The task list: a window on creation time, status filter, fuzzy search, and paging."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
import requests

from broadcastctl.sandbox import SandboxClock, SandboxServer

UTC8 = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def frozen(sandbox: SandboxServer) -> SandboxClock:
    sandbox.clock.freeze()
    sandbox.clock.set(datetime.datetime(2030, 1, 1, 9, 0, 0, tzinfo=UTC8))
    return sandbox.clock


def query(
    http: Callable[..., requests.Response], current: int = 1, size: int = 100, **params: Any
) -> dict[str, Any]:
    window = {"strTime": "2030-01-01 00:00:00", "endTime": "2030-01-02 00:00:00"}
    body = {"current": current, "size": size, "params": window | params}
    answer = http("voice/group/call/query", body).json()
    assert answer["code"] == 0, answer
    data: dict[str, Any] = answer["data"]
    return data


def names(page: dict[str, Any]) -> list[str]:
    return [record["taskName"] for record in page["records"]]


def test_pages_hold_size_records_newest_first_with_total_and_pages(
    http: Callable[..., requests.Response],
    frozen: SandboxClock,
    task_body: Callable[..., dict[str, Any]],
) -> None:
    for index in range(5):
        http("voice/group/call/send", task_body(f"task-{index}"))
        frozen.advance(1)

    first, last, beyond = (query(http, current, size=2) for current in (1, 3, 4))

    assert (first["total"], first["pages"], first["size"], first["current"]) == (5, 3, 2, 1)
    assert names(first) == ["task-4", "task-3"]
    assert names(last) == ["task-0"]
    assert beyond["records"] == []


def test_the_window_on_creation_time_includes_both_ends(
    http: Callable[..., requests.Response],
    frozen: SandboxClock,
    task_body: Callable[..., dict[str, Any]],
) -> None:
    http("voice/group/call/send", task_body("at-nine"))
    frozen.advance(3600)
    http("voice/group/call/send", task_body("at-ten"))

    assert names(query(http, strTime="2030-01-01 09:00:00", endTime="2030-01-01 09:00:00")) == [
        "at-nine"
    ]
    assert names(query(http, strTime="2030-01-01 09:00:01", endTime="2030-01-01 10:00:00")) == [
        "at-ten"
    ]


def test_status_list_filters_by_the_computed_status(
    http: Callable[..., requests.Response],
    frozen: SandboxClock,
    task_body: Callable[..., dict[str, Any]],
) -> None:
    http("voice/group/call/send", task_body("later", sendTime="2030-01-01 12:00:00"))
    http("voice/group/call/send", task_body("now"))
    frozen.advance(60)

    assert names(query(http, statusList=[0])) == ["later"]
    assert names(query(http, statusList=[2])) == ["now"]
    assert sorted(names(query(http, statusList=[0, 2]))) == ["later", "now"]
    assert query(http, statusList=[1, 4])["total"] == 0
    assert query(http, statusList=[])["total"] == 2


def test_search_is_a_case_blind_substring_of_name_text_or_file(
    http: Callable[..., requests.Response],
    frozen: SandboxClock,
    task_body: Callable[..., dict[str, Any]],
) -> None:
    file_id = http("voice/fileUpload", {"fileName": "Welcome.mp3", "file": "SUQz"}).json()["data"]
    http("voice/group/call/send", task_body("Spring_Sale 50%"))
    http("voice/group/call/send", task_body("reminder", text="Your SALE ends today"))
    http("voice/group/call/send", task_body("audio", source=1, voiceFileId=file_id))

    assert sorted(names(query(http, searchCondition="sale"))) == ["Spring_Sale 50%", "reminder"]
    assert names(query(http, searchCondition="50%")) == ["Spring_Sale 50%"]
    assert names(query(http, searchCondition="_")) == ["Spring_Sale 50%"]
    assert names(query(http, searchCondition="welcome")) == ["audio"]
    assert query(http, searchCondition="")["total"] == 3
