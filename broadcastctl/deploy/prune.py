"""Cancelling tasks exactly once: `deploy --prune` for the orphans that still call, and
`broadcastctl cancel` for the tasks it names.

A cancel whose answer was lost is not simply sent again: the task is read first, and the
cancel repeated only while the task still shows it would call."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from broadcastctl.api import AmbiguousWriteError, ApiError, Client
from broadcastctl.deploy.deployer import Outcome, RateLimiter, Result
from broadcastctl.plan.model import Action, Kind, Plan

WAITING, CALLING, CANCELLED, SUSPENDED, SUBMITTING = 0, 1, 4, 5, 6
PRUNABLE = frozenset({WAITING, CALLING, SUBMITTING})  # waiting, or calling (or about to)
STOPPABLE = PRUNABLE | {SUSPENDED}  # what `broadcastctl cancel` stops: all but the ended


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


def cancel_once(client: Client, job_id: int, wait: Callable[[], None]) -> str | None:
    """Cancel task `job_id` with one cancel call; None once it is cancelled, else why not. When
    the answer is lost, the task is read, and the cancel sent again only if it would still call."""
    try:
        wait()
        try:
            client.cancel_tasks([job_id])
        except AmbiguousWriteError:
            wait()
            status = client.get_task(job_id).status
            if status == CANCELLED:
                return None
            if status not in STOPPABLE:
                return f"the cancel may not have arrived, and the task is now in status {status}"
            wait()
            client.cancel_tasks([job_id])
    except ApiError as error:
        return str(error)
    return None


def _cancel(client: Client, action: Action, limiter: RateLimiter) -> Outcome:
    assert action.job_id is not None
    failed = cancel_once(client, action.job_id, limiter.wait)
    if failed is not None:
        return Outcome(action=action, result=Result.FAILED, job_id=action.job_id, message=failed)
    return Outcome(
        action=action, result=Result.CANCELLED, job_id=action.job_id, message=_why(action)
    )


def _why(action: Action) -> str:
    """What became of the orphan's campaign: its file deleted, or now naming another task."""
    if action.file is not None and os.path.isfile(action.file):
        return f"its file {action.file} names another task now"
    return "its file is gone"
