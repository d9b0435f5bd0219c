"""Reading the remote tasks over real HTTP to the sandbox: list pages read a few at a time give
the tasks a serial read gives, and a task that can no longer change is not read in detail again
when the state's snapshot holds its detail, with the same plan."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from broadcastctl.api import Client
from broadcastctl.api.client import DETAIL
from broadcastctl.plan.bodies import DesiredTask
from broadcastctl.plan.model import Kind
from broadcastctl.plan.planner import make_plan
from broadcastctl.plan.remote import read_remote, settled_tasks
from broadcastctl.plan.window import Window
from broadcastctl.state.snapshot import RemoteTask, Snapshot

TARGET = "sandbox"
SCHEDULED = "2099-01-01 10:00:00"  # far ahead: the task waits


def window(client: Client) -> Window:
    return Window.last_days(1, client.now())


def snapshot_of(tasks: list[RemoteTask], target: str = TARGET) -> Snapshot:
    return Snapshot(target, "2026-01-01T00:00:00+00:00", None, tuple(tasks))


def details_read(client: Client, read: Callable[[], object]) -> int:
    before = client.calls.get(DETAIL, 0)
    read()
    return client.calls.get(DETAIL, 0) - before


def test_pages_read_together_give_the_tasks_a_serial_read_gives(
    client: Client, task_body: Callable[..., dict[str, Any]]
) -> None:
    with ThreadPoolExecutor(4) as pool:
        made = list(pool.map(lambda i: client.create_task(task_body(f"t{i:03}")), range(340)))
    span = window(client)
    serial = client.list_tasks(created_from=span.start, created_to=span.end)
    together = client.list_tasks(created_from=span.start, created_to=span.end, workers=3)
    assert together == serial
    assert sorted(task.job_id for task in together) == sorted(made)
    names = {f"t{i:03}" for i in range(0, 340, 7)}
    one = read_remote(client, names, span, workers=1)
    many = read_remote(client, names, span, workers=4)
    assert many == one
    assert sum(1 for task in many if task.fields) == len(names)


def test_a_final_task_the_snapshot_holds_gets_no_detail_call_and_the_same_plan(
    client: Client, task_body: Callable[..., dict[str, Any]]
) -> None:
    done = client.create_task(task_body("done", sendTime=SCHEDULED))
    client.create_task(task_body("waiting", sendTime=SCHEDULED))
    client.cancel_tasks([done])
    span, names = window(client), {"done", "waiting"}
    first = read_remote(client, names, span, workers=2)
    settled = settled_tasks(snapshot_of(first), TARGET)
    assert list(settled) == [done]

    again: list[RemoteTask] = []
    assert (
        details_read(client, lambda: again.extend(read_remote(client, names, span, 2, settled)))
        == 1
    )
    by_name = {task.task_name: task for task in again}
    assert by_name["done"].detail_not_read
    assert not by_name["waiting"].detail_not_read
    assert by_name["done"].fields == {t.job_id: t for t in first}[done].fields
    # Not among the names read in detail: its list row only, as without a snapshot.
    [row] = [t for t in read_remote(client, {"waiting"}, span, 2, settled) if t.job_id == done]
    assert not row.fields
    assert not row.detail_not_read

    # The file changed since: the cancelled task stays blocked, for the same reason.
    desired = [
        DesiredTask("done.yaml", task_body("done", sendTime=SCHEDULED, text="Changed")),
        DesiredTask("waiting.yaml", task_body("waiting", sendTime=SCHEDULED)),
    ]
    read_now = make_plan(desired, first).actions
    assert make_plan(desired, again).actions == read_now
    assert [a.kind for a in read_now if a.task_name == "done"] == [Kind.BLOCKED]


def test_a_final_task_is_read_when_no_snapshot_of_this_target_holds_its_detail(
    client: Client, task_body: Callable[..., dict[str, Any]]
) -> None:
    done = client.create_task(task_body("done", sendTime=SCHEDULED))
    client.cancel_tasks([done])
    span = window(client)
    listed = read_remote(client, set(), span, workers=2)  # list rows only, no detail
    detailed = read_remote(client, {"done"}, span, workers=2)
    for settled in (
        settled_tasks(snapshot_of(listed), TARGET),
        settled_tasks(snapshot_of(detailed, "https://vendor.example"), TARGET),
        settled_tasks(None, TARGET),
    ):
        before = client.calls[DETAIL]
        read_remote(client, {"done"}, span, 2, settled)
        assert client.calls[DETAIL] == before + 1


def test_a_task_that_still_waits_is_read_though_the_snapshot_holds_it(
    client: Client, task_body: Callable[..., dict[str, Any]]
) -> None:
    client.create_task(task_body("waiting", sendTime=SCHEDULED))
    span = window(client)
    first = read_remote(client, {"waiting"}, span, workers=2)
    settled = settled_tasks(snapshot_of(first), TARGET)
    assert settled == {}
    assert details_read(client, lambda: read_remote(client, {"waiting"}, span, 2, settled)) == 1
