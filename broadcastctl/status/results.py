"""A task's call records as CSV rows: which records are the task's, and what each row says.

The vendor's record query has no task filter, and its documented record names no task: a
record is the task's by its `taskId` where the vendor sends one, else by its number being one
of the task's within the task's span (from its start to its finish). Where another task called
the same number within that span, the records cannot say which call was this task's: a task
dials each of its numbers once, so a number with more records than it has places in the task
marks all of them ambiguous. Whether a hang-up SMS went out is not in the record either: it
follows from the task's SMS settings and how the call went. A campaign sent in zone parts is
each part's task picked so, from one pass over the records, its rows merged in call order.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from broadcastctl.api.callrecords import CallRecord
from broadcastctl.errors import BroadcastctlError
from broadcastctl.privacy import mask_number

HEADER = ("number", "start", "duration", "result", "reason", "key_pressed", "sms_sent", "match")
# A campaign sent in zone parts: which part's task the row is of, by the part's zone label.
PART_HEADER = (*HEADER, "part")
# How a row was known to be the task's (the file's `match` column).
BY_TASK, BY_NUMBER, AMBIGUOUS = "task", "number", "ambiguous"


class UnlinkedRecordsError(BroadcastctlError):
    """The records name no task, and nothing else says which of them are the task's."""


@dataclass(frozen=True)
class Span:
    """When the task may have called: from its start (creation, or its sendTime if later) to
    its finish (None: not finished, so no end)."""

    start: dt.datetime | None
    end: dt.datetime | None

    def holds(self, call_time: str) -> bool:
        """Whether a record's callTime lies in the span; a record with no time is kept."""
        if not call_time:
            return True
        moment = dt.datetime.fromisoformat(call_time)
        return (self.start is None or moment >= self.start) and (
            self.end is None or moment <= self.end
        )


ANY_TIME = Span(None, None)


@dataclass(frozen=True)
class Picked:
    """The task's records, each once, in the order the calls were placed; whether the
    vendor's records name their task (else they were picked by number and time); the voice ids
    of the records another task may have placed; and how many records to the task's numbers
    were left out for lying outside its span."""

    records: list[CallRecord]
    linked: bool
    ambiguous: frozenset[str] = field(default_factory=frozenset)
    outside: int = 0

    def match(self, record: CallRecord) -> str:
        if self.linked:
            return BY_TASK
        return AMBIGUOUS if record.voice_id in self.ambiguous else BY_NUMBER


def records_of(
    records: Iterable[CallRecord], job_id: int, numbers: Collection[str] | None
) -> list[CallRecord]:
    """The task's records (see `pick`)."""
    return pick(records, job_id, numbers).records


def pick(
    records: Iterable[CallRecord],
    job_id: int,
    numbers: Collection[str] | None,
    span: Span = ANY_TIME,
) -> Picked:
    """The task's records from a stream of every task's, holding only the task's: with task
    ids in the records, those of `job_id`; without, those to one of `numbers` (None: the
    numbers are unknown) placed within `span`. A record that comes twice is kept once."""
    picker = Picker(job_id, numbers, span)
    for record in records:
        picker.feed(record)
    return picker.picked()


def pick_each(records: Iterable[CallRecord], pickers: Sequence[Picker]) -> None:
    """Each picker's records from one pass over every task's (a campaign's zone parts)."""
    for record in records:
        for picker in pickers:
            picker.feed(record)


class Picker:
    """One task's records, fed every task's one by one (see `pick`)."""

    def __init__(self, job_id: int, numbers: Collection[str] | None, span: Span = ANY_TIME):
        self._job_id = job_id
        self._numbers = numbers
        self._wanted = None if numbers is None else set(numbers)
        self._span = span
        self._by_task: dict[str, CallRecord] = {}
        self._by_number: dict[str, CallRecord] = {}
        self.linked = self.unlinked = False
        self._outside = 0

    def feed(self, record: CallRecord) -> None:
        if record.task_id is not None:
            self.linked = True
            if record.task_id == self._job_id:
                self._by_task.setdefault(record.voice_id, record)
            return
        self.unlinked = True
        if self._wanted is None or record.callee not in self._wanted:
            return
        if not self._span.holds(record.call_time):
            self._outside += 1
        else:
            self._by_number.setdefault(record.voice_id, record)

    def picked(self) -> Picked:
        if not self.linked and self.unlinked and self._wanted is None:
            raise UnlinkedRecordsError(
                "the vendor's call records name no task, and no campaign file given names this "
                "task: give the campaign's file or folder, whose numbers pick its calls out"
            )
        mine = self._by_task if self.linked else self._by_number
        ordered = sorted(mine.values(), key=lambda r: (r.call_time, r.voice_id))
        if self.linked:
            return Picked(ordered, self.linked)
        return Picked(ordered, False, _ambiguous(ordered, self._numbers or ()), self._outside)


def _ambiguous(records: Sequence[CallRecord], numbers: Iterable[str]) -> frozenset[str]:
    """The records of numbers called more often than the task lists them: the task dials each
    place once, so another task placed the others, and the records cannot say which."""
    places = Counter(numbers)
    calls = Counter(record.callee for record in records)
    shared = {number for number, count in calls.items() if count > places[number]}
    return frozenset(record.voice_id for record in records if record.callee in shared)


@dataclass(frozen=True)
class SmsRules:
    """When the task sends its hang-up SMS (the vendor's push switches)."""

    on_success: bool
    success_seconds: int
    on_failure: bool
    on_ring: bool
    on_key: str | None

    @classmethod
    def of(cls, body: Mapping[str, Any] | None) -> SmsRules | None:
        """The rules of a create body (the campaign's, or the state's record of what was sent);
        None when there is no body to tell."""
        if body is None:
            return None
        if not _on(body, "hangUpSms"):
            return cls(False, 0, False, False, None)
        return cls(
            on_success=_on(body, "successPush"),
            success_seconds=int(body.get("successPushTime") or 0),
            on_failure=_on(body, "failedPush"),
            on_ring=_on(body, "ringPush"),
            on_key=str(body.get("feedbackValue")) if _on(body, "feedbackPush") else None,
        )

    def sent(self, record: CallRecord) -> bool:
        return (
            (self.on_success and record.answered and record.duration >= self.success_seconds)
            or (self.on_failure and not record.answered)
            or (self.on_ring and record.rang)
            or (self.on_key is not None and record.key == self.on_key)
        )


def csv_rows(picked: Picked, sms: SmsRules | None, *, masked: bool) -> Iterator[tuple[str, ...]]:
    """The file's rows, made as they are written."""
    return (_row(record, sms, masked, picked.match(record)) for record in picked.records)


@dataclass(frozen=True)
class PartPicked:
    """A zone part's records as picked, its label and how its task sends its SMS."""

    label: str
    picked: Picked
    sms: SmsRules | None


def part_rows(parts: Sequence[PartPicked], *, masked: bool) -> Iterator[tuple[str, ...]]:
    """A campaign's rows (PART_HEADER), every part's in the order the calls were placed, each
    with its part's label after the columns of a task's."""
    streams = [_in_order(index, part.picked.records) for index, part in enumerate(parts)]
    for _, index, record in heapq.merge(*streams):
        part = parts[index]
        yield (*_row(record, part.sms, masked, part.picked.match(record)), part.label)


def _in_order(
    index: int, records: Sequence[CallRecord]
) -> Iterator[tuple[tuple[str, str], int, CallRecord]]:
    """A part's records (`index`: which) keyed as they were placed, for merging."""
    return (((record.call_time, record.voice_id), index, record) for record in records)


def _row(record: CallRecord, sms: SmsRules | None, masked: bool, match: str) -> tuple[str, ...]:
    sent = "" if sms is None else ("yes" if sms.sent(record) else "no")
    return (
        mask_number(record.callee) if masked else record.callee,
        record.call_time,
        str(record.duration),
        "answered" if record.answered else "failed",
        record.reason,  # the file's writer makes every cell safe (status.csvfile.csv_cell)
        record.key or "",
        sent,
        match,
    )


def _on(body: Mapping[str, Any], key: str) -> bool:
    return str(body.get(key)) == "1"
