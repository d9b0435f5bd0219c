"""The status views of a campaign in zone parts, on a hand-built board: exact output."""

from __future__ import annotations

import json

from broadcastctl.api.records import TaskSummary
from broadcastctl.output.style import Style
from broadcastctl.status.board import Board, Wanted, make_board
from broadcastctl.status.views import status_json, status_markdown, status_text

NAME = "2027-01 renewal reminder US"
EAST, WEST = f"{NAME} UTC-05:00", f"{NAME} UTC-10:00"


def task(job_id: int, name: str, status: int, numbers: int, placed: int, rate: str) -> TaskSummary:
    return TaskSummary(
        job_id=job_id, task_name=name, status=status, rate=rate, number_count=numbers,
        call_num=placed, success=placed, fail=0, created_time="",
    )  # fmt: skip


def board() -> Board:
    parts = (
        Wanted(EAST, None, (("22:00", "06:00"),), label="UTC-05:00"),
        Wanted(WEST, None, (("03:00", "11:00"),), label="UTC-10:00"),
    )
    return make_board(
        [Wanted(NAME, "campaigns/renewal.yaml", parts=parts, in_parts=True)],
        [],
        [task(5000001, EAST, 2, 3, 3, "100"), task(5000002, WEST, 1, 2, 0, "0")],
        show_all=False,
        target="the sandbox",
        time="2027-01-18 01:00:00+08:00",
        recorded_ids={EAST: 5000001, WEST: 5000002},
        minute=60,
    )


def test_text_shows_the_campaign_summed_and_its_parts_beneath() -> None:
    assert status_text(board(), Style(False)) == (
        "Status of the sandbox at 2027-01-18 01:00:00+08:00:\n"
        "TASK                              ID  STATUS     NUMBERS  PLACED  ANSWERED  FAILED  PROGRESS\n"  # noqa: E501
        "2027-01 renewal reminder US        -  calling          5       3         3       0       60%"  # noqa: E501
        "  (2 zone parts; outside its calling windows: the next opens at 03:00 vendor time)\n"
        "  UTC-05:00                  5000001  completed        3       3         3       0      100%\n"  # noqa: E501
        "  UTC-10:00                  5000002  calling          2       0         0       0        0%"  # noqa: E501
        "  (outside its calling windows: the next opens at 03:00 vendor time)\n"
        "2 tasks: 1 calling, 1 completed. 3 calls placed, 3 answered.\n"
    )


def test_markdown_gives_the_parts_as_rows_beneath() -> None:
    lines = status_markdown(board()).splitlines()
    assert lines[6:9] == [
        f"| `{NAME}` (2 zone parts; outside its calling windows: the next opens at 03:00 vendor "
        "time) | \\- | calling | 5 | 3 | 3 | 0 | 60% |",
        "| ↳ `UTC-05:00` | 5000001 | completed | 3 | 3 | 3 | 0 | 100% |",
        "| ↳ `UTC-10:00` (outside its calling windows: the next opens at 03:00 vendor time) "
        "| 5000002 | calling | 2 | 0 | 0 | 0 | 0% |",
    ]


def test_json_nests_the_parts() -> None:
    (campaign,) = json.loads(status_json(board()))["tasks"]
    assert campaign["job_id"] is None
    assert (campaign["status"], campaign["rate"], campaign["finished"]) == (1, "60", False)
    assert campaign["parts"][0] == {
        "label": "UTC-05:00", "task_name": EAST, "job_id": 5000001, "status": 2,
        "status_name": "completed", "numbers": 3, "placed": 3, "answered": 3, "failed": 0,
        "rate": "100", "finished": True, "window_opens": None,
    }  # fmt: skip


def test_a_campaign_in_parts_with_none_recorded_is_not_deployed() -> None:
    empty = make_board(
        [Wanted(NAME, None, in_parts=True)],
        [],
        [task(5000009, NAME, 1, 1, 0, "0")],  # a task of its bare name is none of its parts
        show_all=False,
        target="t",
        time="x",
        recorded_ids={NAME: 5000009},
    )
    assert empty.rows[0].status_name == "not deployed"
    assert empty.rows[0].job_id is None
