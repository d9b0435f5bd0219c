"""Deploying against the sandbox over real HTTP, with its faults: every task exactly once."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from broadcastctl.api import Client
from broadcastctl.deploy.deployer import Deployer, Interrupted, Outcome, RateLimiter, Result
from broadcastctl.plan.bodies import DesiredTask
from broadcastctl.plan.model import Kind, Plan
from broadcastctl.plan.planner import make_plan
from broadcastctl.plan.remote import read_remote
from broadcastctl.plan.window import Window
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
    sandbox.set_faults(Faults(fail_next=3, fail_status=429, fail_path=send, retry_after=0))
    desired = tasks(task_body, 3)
    outcomes = deploy(client, desired, workers=1)
    assert all(o.result is Result.CREATED for o in outcomes)
    assert remote_names(client) == [task.task_name for task in desired]
    assert client.calls[send] == 3 + 3


def test_a_vendor_capping_requests_at_once_gets_every_task_made_once(
    sandbox: SandboxServer, make_client: Callable[..., Client], task_body: Body
) -> None:
    """Ten creates at once against a cap of three (a reading of the vendor's unstated rate
    limit): the refused ones are retried within the client's shrinking bound, none is lost,
    none made twice."""
    client = make_client(max_attempts=8)
    desired = tasks(task_body, 30)
    sandbox.set_faults(Faults(max_in_flight=3, latency=0.02, retry_after=0))
    outcomes = deploy(client, desired, workers=10)
    assert sorted(o.result for o in outcomes) == [Result.CREATED] * 30
    sandbox.set_faults(Faults())
    assert remote_names(client) == [task.task_name for task in desired]
    assert client.calls["voice/group/call/send"] > 30  # the cap was met, and refused some


def test_a_create_throttled_for_good_fails_with_the_vendors_words_and_is_not_made(
    sandbox: SandboxServer, client: Client, task_body: Body
) -> None:
    send = "voice/group/call/send"
    sandbox.set_faults(Faults(fail_next=50, fail_status=429, fail_path=send, retry_after=0))
    [outcome] = deploy(client, tasks(task_body, 1))
    assert outcome.result is Result.FAILED
    assert "rate-limiting" in outcome.message
    assert client.calls[send] == 4  # the client's attempts, and no second retry loop on top
    sandbox.set_faults(Faults())
    assert remote_names(client) == []


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
    numbers = [str(12025550100 + i) for i in range(100)]  # 10 s of calling in the sandbox
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
    limiter = RateLimiter(4, clock=lambda: next(moments), sleep=slept.append)
    for _ in range(3):
        limiter.wait()
    assert slept == [0.25, 0.5]


def test_an_update_without_an_answer_is_sent_again_while_the_task_waits(
    sandbox: SandboxServer, client: Client, task_body: Body
) -> None:
    later = {"sendTime": "2030-01-01 09:00:00"}
    deploy(client, tasks(task_body, 1, **later))
    update = "voice/group/call/update"
    sandbox.set_faults(Faults(fail_next=1, fail_path=update, fail_status=503))
    [outcome] = deploy(client, tasks(task_body, 1, maxCalls=99, **later))
    assert outcome.result is Result.UPDATED
    assert client.calls[update] == 2
    assert client.get_task(outcome.job_id or 0).fields["maxCalls"] == 99


def test_an_update_without_an_answer_is_not_sent_again_once_the_task_runs(
    sandbox: SandboxServer, client: Client, task_body: Body
) -> None:
    numbers = {"numberList": [str(12025550100 + i) for i in range(100)]}
    deploy(client, tasks(task_body, 1, sendTime="2030-01-01 09:00:00", **numbers))
    plan, window = plan_for(
        client, tasks(task_body, 1, sendTime="2030-01-01 09:00:00", maxCalls=99, **numbers)
    )
    sandbox.set_faults(Faults(fail_next=1, fail_path="voice/group/call/update", fail_status=503))
    sandbox.clock.set(datetime.datetime(2030, 1, 1, 9, 0, 7, tzinfo=sandbox.timezone))  # calling
    deployer = Deployer(client, window, RateLimiter(0), pause=lambda attempt: None)
    desired = {
        task.task_name: task
        for task in tasks(task_body, 1, sendTime="2030-01-01 09:00:00", maxCalls=99, **numbers)
    }
    [outcome] = deployer.apply(plan, desired, 1, lambda o: None)
    assert outcome.result is Result.FAILED
    assert "no longer waiting (status 1)" in outcome.message
    assert client.calls["voice/group/call/update"] == 1


def test_a_create_accepted_without_an_id_is_never_sent_twice(
    tmp_path: Path, make_client: Callable[..., Client], task_body: Body
) -> None:
    with SandboxServer(
        tmp_path / "s.sqlite3", api_key="k-12345", api_secret="s-12345", create_returns_id=False
    ) as server:
        client = make_client(server)
        server.set_faults(Faults(fail_next=20, fail_path="voice/group/call/query", fail_status=503))
        deployer = Deployer(
            client, Window.last_days(30, client.now()), RateLimiter(0), pause=lambda a: None
        )
        desired = tasks(task_body, 1)
        [outcome] = deployer.apply(
            make_plan(desired, []), {d.task_name: d for d in desired}, 1, lambda o: None
        )
        assert outcome.result is Result.FAILED
        assert "do not create it again" in outcome.message
        assert client.calls["voice/group/call/send"] == 1


def test_a_field_removed_from_the_file_is_cleared_remotely(client: Client, task_body: Body) -> None:
    later = {"sendTime": "2030-01-01 09:00:00"}
    [created] = deploy(client, tasks(task_body, 1, displayNum="1008122211", **later))
    [outcome] = deploy(client, tasks(task_body, 1, **later))
    assert outcome.result is Result.UPDATED
    assert [(c.field, c.new) for c in outcome.action.changes] == [("displayNum", None)]
    assert client.get_task(created.job_id or 0).fields["displayNum"] in ("", None)
    plan, _ = plan_for(client, tasks(task_body, 1, **later))
    assert plan.actions[0].kind is Kind.NOOP


def test_what_the_api_does_not_show_is_sent_and_a_dropped_field_is_reset(
    sandbox: SandboxServer, client: Client, task_body: Body
) -> None:
    sms = {
        "sendTime": "2030-01-01 09:00:00", "hangUpSms": 1, "smsAppId": "sms-1",
        "smsContent": "Old words", "senderId": "Shop", "feedbackPush": 0, "successPush": 0,
        "failedPush": 1, "ringPush": 0, "maxRingingTime": 40,
        "allowSendTime": [{"strTime": "09:00", "endTime": "12:00"}],
    }  # fmt: skip
    [created] = deploy(client, tasks(task_body, 1, **sms))
    changed = {**sms, "smsContent": "New words"}
    del changed["senderId"], changed["maxRingingTime"], changed["allowSendTime"]
    desired = tasks(task_body, 1, **changed)
    plan, window = plan_for(client, desired)
    assert plan.actions[0].kind is Kind.NOOP  # the detail call shows none of it
    resent = make_plan(desired, read_remote(client, {"task-00"}, window, 1), resend={"task-00"})
    deployer = Deployer(client, window, RateLimiter(0), pause=lambda attempt: None)
    [outcome] = deployer.apply(resent, {"task-00": desired[0]}, 1, lambda o: None)
    assert outcome.result is Result.UPDATED
    stored = sandbox.stored_fields(created.job_id or 0)
    assert stored is not None
    assert stored["smsContent"] == "New words"
    assert stored["senderId"] == ""
    assert stored["maxRingingTime"] == 60
    assert stored.get("allowSendTime") in ([], None)


def test_ctrl_c_stops_starting_tasks_and_says_how_to_finish(
    client: Client, task_body: Body
) -> None:
    desired = tasks(task_body, 20)
    plan, window = plan_for(client, desired)
    deployer = Deployer(client, window, RateLimiter(0), pause=lambda attempt: None)

    def interrupt(outcome: Outcome) -> None:
        raise KeyboardInterrupt

    with pytest.raises(Interrupted, match="run it again to finish") as stopped:
        deployer.apply(plan, {d.task_name: d for d in desired}, 1, interrupt)
    assert stopped.value.exit_code == 130
    assert 1 <= len(remote_names(client)) < 20
    rerun = deploy(client, desired)
    assert len(remote_names(client)) == 20
    assert all(o.result is Result.CREATED for o in rerun)


def test_dropping_send_time_from_a_scheduled_task_starts_it_now(
    sandbox: SandboxServer, client: Client, task_body: Body
) -> None:
    [created] = deploy(client, tasks(task_body, 1, sendTime="2030-01-01 09:00:00"))
    [outcome] = deploy(client, tasks(task_body, 1))
    assert outcome.result is Result.UPDATED
    assert [(c.field, c.new) for c in outcome.action.changes] == [("sendTime", None)]
    assert client.get_task(created.job_id or 0).status != 0  # no longer waiting
    plan, _ = plan_for(client, tasks(task_body, 1))
    assert plan.actions[0].kind is Kind.NOOP


def test_ctrl_c_reports_every_task_that_was_sent(
    sandbox: SandboxServer, client: Client, task_body: Body
) -> None:
    desired = tasks(task_body, 12)
    plan, window = plan_for(client, desired)
    sandbox.set_faults(Faults(latency=0.05))  # several creates in flight at the Ctrl-C
    deployer = Deployer(client, window, RateLimiter(0), pause=lambda attempt: None)
    reported: list[Outcome] = []

    def interrupt_once(outcome: Outcome) -> None:
        reported.append(outcome)
        if len(reported) == 1:
            raise KeyboardInterrupt

    with pytest.raises(Interrupted) as stopped:
        deployer.apply(plan, {d.task_name: d for d in desired}, 4, interrupt_once)
    sandbox.set_faults(Faults())
    created = remote_names(client)
    assert sorted(o.action.task_name for o in reported) == created
    assert f"{len(created)} of 12 tasks finished ({len(created)} sent)" in str(stopped.value)
    assert f"{12 - len(created)} not started" in str(stopped.value)
    assert client.calls["voice/group/call/send"] == len(created)


def test_an_unreachable_api_stops_the_tasks_not_yet_started(
    sandbox: SandboxServer, client: Client, task_body: Body
) -> None:
    desired = tasks(task_body, 6)
    plan, window = plan_for(client, desired)
    sandbox.stop()
    outcomes = deploy_plan(client, plan, window, desired, workers=1)
    assert [o.result for o in outcomes] == [Result.FAILED] + [Result.SKIPPED] * 5
    assert "connection refused" in outcomes[0].message
    assert all("not sent: the API stopped answering" in o.message for o in outcomes[1:])
    assert client.calls["voice/group/call/send"] == 4  # one create's attempts, not 6 x 4


def test_a_dropped_create_whose_lookups_fail_is_unknown_and_a_rerun_settles_it(
    sandbox: SandboxServer, client: Client, task_body: Body
) -> None:
    desired = tasks(task_body, 1)
    plan, window = plan_for(client, desired)
    sandbox.set_faults(
        Faults(drop_next_creates=1, fail_path="voice/group/call/query", fail_next=100)
    )
    [outcome] = deploy_plan(client, plan, window, desired, workers=1)
    assert outcome.result is Result.UNKNOWN
    assert outcome.message.startswith("outcome unknown: create task 'task-00' may or may not")
    assert "HTTP 503" in outcome.message
    assert "deploy again to settle it" in outcome.message
    assert "nothing was sent" not in outcome.message
    sandbox.set_faults(Faults())
    assert deploy(client, desired) == []  # the rerun finds it, as the file says
    assert remote_names(client) == ["task-00"]
    assert client.calls["voice/group/call/send"] == 1


def test_a_vendor_answering_after_the_timeout_never_gets_a_second_create(
    sandbox: SandboxServer, make_client: Callable[..., Client], task_body: Body
) -> None:
    desired = tasks(task_body, 6)
    first = make_client(timeout=0.1, max_attempts=2)
    plan, window = plan_for(first, desired)
    sandbox.set_faults(Faults(late_answers=0.5))  # each create commits, then answers late
    outcomes = deploy_plan(first, plan, window, desired, workers=2)
    sent = [o for o in outcomes if o.result is not Result.SKIPPED]
    assert sent
    assert all(o.result is Result.UNKNOWN for o in sent)
    assert first.calls["voice/group/call/send"] == len(sent)
    sandbox.set_faults(Faults())
    second = make_client()
    rerun = deploy(second, desired)
    assert all(o.result is Result.CREATED for o in rerun)
    assert len(rerun) == 6 - len(sent)
    assert second.calls["voice/group/call/send"] == len(rerun)
    assert remote_names(second) == [task.task_name for task in desired]


def deploy_plan(
    client: Client, plan: Plan, window: Window, desired: Sequence[DesiredTask], workers: int
) -> list[Outcome]:
    deployer = Deployer(client, window, RateLimiter(0), pause=lambda attempt: None)
    return deployer.apply(plan, {d.task_name: d for d in desired}, workers, lambda o: None)


def test_a_create_answered_with_something_not_json_is_never_sent_twice(
    sandbox: SandboxServer, client: Client, task_body: Body
) -> None:
    """An HTTP 200 carrying a proxy's HTML page: the create may be behind it, unlisted yet."""
    desired = tasks(task_body, 1)
    plan, window = plan_for(client, desired)
    sandbox.set_faults(Faults(fail_next=10, fail_path="voice/group/call/send", fail_status=200))
    [outcome] = deploy_plan(client, plan, window, desired, workers=1)
    assert outcome.result is Result.UNKNOWN
    assert "not the vendor's JSON" in outcome.message
    assert "not sent again" in outcome.message
    assert client.calls["voice/group/call/send"] == 1
    assert client.calls["voice/group/call/query"] >= 1  # settled by the list call first
