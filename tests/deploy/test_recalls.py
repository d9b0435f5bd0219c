"""Re-calls against the sandbox over real HTTP: planned from the parent's list row, sent once
through the resend call, and calling only the parent's failed numbers."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import pytest

from broadcastctl.api import ApiError, Client, NoCallableNumbersError
from broadcastctl.deploy.deployer import Deployer, Outcome, RateLimiter, Result
from broadcastctl.plan.bodies import DesiredTask, Recall
from broadcastctl.plan.model import Action, Kind
from broadcastctl.plan.planner import make_plan
from broadcastctl.plan.remote import read_remote
from broadcastctl.plan.window import Window
from broadcastctl.sandbox import Faults, SandboxServer
from broadcastctl.sandbox.clock import SandboxClock

Body = Callable[..., dict[str, Any]]
START = datetime.datetime(2030, 1, 1, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
NUMBERS = [f"849012{index:05}" for index in range(20)]
# The sandbox fails every 5th call: these are the parent's failed numbers.
FAILED = [number for index, number in enumerate(NUMBERS) if (index + 1) % 5 == 0]


@pytest.fixture
def frozen(sandbox: SandboxServer) -> SandboxClock:
    sandbox.clock.freeze()
    sandbox.clock.set(START)
    return sandbox.clock


def recall(task_body: Body, numbers: str = "failed", parent: str = "parent") -> DesiredTask:
    body = task_body("parent-again")
    del body["numberList"]
    return DesiredTask("again.yaml", body, recall=Recall(parent, 1 if numbers == "failed" else 0))


def plan_once(client: Client, desired: Sequence[DesiredTask]) -> tuple[list[Action], Window]:
    window = Window.last_days(30, client.now())
    names = {task.task_name for task in desired}
    plan = make_plan(desired, read_remote(client, names, window, workers=2))
    return [a for a in plan.actions if a.task_name in names], window


def deploy(client: Client, desired: Sequence[DesiredTask]) -> list[Outcome]:
    window = Window.last_days(30, client.now())
    names = {task.task_name for task in desired}
    plan = make_plan(desired, read_remote(client, names, window, workers=2))
    deployer = Deployer(client, window, RateLimiter(0), pause=lambda attempt: None)
    by_name = {task.task_name: task for task in desired}
    return deployer.apply(plan, by_name, 2, lambda outcome: None)


def finished_parent(client: Client, frozen: SandboxClock, task_body: Body) -> int:
    job_id = client.create_task(task_body("parent", numberList=NUMBERS))
    frozen.advance(60)
    assert client.get_task(job_id).status == 2
    return job_id


def tasks_named(client: Client) -> list[str]:
    window = Window.last_days(30, client.now())
    found = client.list_tasks(created_from=window.start, created_to=window.end)
    return sorted(task.task_name for task in found)


def test_a_recall_of_failed_numbers_plans_deploys_once_and_calls_only_those(
    client: Client, frozen: SandboxClock, task_body: Body
) -> None:
    parent_id = finished_parent(client, frozen, task_body)
    desired = [recall(task_body)]
    [action], _ = plan_once(client, desired)
    assert (action.kind, action.numbers, action.parent_job_id) == (Kind.CREATE, 4, parent_id)
    assert action.recall_of == "parent"

    [outcome] = deploy(client, desired)
    assert outcome.result is Result.CREATED
    assert client.calls["voice/group/call/resend"] == 1
    assert client.calls["voice/group/call/send"] == 1  # the parent's own create alone
    [again], _ = plan_once(client, desired)
    assert (again.kind, again.job_id) == (Kind.NOOP, outcome.job_id)
    assert deploy(client, desired) == []
    assert tasks_named(client) == ["parent", "parent-again"]

    frozen.advance(60)
    calls = client.call_records(START, START + datetime.timedelta(hours=1))
    # The records name no task: the parent called each number once, the re-call the rest.
    times = Counter(call.callee for call in calls)
    assert len(calls) == len(NUMBERS) + len(FAILED)
    assert sorted(number for number, count in times.items() if count == 2) == FAILED


def test_a_recall_of_everyone_calls_every_number_of_the_parent(
    client: Client, frozen: SandboxClock, task_body: Body
) -> None:
    finished_parent(client, frozen, task_body)
    desired = [recall(task_body, "everyone")]
    [action], _ = plan_once(client, desired)
    assert action.numbers == len(NUMBERS)
    [outcome] = deploy(client, desired)
    assert outcome.job_id is not None
    assert client.get_task(outcome.job_id).number_count == len(NUMBERS)


def test_a_dropped_answer_to_the_resend_leaves_exactly_one_task(
    sandbox: SandboxServer, client: Client, frozen: SandboxClock, task_body: Body
) -> None:
    finished_parent(client, frozen, task_body)
    sandbox.set_faults(Faults(drop_next_creates=1))
    [outcome] = deploy(client, [recall(task_body)])
    assert outcome.result is Result.CREATED
    assert "may or may not" in outcome.message
    assert client.calls["voice/group/call/resend"] == 1
    assert tasks_named(client) == ["parent", "parent-again"]


def test_a_parent_still_calling_blocks_the_recall_and_says_to_wait(
    client: Client, frozen: SandboxClock, task_body: Body
) -> None:
    client.create_task(task_body("parent", numberList=NUMBERS))
    [action], _ = plan_once(client, [recall(task_body)])
    assert action.kind is Kind.BLOCKED
    assert "only a finished task" in action.reason
    assert deploy(client, [recall(task_body)])[0].result is Result.BLOCKED
    assert tasks_named(client) == ["parent"]


def test_an_unknown_parent_blocks_the_recall(
    client: Client, frozen: SandboxClock, task_body: Body
) -> None:
    [action], _ = plan_once(client, [recall(task_body, parent="nowhere")])
    assert action.kind is Kind.BLOCKED
    assert "'nowhere'" in action.reason
    assert "no task" in action.reason


def test_the_sandbox_refuses_to_resend_a_task_not_completed(
    client: Client, frozen: SandboxClock, task_body: Body
) -> None:
    job_id = client.create_task(task_body("parent", numberList=NUMBERS))
    body = recall(task_body).body
    with pytest.raises(ApiError, match="completed"):
        client.resend_task(body, job_id, 1)
    with pytest.raises(ApiError, match="does not exist"):
        client.resend_task(body, job_id + 1, 1)
    with pytest.raises(ApiError, match="resendType"):
        client.resend_task(body, job_id, 2)
    assert tasks_named(client) == ["parent"]


# What the vendor's pages leave open about the resend call, answered each way by the sandbox.


def the_recall(client: Client) -> int:
    [job_id] = [
        task.job_id
        for task in client.list_tasks(
            created_from=Window.last_days(30, client.now()).start, created_to=client.now()
        )
        if task.task_name == "parent-again"
    ]
    return job_id


@pytest.mark.parametrize("answer", ["id", "null", "parent-id"])
def test_whatever_the_resend_answers_the_recall_is_made_once_and_known_by_its_own_id(
    sandbox: SandboxServer, client: Client, frozen: SandboxClock, task_body: Body, answer: str
) -> None:
    parent_id = finished_parent(client, frozen, task_body)
    sandbox.set_faults(Faults(resend_answer=answer))
    desired = recall(task_body)
    window = Window.last_days(30, client.now())
    plan = make_plan([desired], read_remote(client, {"parent-again"}, window, workers=2))
    deployer = Deployer(client, window, RateLimiter(0), pause=lambda attempt: None)
    queries = client.calls.get("voice/group/call/query", 0)
    [outcome] = deployer.apply(plan, {"parent-again": desired}, 2, lambda outcome: None)
    assert outcome.result is Result.CREATED
    # Without the new id in the answer, the task is found by its unique name in the list.
    looked_up = client.calls.get("voice/group/call/query", 0) > queries
    assert looked_up is (answer != "id")
    assert outcome.job_id == the_recall(client) != parent_id
    assert client.calls["voice/group/call/resend"] == 1
    [again], _ = plan_once(client, [recall(task_body)])
    assert (again.kind, again.job_id) == (Kind.NOOP, outcome.job_id)
    assert tasks_named(client) == ["parent", "parent-again"]


@pytest.mark.parametrize("takes", ["refuse", "accept"])
def test_a_parent_still_calling_is_never_resent_whether_or_not_the_vendor_would_take_it(
    sandbox: SandboxServer, client: Client, frozen: SandboxClock, task_body: Body, takes: str
) -> None:
    client.create_task(task_body("parent", numberList=NUMBERS))
    frozen.advance(6)  # submitted, and calling
    sandbox.set_faults(Faults(resend_unfinished=takes))
    [outcome] = deploy(client, [recall(task_body)])
    assert outcome.result is Result.BLOCKED
    assert "broadcastctl re-calls only a finished task" in outcome.message
    assert "voice/group/call/resend" not in client.calls
    assert tasks_named(client) == ["parent"]


def test_the_sandbox_that_takes_an_unfinished_parent_recalls_what_it_has_not_reached(
    sandbox: SandboxServer, client: Client, frozen: SandboxClock, task_body: Body
) -> None:
    job_id = client.create_task(task_body("parent", numberList=NUMBERS))
    frozen.advance(6)  # 5 s submitting, then 10 calls a second: 10 of 20 dialled
    sandbox.set_faults(Faults(resend_unfinished="accept"))
    new_id = client.resend_task(recall(task_body).body, job_id, 1)
    # 2 of the 10 dialled failed (every 5th), and the 10 not dialled yet are not reached.
    assert client.get_task(new_id).number_count == 12


def cancelled_parent(client: Client, frozen: SandboxClock, task_body: Body) -> int:
    job_id = client.create_task(task_body("parent", numberList=NUMBERS))
    frozen.advance(6)  # 10 of the 20 numbers dialled
    client.cancel_tasks([job_id])
    frozen.advance(60)
    assert client.get_task(job_id).status == 4
    return job_id


def test_a_cancelled_parent_is_planned_with_its_whole_count_and_said_to_be_unsure(
    client: Client, frozen: SandboxClock, task_body: Body
) -> None:
    parent_id = cancelled_parent(client, frozen, task_body)
    [action], _ = plan_once(client, [recall(task_body)])
    assert (action.kind, action.numbers, action.parent_job_id) == (Kind.CREATE, 20, parent_id)
    assert "was cancelled" in action.reason
    assert "upper bound" in action.reason


def test_a_cancelled_parent_the_vendor_takes_is_recalled_once(
    sandbox: SandboxServer, client: Client, frozen: SandboxClock, task_body: Body
) -> None:
    cancelled_parent(client, frozen, task_body)
    sandbox.set_faults(Faults(resend_cancelled="accept"))
    [outcome] = deploy(client, [recall(task_body)])
    assert outcome.result is Result.CREATED
    assert outcome.job_id == the_recall(client)
    assert client.get_task(outcome.job_id).number_count == 12  # within the 20 planned
    assert deploy(client, [recall(task_body)]) == []
    assert client.calls["voice/group/call/resend"] == 1


def test_a_cancelled_parent_the_vendor_refuses_fails_once_and_says_the_way_forward(
    client: Client, frozen: SandboxClock, task_body: Body
) -> None:
    cancelled_parent(client, frozen, task_body)
    [outcome] = deploy(client, [recall(task_body)])
    assert outcome.result is Result.FAILED
    assert outcome.message.startswith("the vendor refused to re-call 'parent' (task ")
    assert "cancelled" in outcome.message
    assert "Nothing was created" in outcome.message
    assert "`broadcastctl results parent`" in outcome.message
    assert client.calls["voice/group/call/resend"] == 1  # a refusal is not sent again
    assert tasks_named(client) == ["parent"]


@pytest.mark.parametrize("takes", ["accept", "refuse"])
def test_a_recall_edited_while_it_waits_is_updated_or_the_refusal_says_the_way_out(
    sandbox: SandboxServer, client: Client, frozen: SandboxClock, task_body: Body, takes: str
) -> None:
    finished_parent(client, frozen, task_body)
    first = recall(task_body)
    waiting = DesiredTask(
        first.file, {**first.body, "sendTime": "2030-01-01 12:00:00"}, recall=first.recall
    )  # it waits, so its message can still change
    [made] = deploy(client, [waiting])
    assert made.job_id is not None
    edited = DesiredTask(waiting.file, {**waiting.body, "text": "Bye"}, recall=waiting.recall)
    sandbox.set_faults(Faults(resend_update=takes))
    [outcome] = deploy(client, [edited])
    assert outcome.action.kind is Kind.UPDATE
    assert [change.field for change in outcome.action.changes] == ["text"]
    stored = sandbox.stored_fields(made.job_id)
    assert stored is not None
    if takes == "accept":
        assert outcome.result is Result.UPDATED
        assert stored["text"] == "Bye"
        [again], _ = plan_once(client, [edited])
        assert again.kind is Kind.NOOP
    else:
        assert outcome.result is Result.FAILED
        assert outcome.message.startswith("the vendor refused to update the re-call")
        assert "Nothing was changed" in outcome.message
        assert "new taskName" in outcome.message
        assert stored["text"] == waiting.body["text"]
    assert tasks_named(client) == ["parent", "parent-again"]


def test_a_parent_with_no_failed_number_leaves_nothing_to_call_again_and_sends_nothing(
    client: Client, frozen: SandboxClock, task_body: Body
) -> None:
    # Four numbers: the sandbox fails every 5th call, so none of these.
    parent = client.create_task(task_body("parent", numberList=NUMBERS[:4]))
    frozen.advance(60)
    assert (client.get_task(parent).status, client.get_task(parent).fields["fail"]) == (2, 0)
    [action], _ = plan_once(client, [recall(task_body)])
    assert (action.kind, action.numbers, action.parent_job_id) == (Kind.NOOP, 0, parent)
    assert action.reason.startswith("nothing to call again")
    assert deploy(client, [recall(task_body)]) == []
    assert client.calls.get("voice/group/call/resend", 0) == 0
    assert tasks_named(client) == ["parent"]
    # What the plan spares: the sandbox, as the vendor's resend page says, refuses it.
    body = {key: value for key, value in task_body("parent-again").items() if key != "numberList"}
    with pytest.raises(NoCallableNumbersError, match="left no number to call"):
        client.resend_task(body, parent, 1)
