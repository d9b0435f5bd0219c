"""The call records the sandbox shows (`voice/recordGroupQuery`): made up from each task's
numbers and the sandbox clock, the same every time, and consistent with the list call's counts.

Call `i` of a task (0-based) dials its `i`-th number once `k / calls_per_second` seconds of its
calling windows have passed since `calling_from`, where `k` is the number's place in its queue
(`timetable`: in vendor mode the task is one queue, so `k` = `i`; in callee mode each set of
time zones is one); every `fail_every`-th call of a queue fails, exactly as
`lifecycle.Progress` counts them. Where the vendor's pages leave the record open, `records` and
`termination` choose the answer:
- records "plain": the fields of the vendor's table, which name no task; "task-id": each record
  also carries `taskId` (as the vendor's batch push does);
- termination "sip": terminationCode is a SIP code, "200" = connected (itniotech.com);
  "zero": "0" = success, anything else a failure (www.itniotech.cn's batch page).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from broadcastctl.sandbox.timetable import Schedule

RECORD_MODES = ("plain", "task-id")
TERMINATION_MODES = ("sip", "zero")
BILLING_SECONDS = 20  # billPeriod "20+20"
RING_SECONDS = 3
# Why a failed call failed, in turn: (SIP code, reason, whether it rang first).
FAILURES = (("486", "busy", False), ("480", "no answer", True), ("404", "number not found", False))


@dataclass(frozen=True)
class TaskCalls:
    """One task as far as its calls go: who it dials, from when, how fast, and how many so far."""

    job_id: int
    fields: Mapping[str, Any]
    numbers: Sequence[str]
    send_at: int
    calling_from: float
    calls_per_second: float
    dialled: tuple[int, ...]  # calls placed by now, by queue (they add up to callNum)
    fail_every: int
    talk_seconds: int
    schedule: Schedule

    def call_second(self, index: int) -> int:
        queue, position = self.schedule.place_of(index)
        return queue.second(position, self.calling_from, self.calls_per_second)

    def calls_between(self, start: int, end: int) -> Sequence[int]:
        """The calls placed so far whose second lies in [start, end], in the order placed."""
        return self.schedule.calls_between(
            start, end, self.dialled, self.calling_from, self.calls_per_second
        )

    def placed(self, index: int) -> bool:
        """Whether the call of the `index`-th number is placed by now."""
        queue, position = self.schedule.where(index)
        return position < self.dialled[queue]

    def failed(self, index: int) -> bool:
        return (self.position(index) + 1) % self.fail_every == 0

    def position(self, index: int) -> int:
        """The call's place in its queue (the task's place in vendor mode)."""
        return self.schedule.where(index)[1]


@dataclass(frozen=True)
class Modes:
    records: str = "plain"
    termination: str = "sip"


def call_record(task: TaskCalls, index: int, zone: datetime.tzinfo, modes: Modes) -> dict[str, Any]:
    """Call `index` of the task, as the record query shows it."""
    called = task.call_second(index)
    stored = task.fields.get
    if task.failed(index):
        failure = (task.position(index) + 1) // task.fail_every - 1
        code, reason, rang = FAILURES[failure % len(FAILURES)]
        answered_at, duration, key = None, 0, "-1"
        hangup = called + (int(stored("maxRingingTime") or 60) if rang else RING_SECONDS)
    else:
        code, reason, rang = "200", "success", True
        answered_at, duration = called + RING_SECONDS, task.talk_seconds
        hangup = answered_at + duration
        key = str(stored("feedbackValue") or "1") if index % 3 == 0 else "-1"
    if modes.termination == "zero":
        code = "0" if code == "200" else "1"
    charged = math.ceil(duration / BILLING_SECONDS) * BILLING_SECONDS
    record: dict[str, Any] = {
        "voiceId": f"{task.job_id}{index:09d}",
        "callee": task.numbers[index],
        "displayNum": stored("displayNum") or "",
        "code": "sandbox",
        "submitTime": _time(task.send_at, zone),
        "callTime": _time(called, zone),
        "ringingTime": _time(called + 1, zone) if rang else None,
        "answerTime": _time(answered_at, zone),
        "hangupTime": _time(hangup, zone),
        "callDuration": duration,
        "chargedDuration": charged,
        "terminationCode": code,
        "terminationReason": reason,
        "cost": f"{charged / 60 * 0.012:.4f}",
        "billPeriod": f"{BILLING_SECONDS}+{BILLING_SECONDS}",
        "rate": "0.0120",
        "baseCost": f"{charged / 60 * 0.012:.4f}",
        "voiceFileId": stored("voiceFileId") or "",
        "feedbackValue": key,
        "calledInfo": "",
    }
    if modes.records == "task-id":
        record["taskId"] = task.job_id
    return record


def page_of_calls(
    tasks: Sequence[TaskCalls], window: tuple[int, int], offset: int, limit: int
) -> tuple[int, list[tuple[TaskCalls, int]]]:
    """How many calls lie in the window, and the (task, call) pairs of one page of them:
    task by task in id order, each task's calls in the order they were placed."""
    ranges = [(task, task.calls_between(*window)) for task in tasks]
    total = sum(len(calls) for _, calls in ranges)
    page: list[tuple[TaskCalls, int]] = []
    for task, calls in ranges:
        if offset >= len(calls):
            offset -= len(calls)
            continue
        taken = calls[offset : offset + limit - len(page)]
        page += [(task, index) for index in taken]
        offset = 0
        if len(page) >= limit:
            break
    return total, page


def _time(seconds: int | None, zone: datetime.tzinfo) -> str | None:
    """ISO-8601 with the zone's offset, as the record pages show it: 2022-02-18T14:42:40+08:00."""
    if seconds is None:
        return None
    return datetime.datetime.fromtimestamp(seconds, zone).isoformat(timespec="seconds")
