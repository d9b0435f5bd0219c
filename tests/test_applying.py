"""Deploying against the sandbox over real HTTP, with its faults: every task exactly once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest

from broadcastctl.api import Client
from broadcastctl.applying import Deployer, Outcome, RateLimiter, Result
from broadcastctl.payload import DesiredTask
from broadcastctl.planning import Kind, Plan, make_plan
from broadcastctl.remote import Window, read_remote
from broadcastctl.sandbox import Faults, SandboxServer

Body = Callable[..., dict[str, Any]]


def tasks(task_body: Body, count: int, **fields: Any) -> list[DesiredTask]:
    return [DesiredTask(f"c{i}.yaml", task_body(f"task-{i:02}", **fields)) for i in range(count)]


def plan_for(client: Client, desired: Sequence[DesiredTask]) -> tuple[Plan, Window]:
    window = Window.last_days(30, client.now())
    names = {task.task_name for task in desired}
    return make_plan(desired, read_remote(client, names, window, workers=4)), window


def deploy(client: Client, desired: Sequence[DesiredTask], workers: int = 4) -> list[Outcome]:
    plan, window = plan_for(client, desired)
    deployer = Deployer(client, window, RateLimiter(0), pause=lambda attempt: None)
    by_name = {task.task_name: task for task in desired}
    return deployer.apply(plan, by_name, workers, lambda outcome: None)


def remote_names(client: Client) -> list[str]:
    window = Window.last_days(30, client.now())
    return sorted(
        task.task_name
        for task in client.list_tasks(created_from=window.start, created_to=window.end)
    )


def test_a_plain_deploy_creates_each_task_and_a_second_plan_is_empty(
    client: Client, task_body: Body
) -> None:
    desired = tasks(task_body, 12)
    outcomes = deploy(client, desired)
    assert sorted(o.result for o in outcomes) == [Result.CREATED] * 12
    assert remote_names(client) == [task.task_name for task in desired]
    plan, _ = plan_for(client, desired)
    assert {action.kind for action in plan.actions} == {Kind.NOOP}


def test_connections_dropped_after_committed_creates_leave_no_duplicate(
    sandbox: SandboxServer, client: Client, task_body: Body
) -> None:
    sandbox.set_faults(Faults(drop_next_creates=4))
    desired = tasks(task_body, 6)
    outcomes = deploy(client, desired, workers=2)
    assert all(o.result is Result.CREATED for o in outcomes)
    settled = [o for o in outcomes if "may or may not" in o.message]
    assert len(settled) == 4  # each looked up, found, and judged equal to its file
    assert remote_names(client) == [task.task_name for task in desired]


def test_a_burst_of_5xx_on_creates_is_looked_up_then_retried(
    sandbox: SandboxServer, client: Client, task_body: Body
) -> None:
    sandbox.set_faults(Faults(fail_next=4, fail_path="voice/group/call/send", fail_status=503))
    desired = tasks(task_body, 3)
    outcomes = deploy(client, desired, workers=1)
    assert all(o.result is Result.CREATED for o in outcomes)
    assert remote_names(client) == [task.task_name for task in desired]
    assert client.calls["voice/group/call/send"] == 3 + 4


def test_throttled_creates_are_retried_and_made_once(
    sandbox: SandboxServer, client: Client, task_body: Body
) -> None:
    send = "voice/group/call/send"
    sandbox.set_faults(Faults(fail_next=6, fail_status=429, fail_path=send, retry_after=0))
    desired = tasks(task_body, 3)
    outcomes = deploy(client, desired, workers=1)
    assert all(o.result is Result.CREATED for o in outcomes)
    assert remote_names(client) == [task.task_name for task in desired]
    assert client.calls[send] == 3 + 6


def test_already_exists_with_the_same_content_counts_as_created(
    client: Client, task_body: Body
) -> None:
    desired = tasks(task_body, 1)
    plan, window = plan_for(client, desired)  # planned before the task appeared
    client.create_task(desired[0].body)
    deployer = Deployer(client, window, RateLimiter(0), pause=lambda attempt: None)
    [outcome] = deployer.apply(plan, {desired[0].task_name: desired[0]}, 1, lambda o: None)
    assert outcome.result is Result.CREATED
    assert "as the file says" in outcome.message
    assert remote_names(client) == ["task-00"]


def test_already_exists_with_other_content_is_a_conflict_left_untouched(
    client: Client, task_body: Body
) -> None:
    desired = tasks(task_body, 1)
    plan, window = plan_for(client, desired)
    job_id = client.create_task(task_body("task-00", text="Someone else's message"))
    deployer = Deployer(client, window, RateLimiter(0), pause=lambda attempt: None)
    [outcome] = deployer.apply(plan, {desired[0].task_name: desired[0]}, 1, lambda o: None)
    assert outcome.result is Result.CONFLICT
    assert "text" in outcome.message
    assert client.get_task(job_id).fields["text"] == "Someone else's message"


def test_a_waiting_task_is_updated_in_place(client: Client, task_body: Body) -> None:
    later = {"sendTime": "2030-01-01 09:00:00"}
    deploy(client, tasks(task_body, 1, **later))
    changed = tasks(task_body, 1, maxCalls=120, **later)
    [outcome] = deploy(client, changed)
    assert outcome.result is Result.UPDATED
    assert client.get_task(outcome.job_id or 0).fields["maxCalls"] == 120


def test_a_blocked_change_is_never_sent(
    sandbox: SandboxServer, client: Client, task_body: Body
) -> None:
    numbers = [str(447700900000 + i) for i in range(100)]  # 10 s of calling in the sandbox
    deploy(client, tasks(task_body, 1, numberList=numbers))
    sandbox.clock.advance(7)  # submitted after 5 s, then calling
    [outcome] = deploy(client, tasks(task_body, 1, numberList=numbers, text="A new message"))
    assert outcome.result is Result.BLOCKED
    assert "calling" in outcome.message
    assert "voice/group/call/update" not in client.calls
    [task] = client.list_tasks(
        created_from=Window.last_days(30, client.now()).start,
        created_to=Window.last_days(30, client.now()).end,
    )
    assert client.get_task(task.job_id).fields["text"] == "Hello from the sandbox"


def test_one_failed_task_does_not_stop_the_others(
    sandbox: SandboxServer, client: Client, task_body: Body
) -> None:
    desired = tasks(task_body, 4)
    desired[1] = DesiredTask("c1.yaml", task_body("task-01", loopCount=0))  # the vendor refuses
    outcomes = deploy(client, desired, workers=1)
    results = {o.action.task_name: o.result for o in outcomes}
    assert results == {
        "task-00": Result.CREATED,
        "task-01": Result.FAILED,
        "task-02": Result.CREATED,
        "task-03": Result.CREATED,
    }
    failed = next(o for o in outcomes if o.result is Result.FAILED)
    assert "loopCount" in failed.message


def test_the_rate_limiter_spaces_calls_by_its_clock() -> None:
    moments = iter([0.0, 0.0, 0.0])
    slept: list[float] = []
    limiter = RateLimiter(4, clock=lambda: next(moments))
    pytest.MonkeyPatch().setattr("broadcastctl.applying.time.sleep", slept.append)
    for _ in range(3):
        limiter.wait()
    assert slept == [0.25, 0.5]


def test_a_field_removed_from_the_file_is_cleared_remotely(client: Client, task_body: Body) -> None:
    later = {"sendTime": "2030-01-01 09:00:00"}
    [created] = deploy(client, tasks(task_body, 1, displayNum="1008122211", **later))
    [outcome] = deploy(client, tasks(task_body, 1, **later))
    assert outcome.result is Result.UPDATED
    assert [(c.field, c.new) for c in outcome.action.changes] == [("displayNum", None)]
    assert client.get_task(created.job_id or 0).fields["displayNum"] in ("", None)
    plan, _ = plan_for(client, tasks(task_body, 1, **later))
    assert plan.actions[0].kind is Kind.NOOP
