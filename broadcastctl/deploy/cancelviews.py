"""What `broadcastctl cancel` says: the tasks it will stop (status, numbers still to call), the
question, a line per result, the summary and the JSON document. Pure: strings and plain data."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from broadcastctl.output.words import plural
from broadcastctl.vendorfields import TASK_STATUSES

FORMAT_VERSION = "1"


class Result(enum.StrEnum):
    CANCELLED = "cancelled"  # cancelled now, with one cancel call
    RECORDED = "recorded"  # cancelled already (elsewhere): the state now says so
    FINISHED = "finished"  # completed or failed: nothing left to stop
    FAILED = "failed"

    @property
    def stopped(self) -> bool:
        """Whether the task is cancelled now, whoever cancelled it: the state records it."""
        return self in (Result.CANCELLED, Result.RECORDED)


@dataclass(frozen=True)
class Stop:
    """A task named on the command line, as read before anything is sent."""

    task_name: str
    job_id: int
    status: int
    to_call: int | None  # numbers still to call (None: unknown, the task is not in the window)

    @property
    def status_name(self) -> str:
        return TASK_STATUSES.get(self.status, f"status {self.status}")


@dataclass(frozen=True)
class Done:
    stop: Stop
    result: Result
    message: str = ""


def preview(stops: Sequence[Stop], stoppable: Sequence[Stop], target: str) -> str:
    """What will stop, and what will only be recorded or left as it is."""
    lines = [f"Target: {target}"]
    if stoppable:
        lines.append(f"Will cancel {plural(len(stoppable), 'task')}:")
        lines += [f"  {_task(stop)}: {_to_call(stop)}" for stop in stoppable]
    ended = [stop for stop in stops if stop not in stoppable]
    if ended:
        lines.append("Nothing to stop (already ended):")
        lines += [f"  {_task(stop)}" for stop in ended]
    return "\n".join(lines) + "\n"


def question(stoppable: Sequence[Stop], sandbox: bool) -> str:
    where = "the sandbox, which places no real calls" if sandbox else "the vendor"
    return (
        f"\nCancel {plural(len(stoppable), 'task')} at {where}? A cancelled task cannot be "
        "resumed. Only 'yes' is accepted: "
    )


def result_line(done: Done) -> str:
    """`cancelled  spring (task 5000001)` and, when there is one, why."""
    message = f": {done.message}" if done.message else ""
    return f"{done.result.value:<9}  {done.stop.task_name} (task {done.stop.job_id}){message}"


def summary(results: Sequence[Done]) -> str:
    tally = {result: sum(d.result is result for d in results) for result in Result}
    shown = ", ".join(f"{count} {result.value}" for result, count in tally.items() if count)
    return f"Cancel: {shown or 'nothing done'}."


def document(results: Sequence[Done], target: str) -> dict[str, Any]:
    """cancel --format json: one entry per task named, in the order given."""
    return {
        "format_version": FORMAT_VERSION,
        "target": target,
        "summary": {result.value: sum(d.result is result for d in results) for result in Result},
        "tasks": [
            {
                "name": done.stop.task_name,
                "id": done.stop.job_id,
                "status_before": done.stop.status_name,
                "numbers_to_call": done.stop.to_call,
                "result": done.result.value,
                "message": done.message,
            }
            for done in results
        ],
    }


def _task(stop: Stop) -> str:
    return f"{stop.task_name} (task {stop.job_id}, {stop.status_name})"


def _to_call(stop: Stop) -> str:
    if stop.to_call is None:
        return "numbers still to call unknown (older than the list window)"
    return f"{plural(stop.to_call, 'number')} still to call"
