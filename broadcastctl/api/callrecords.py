"""Call records (`voice/recordGroupQuery`) as plain frozen records, and the windows to ask for.

The vendor's pages leave open whether a record names its task (the query's table has no task
field; the batch push carries `taskId`) and what `terminationCode` means (a SIP code, 200 =
connected, on one page; 0 = success on another). A record is read either way: `task_id` is None
when it names no task, and a call counts as answered when it has an answer time or talk time,
whatever its code says. Times come as ISO-8601 with an offset (the query's pages) or as epoch
milliseconds (the push's); both are kept as ISO-8601 in the vendor's zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from broadcastctl.api.envelope import ShapeError
from broadcastctl.api.records import as_integer

# The vendor keeps "the recent two months" and answers at most 31 days a query; a shorter
# span leaves room for however it counts a month's end.
RECORD_SPAN = dt.timedelta(days=30)
RECORDS_KEPT = dt.timedelta(days=60)
TASK_ID_KEYS = ("taskId", "jobId")
NO_KEY = "-1"


@dataclass(frozen=True, kw_only=True)
class CallRecord:
    voice_id: str
    callee: str
    call_time: str  # ISO-8601 in the vendor's zone; "" when the vendor sent none
    duration: int  # seconds of talk
    answered: bool
    code: str  # terminationCode as sent
    reason: str  # terminationReason
    key: str | None  # the key pressed; None for none
    rang: bool
    task_id: int | None  # None: the record names no task (the vendor's documented table)


def call_record(value: object, zone: dt.tzinfo) -> CallRecord:
    row = _mapping(value)
    duration = as_integer(row.get("callDuration")) or 0
    answer_time = _time(row, "answerTime", zone)
    key = _text(row, "feedbackValue")
    return CallRecord(
        voice_id=_required_text(row, "voiceId"),
        callee=_required_text(row, "callee"),
        call_time=_time(row, "callTime", zone) or _time(row, "submitTime", zone),
        duration=max(0, duration),
        answered=bool(answer_time) or duration > 0,
        code=_text(row, "terminationCode"),
        reason=_text(row, "terminationReason"),
        key=None if key in ("", NO_KEY) else key,
        rang=bool(_time(row, "ringingTime", zone) or answer_time),
        task_id=next(
            (as_integer(row[name]) for name in TASK_ID_KEYS if row.get(name) is not None), None
        ),
    )


def record_spans(start: dt.datetime, end: dt.datetime) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """[start, end] cut into spans the query accepts, in order."""
    while start <= end:
        stop = min(end, start + RECORD_SPAN)
        yield start, stop
        start = stop + dt.timedelta(seconds=1)


def iso_time(moment: dt.datetime, zone: dt.tzinfo) -> str:
    """2022-02-18T00:00:00+08:00: the query's format, in the vendor's zone."""
    return moment.astimezone(zone).isoformat(timespec="seconds")


def _time(row: Mapping[str, Any], key: str, zone: dt.tzinfo) -> str:
    """The time as ISO-8601 in the vendor's zone; one no date can hold (10^20 ms, year 0 once
    moved to the zone) is this record's error, naming the field, not a crash."""
    value = row.get(key)
    if value is None or value == "":
        return ""
    try:
        return iso_time(_moment(key, value, zone), zone)
    except ShapeError:
        raise
    except (OverflowError, OSError, ValueError) as error:
        raise ShapeError(f"`{key}` is out of the range of dates: {value!r}") from error


def _moment(key: str, value: object, zone: dt.tzinfo) -> dt.datetime:
    if isinstance(value, int) and not isinstance(value, bool):  # the push's epoch milliseconds
        return dt.datetime.fromtimestamp(value / 1000, dt.UTC)
    if not isinstance(value, str):
        raise ShapeError(f"`{key}` is not a time: {value!r}")
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError as error:
        raise ShapeError(f"`{key}` is not an ISO-8601 time: {value!r}") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _mapping(value: object) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise ShapeError(f"expected a JSON object, got {type(value).__name__}")
    return value


def _text(row: Mapping[str, Any], key: str) -> str:
    value = row.get(key)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ShapeError(f"`{key}` is not a string: {value!r}")
    return str(value)


def _required_text(row: Mapping[str, Any], key: str) -> str:
    text = _text(row, key)
    if not text:
        raise ShapeError(f"the record has no `{key}`")
    return text
