"""Tasks move through their states by the sandbox clock: tests move the clock, never wait."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from broadcastctl.api import AlreadyExistsError, Client, InvalidRequestError
from broadcastctl.sandbox import Lifecycle, SandboxClock, SandboxServer

UTC8 = datetime.timezone(datetime.timedelta(hours=8))
START = datetime.datetime(2030, 1, 1, 9, 0, 0, tzinfo=UTC8)


def numbers(count: int) -> list[str]:
    return [f"8490{index:07d}" for index in range(count)]


@pytest.fixture
def frozen(sandbox: SandboxServer) -> SandboxClock:
    """The sandbox clock stopped at 2030-01-01 09:00:00 (+08:00)."""
    sandbox.clock.freeze()
    sandbox.clock.set(START)
    return sandbox.clock


def test_a_scheduled_task_waits_then_submits_then_calls_then_completes(
    client: Client, frozen: SandboxClock, task_body: Callable[..., dict[str, Any]]
) -> None:
    job_id = client.create_task(task_body(sendTime="2030-01-01 10:00:00", numberList=numbers(100)))

    def state() -> tuple[int, Any, Any, Any]:
        task = client.get_task(job_id)
        return task.status, task.fields["callTotal"], task.fields["success"], task.fields["fail"]

    assert state() == (0, 0, 0, 0)
    frozen.advance(3600)  # 10:00:00, its send time
    assert state() == (6, 0, 0, 0)
    frozen.advance(5 + 3.5)  # 5 s of submitting, then 3.5 s at 10 calls a second
    assert state() == (1, 35, 28, 7)
    assert client.get_task(job_id).fields["rate"] == "35"
    frozen.advance(60)
    task = client.get_task(job_id)
    assert (task.status, task.fields["rate"], task.fields["finishTime"]) == (
        2, "100", "2030-01-01 10:00:15",
    )  # fmt: skip


def test_the_list_shows_the_same_progress(
    client: Client, frozen: SandboxClock, task_body: Callable[..., dict[str, Any]]
) -> None:
    job_id = client.create_task(task_body(numberList=numbers(50)))
    frozen.advance(5 + 2)

    [summary] = client.list_tasks(created_from=START, created_to=START)

    assert (summary.job_id, summary.status, summary.call_num, summary.rate) == (job_id, 1, 20, "40")
    assert (summary.success, summary.fail) == (16, 4)
    assert summary.created_time == "2030-01-01 09:00:00"


def test_a_task_without_send_time_starts_submitting_at_once(
    client: Client, frozen: SandboxClock, task_body: Callable[..., dict[str, Any]]
) -> None:
    job_id = client.create_task(task_body())

    assert client.get_task(job_id).status == 6


def test_a_send_time_in_the_past_means_now(
    client: Client, frozen: SandboxClock, task_body: Callable[..., dict[str, Any]]
) -> None:
    job_id = client.create_task(task_body(sendTime="2029-12-31 23:00:00"))

    assert client.get_task(job_id).status == 6


def test_send_time_is_read_in_the_sandboxs_zone(
    client: Client, frozen: SandboxClock, task_body: Callable[..., dict[str, Any]]
) -> None:
    # 09:30 in UTC+8 is half an hour ahead of the frozen clock, not hours away.
    job_id = client.create_task(task_body(sendTime="2030-01-01 09:30:00"))
    frozen.advance(1799)
    assert client.get_task(job_id).status == 0
    frozen.advance(1)
    assert client.get_task(job_id).status == 6


def test_cancel_freezes_the_progress(
    client: Client, frozen: SandboxClock, task_body: Callable[..., dict[str, Any]]
) -> None:
    job_id = client.create_task(task_body(numberList=numbers(100)))
    frozen.advance(5 + 3)

    client.cancel_tasks([job_id])
    frozen.advance(3600)

    task = client.get_task(job_id)
    assert (task.status, task.fields["callTotal"]) == (4, 30)


@pytest.mark.parametrize(("seconds", "status"), [(0, 0), (3600, 6), (3610, 1)])
def test_waiting_submitting_and_calling_tasks_can_be_cancelled(
    client: Client,
    frozen: SandboxClock,
    task_body: Callable[..., dict[str, Any]],
    seconds: float,
    status: int,
) -> None:
    job_id = client.create_task(task_body(sendTime="2030-01-01 10:00:00", numberList=numbers(1000)))
    frozen.advance(seconds)
    assert client.get_task(job_id).status == status

    client.cancel_tasks([job_id])

    assert client.get_task(job_id).status == 4


@pytest.mark.parametrize("cancel_first", [True, False])
def test_finished_and_cancelled_tasks_cannot_be_cancelled(
    client: Client,
    frozen: SandboxClock,
    task_body: Callable[..., dict[str, Any]],
    cancel_first: bool,
) -> None:
    job_id = client.create_task(task_body())
    if cancel_first:
        client.cancel_tasks([job_id])
    else:
        frozen.advance(60)

    with pytest.raises(InvalidRequestError) as refused:
        client.cancel_tasks([job_id])

    assert refused.value.code == -21
    assert ("status 4" if cancel_first else "status 2") in refused.value.reason


def test_a_cancel_with_one_bad_id_cancels_nothing(
    client: Client, frozen: SandboxClock, task_body: Callable[..., dict[str, Any]]
) -> None:
    job_id = client.create_task(task_body())

    with pytest.raises(Exception, match="5999999"):
        client.cancel_tasks([job_id, 5_999_999])

    assert client.get_task(job_id).status == 6


def test_update_keeps_what_it_leaves_out_and_ignores_app_and_numbers(
    client: Client, frozen: SandboxClock, task_body: Callable[..., dict[str, Any]]
) -> None:
    job_id = client.create_task(
        task_body(sendTime="2030-01-01 10:00:00", displayNum="1008", numberList=numbers(3))
    )
    frozen.advance(60)

    client.update_task(job_id, {
        "taskName": "renamed", "source": 3, "text": "New", "lan": "VN",
        "appId": "other-app", "numberList": numbers(9), "loopCount": 3,
    })  # fmt: skip

    task = client.get_task(job_id)
    assert (task.task_name, task.fields["text"], task.fields["loopCount"]) == ("renamed", "New", 3)
    assert (task.fields["displayNum"], task.fields["maxCalls"]) == ("1008", 60)
    assert (task.fields["appId"], task.number_count) == ("app-1", 3)
    assert task.fields["mdfTime"] == "2030-01-01 09:01:00"
    assert task.fields["createdTime"] == "2030-01-01 09:00:00"


def test_update_can_move_the_send_time(
    client: Client, frozen: SandboxClock, task_body: Callable[..., dict[str, Any]]
) -> None:
    job_id = client.create_task(task_body(sendTime="2030-01-01 10:00:00"))

    client.update_task(job_id, task_body(sendTime="2030-01-02 10:00:00"))
    frozen.advance(3600)

    assert client.get_task(job_id).status == 0


def test_update_needs_the_vendors_required_fields(
    client: Client, frozen: SandboxClock, task_body: Callable[..., dict[str, Any]]
) -> None:
    job_id = client.create_task(task_body(sendTime="2030-01-01 10:00:00"))

    with pytest.raises(InvalidRequestError) as refused:
        client.update_task(job_id, {"text": "only this"})

    assert "taskName" in refused.value.reason


def test_update_cannot_take_another_tasks_name(
    client: Client, frozen: SandboxClock, task_body: Callable[..., dict[str, Any]]
) -> None:
    later = "2030-01-01 10:00:00"
    client.create_task(task_body("first", sendTime=later))
    second = client.create_task(task_body("second", sendTime=later))

    with pytest.raises(AlreadyExistsError):
        client.update_task(second, task_body("first"))


def test_update_of_an_unknown_task_is_not_found(
    client: Client, task_body: Callable[..., dict[str, Any]]
) -> None:
    with pytest.raises(Exception, match="vendor code -24"):
        client.update_task(5_999_999, task_body())


def test_lifecycle_pace_is_configurable() -> None:
    slow = Lifecycle(submit_seconds=0, calls_per_second=1, fail_every=2)

    progress = slow.progress(send_at=100, cancelled_at=None, count=10, now=104.9)

    assert (progress.status, progress.call_num, progress.success, progress.fail) == (1, 4, 2, 2)
    assert slow.progress(100, None, 10, 110).status == 2
