"""How a task moves through its states, computed from the sandbox clock (no background work).

waiting (0) until its send time, submitting (6) for a few seconds, calling (1) at a fixed
number of calls a second while one of its calling windows is open (`windows`; in callee mode
each zone's numbers while theirs is, `timetable`), then completed (2); a cancel freezes it as
cancelled (4).
"""

from __future__ import annotations

from dataclasses import dataclass

from broadcastctl.errors import UsageError
from broadcastctl.sandbox.timetable import Schedule

# The vendor's status codes, in the sandbox's own words: the emulator shares no code with the
# client side (apifields.TASK_STATUSES), so that it can disagree with it when the client is wrong.
WAITING, CALLING, COMPLETED, SUBMIT_FAILED, CANCELLED, SUSPENDED, SUBMITTING = range(7)
STATUS_NAMES = {
    WAITING: "waiting for submission",
    CALLING: "calling",
    COMPLETED: "completed",
    SUBMIT_FAILED: "failed to submit",
    CANCELLED: "cancelled",
    SUSPENDED: "suspended",
    SUBMITTING: "submitting",
}


@dataclass(frozen=True)
class Progress:
    status: int
    call_num: int
    success: int
    fail: int
    count: int
    finished_at: float | None

    @property
    def rate(self) -> str:
        """Share of numbers dialled, in percent: "0", "37.5", "100"."""
        return _percent(self.call_num, self.count)

    @property
    def success_rate(self) -> str:
        return _percent(self.success, self.call_num)


@dataclass(frozen=True)
class Lifecycle:
    """The pace of the emulated calling; every `fail_every`-th call fails."""

    submit_seconds: float = 5.0
    calls_per_second: float = 10.0
    fail_every: int = 5

    def __post_init__(self) -> None:
        if self.calls_per_second <= 0 or self.submit_seconds < 0 or self.fail_every < 1:
            raise UsageError(
                "calls per second must be positive, submit seconds not negative, and "
                "fail_every at least 1"
            )

    def progress(
        self,
        send_at: float,
        cancelled_at: float | None,
        count: int,
        now: float,
        schedule: Schedule | None = None,
    ) -> Progress:
        """Where the task stands at `now`; `schedule`: its numbers' queues (by default one,
        calling at any hour)."""
        schedule = schedule or Schedule.whole(count)
        moment = now if cancelled_at is None else min(now, cancelled_at)
        calling_from = send_at + self.submit_seconds
        if moment < calling_from:  # no call placed yet: the queues need not be worked out
            status = self._status(moment, send_at, 0, count, cancelled=cancelled_at is not None)
            return Progress(status, 0, 0, 0, count, None)
        dialled, done = schedule.standing(calling_from, moment, self.calls_per_second)
        calls = sum(dialled)
        failed = sum(placed // self.fail_every for placed in dialled)  # a queue's every n-th
        status = self._status(moment, send_at, calls, count, cancelled=cancelled_at is not None)
        finished = done if status == COMPLETED else None
        return Progress(status, calls, calls - failed, failed, count, finished)

    def dialled(
        self, send_at: float, cancelled_at: float | None, now: float, schedule: Schedule
    ) -> tuple[int, ...]:
        """The calls placed by `now` (or the cancel), queue by queue."""
        moment = now if cancelled_at is None else min(now, cancelled_at)
        calling_from = send_at + self.submit_seconds
        return schedule.dialled(calling_from, moment, self.calls_per_second)

    def _status(
        self, moment: float, send_at: float, calls: int, count: int, cancelled: bool
    ) -> int:
        if cancelled:
            return CANCELLED
        if moment < send_at:
            return WAITING
        if moment < send_at + self.submit_seconds:
            return SUBMITTING
        return CALLING if calls < count else COMPLETED


def _percent(part: int, whole: int) -> str:
    if whole <= 0:
        return "0"
    return f"{100 * part / whole:.2f}".rstrip("0").rstrip(".")
