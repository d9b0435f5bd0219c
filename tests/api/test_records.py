from typing import Any

import pytest

from broadcastctl.api.envelope import ShapeError
from broadcastctl.api.records import Page, created_id, page_records, task_summary


@pytest.mark.parametrize(
    ("data", "job_id"),
    [
        (5000001, 5000001),
        ("5000001", 5000001),
        ({"jobId": 7}, 7),
        ({"keyId": "8"}, 8),
        ({"taskId": 9}, 9),
        (None, None),
        (True, None),
        ("--5", None),
        ({"name": "x"}, None),
    ],
)
def test_a_create_answer_may_carry_the_id_in_several_shapes(data: object, job_id: int) -> None:
    assert created_id(data) == job_id


def test_a_list_row_may_name_its_id_task_id_and_spell_integers_as_strings() -> None:
    row = {"taskId": "5000602", "taskName": "t", "status": "1", "rate": 12.5, "numCnt": 3}

    task = task_summary(row)

    assert (task.job_id, task.status, task.rate, task.number_count) == (5000602, 1, "12.5", 3)
    assert (task.call_num, task.success, task.fail, task.created_time) == (0, 0, 0, "")


@pytest.mark.parametrize(
    "row",
    [
        {"taskName": "t", "status": 0, "numCnt": 1},
        {"jobId": 1, "taskName": None, "status": 0, "numCnt": 1},
        {"jobId": 1, "taskName": "t", "status": "calling", "numCnt": 1},
    ],
)
def test_a_list_row_without_what_it_must_have_is_a_shape_error(row: dict[str, Any]) -> None:
    with pytest.raises(ShapeError):
        task_summary(row)


def test_a_page_gives_its_records_and_number_of_pages() -> None:
    assert page_records({"records": [{"a": 1}], "pages": 3, "total": 250}) == Page(
        [{"a": 1}], 3, 250
    )
    assert page_records({"total": 0}) == Page([], 0, 0)
    assert page_records({"pages": 1}) == Page([], 1, None)
    with pytest.raises(ShapeError):
        page_records({"records": "none"})
