"""`deploy --prune`: cancel the orphaned tasks that still call, each with one cancel.

A cancel whose answer was lost is not simply sent again: the task is read first, and the
cancel repeated only while the task still shows it would call."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from broadcastctl.api import AmbiguousWriteError, ApiError, Client
from broadcastctl.deploy.deployer import Outcome, RateLimiter, Result
from broadcastctl.plan.model import Action, Kind, Plan

WAITING, CALLING, CANCELLED, SUBMITTING = 0, 1, 4, 6
PRUNABLE = frozenset({WAITING, CALLING, SUBMITTING})  # waiting, or calling (or about to)


def prunable(plan: Plan) -> list[Action]:
    return [a for a in plan.of_kind(Kind.ORPHANED) if a.status in PRUNABLE]


def prune(
    client: Client,
    actions: Sequence[Action],
    limiter: RateLimiter,
    on_outcome: Callable[[Outcome], None],
) -> list[Outcome]:
    outcomes = []
    for action in actions:
        outcomes.append(_cancel(client, action, limiter))
        on_outcome(outcomes[-1])
    return outcomes


def _cancel(client: Client, action: Action, limiter: RateLimiter) -> Outcome:
    assert action.job_id is not None
    try:
        limiter.wait()
        try:
            client.cancel_tasks([action.job_id])
        except AmbiguousWriteError:
            limiter.wait()
            status = client.get_task(action.job_id).status
            if status == CANCELLED:
                return _gone(action)
            if status not in PRUNABLE:
                return Outcome(
                    action=action,
                    result=Result.FAILED,
                    job_id=action.job_id,
                    message="the cancel may not have arrived, and the task is now in status "
                    f"{status}",
                )
            limiter.wait()
            client.cancel_tasks([action.job_id])
    except ApiError as error:
        return Outcome(
            action=action, result=Result.FAILED, job_id=action.job_id, message=str(error)
        )
    return _gone(action)


def _gone(action: Action) -> Outcome:
    return Outcome(
        action=action, result=Result.CANCELLED, job_id=action.job_id, message="its file is gone"
    )
