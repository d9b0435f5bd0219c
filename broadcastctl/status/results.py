"""A task's call records as CSV rows: which records are the task's, and what each row says.

The vendor's record query has no task filter, and its documented record names no task: a
record is the task's by its `taskId` where the vendor sends one, else by its number being one
of the task's (from the campaign file) within the task's life. Whether a hang-up SMS went out
is not in the record either: it follows from the task's SMS settings and how the call went.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from broadcastctl.api.callrecords import CallRecord
from broadcastctl.errors import BroadcastctlError
from broadcastctl.privacy import mask_number

HEADER = ("number", "start", "duration", "result", "reason", "key_pressed", "sms_sent")
# A cell starting so is a formula to a spreadsheet; text from the vendor must not run as one.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class UnlinkedRecordsError(BroadcastctlError):
    """The records name no task, and nothing else says which of them are the task's."""


def records_of(
    records: Iterable[CallRecord], job_id: int, numbers: Collection[str] | None
) -> list[CallRecord]:
    """The task's records, in the order the calls were placed. With task ids in the records,
    those of `job_id`; without, those to one of `numbers` (None: the numbers are unknown)."""
    records = list(records)
    if any(record.task_id is not None for record in records):
        mine = [record for record in records if record.task_id == job_id]
    elif not records:
        mine = []
    elif numbers is None:
        raise UnlinkedRecordsError(
            "the vendor's call records name no task, and no campaign file given names this "
            "task: give the campaign's file or folder, whose numbers pick its calls out"
        )
    else:
        wanted = set(numbers)
        mine = [record for record in records if record.callee in wanted]
    return sorted(mine, key=lambda record: (record.call_time, record.voice_id))


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
    records: Sequence[CallRecord], sms: SmsRules | None, *, masked: bool
) -> list[tuple[str, ...]]:
    return [_row(record, sms, masked) for record in records]


def _row(record: CallRecord, sms: SmsRules | None, masked: bool) -> tuple[str, ...]:
    sent = "" if sms is None else ("yes" if sms.sent(record) else "no")
    return (
        mask_number(record.callee) if masked else record.callee,
        record.call_time,
        str(record.duration),
        "answered" if record.answered else "failed",
        _cell(record.reason),
        _cell(record.key or ""),
        sent,
    )


def _cell(text: str) -> str:
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def _on(body: Mapping[str, Any], key: str) -> bool:
    return str(body.get(key)) == "1"
