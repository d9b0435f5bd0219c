"""A task's call records as CSV rows: which records are the task's, and what each row says.

The vendor's record query has no task filter, and its documented record names no task: a
record is the task's by its `taskId` where the vendor sends one, else by its number being one
of the task's (from the campaign file) within the task's life. Whether a hang-up SMS went out
is not in the record either: it follows from the task's SMS settings and how the call went.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from broadcastctl.api.callrecords import CallRecord
from broadcastctl.errors import BroadcastctlError
from broadcastctl.privacy import mask_number

HEADER = ("number", "start", "duration", "result", "reason", "key_pressed", "sms_sent")


class UnlinkedRecordsError(BroadcastctlError):
    """The records name no task, and nothing else says which of them are the task's."""


@dataclass(frozen=True)
class Picked:
    """The task's records, each once, in the order the calls were placed; and whether the
    vendor's records name their task (else they were picked by number)."""

    records: list[CallRecord]
    linked: bool


def records_of(
    records: Iterable[CallRecord], job_id: int, numbers: Collection[str] | None
) -> list[CallRecord]:
    """The task's records (see `pick`)."""
    return pick(records, job_id, numbers).records


def pick(records: Iterable[CallRecord], job_id: int, numbers: Collection[str] | None) -> Picked:
    """The task's records from a stream of every task's, holding only the task's: with task
    ids in the records, those of `job_id`; without, those to one of `numbers` (None: the
    numbers are unknown). A record that comes twice is kept once."""
    by_task: dict[str, CallRecord] = {}
    by_number: dict[str, CallRecord] = {}
    wanted = None if numbers is None else set(numbers)
    linked = unlinked = False
    for record in records:
        if record.task_id is not None:
            linked = True
            if record.task_id == job_id:
                by_task.setdefault(record.voice_id, record)
        else:
            unlinked = True
            if wanted is not None and record.callee in wanted:
                by_number.setdefault(record.voice_id, record)
    if not linked and unlinked and wanted is None:
        raise UnlinkedRecordsError(
            "the vendor's call records name no task, and no campaign file given names this "
            "task: give the campaign's file or folder, whose numbers pick its calls out"
        )
    mine = by_task if linked else by_number
    return Picked(sorted(mine.values(), key=lambda r: (r.call_time, r.voice_id)), linked)


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


def csv_rows(
    records: Iterable[CallRecord], sms: SmsRules | None, *, masked: bool
) -> Iterator[tuple[str, ...]]:
    """The file's rows, made as they are written."""
    return (_row(record, sms, masked) for record in records)


def _row(record: CallRecord, sms: SmsRules | None, masked: bool) -> tuple[str, ...]:
    sent = "" if sms is None else ("yes" if sms.sent(record) else "no")
    return (
        mask_number(record.callee) if masked else record.callee,
        record.call_time,
        str(record.duration),
        "answered" if record.answered else "failed",
        record.reason,  # the file's writer makes every cell safe (status.csvfile.csv_cell)
        record.key or "",
        sent,
    )


def _on(body: Mapping[str, Any], key: str) -> bool:
    return str(body.get(key)) == "1"
