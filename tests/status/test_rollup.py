"""A campaign in zone parts rolled up: its status, progress and next calling window."""

from __future__ import annotations

import pytest

from broadcastctl.api.records import TaskSummary
from broadcastctl.status.rollup import rolled_rate, rolled_status, soonest

WAITING, CALLING, COMPLETED, FAILED, CANCELLED, SUSPENDED, SUBMITTING = 0, 1, 2, 3, 4, 5, 6


@pytest.mark.parametrize(
    ("statuses", "rolled"),
    [
        ((COMPLETED, CALLING, WAITING), CALLING),  # calling while any part calls
        ((COMPLETED, WAITING), WAITING),  # else the least advanced
        ((SUBMITTING, COMPLETED), SUBMITTING),
        ((COMPLETED, COMPLETED), COMPLETED),  # completed once all completed
        ((COMPLETED, CANCELLED), CANCELLED),
        ((CANCELLED, FAILED), FAILED),
        ((SUSPENDED, COMPLETED), SUSPENDED),
        ((COMPLETED, 9), 9),  # a status the vendor's table does not name: unknown progress
    ],
)
def test_the_campaign_takes_the_least_advanced_status(
    statuses: tuple[int, ...], rolled: int
) -> None:
    assert rolled_status(statuses) == rolled


def task(numbers: int, rate: str) -> TaskSummary:
    return TaskSummary(
        job_id=1, task_name="t", status=CALLING, rate=rate, number_count=numbers, call_num=0,
        success=0, fail=0, created_time="",
    )  # fmt: skip


def test_the_rate_is_weighed_by_numbers() -> None:
    assert rolled_rate([task(3, "100"), task(1, "0")]) == "75"
    assert rolled_rate([task(2, "33.33"), task(1, "100")]) == "55.55"
    assert rolled_rate([task(0, "0")]) == "0"
    assert rolled_rate([task(3, "n/a"), task(1, "0")]) == "-"


def test_the_soonest_window_after_now() -> None:
    assert soonest(["09:00", "02:00"], 60) == "02:00"
    assert soonest(["09:00", "02:00"], 3 * 60) == "09:00"
    assert soonest(["00:30", "23:00"], 23 * 60 + 30) == "00:30"  # past midnight
    assert soonest([], 60) is None
