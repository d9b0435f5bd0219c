"""The vendor's request rules (API reference §4), checked the way the vendor would check them.

Written from the vendor's table, independently of broadcastctl's campaign schema, so that a
mistake in the schema shows up as a rejection here instead of hiding behind shared code.
A rejection is PARAMETER_INVALID (-22) with a reason that names the field. Keys the vendor does
not know are ignored, as the vendor's own server does; so are dependents whose switch is off.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from broadcastctl.sandbox.errors import invalid
from broadcastctl.sandbox.localtime import parse_local
from broadcastctl.vendorfields import DEPENDS_ON

MAX_NUMBERS = 200_000  # numberList: "20w"
MAX_NUMBER_INFOS = 100_000  # numberInfoList
MAX_PAGE_SIZE = 100
# The vendor's page number is a Java int; far beyond it, the store's offset would not fit
# SQLite's 64-bit integers.
MAX_PAGE_NUMBER = 2**31 - 1
LANGUAGES = ("VN", "EN", "JP", "ARB", "DE", "IN", "IT", "KR", "RU", "ES", "PT", "IDN", "BD", "TH")
PUSH_FLAGS = ("feedbackPush", "successPush", "failedPush", "ringPush")
AUDIO_EXTENSIONS = (".mp3", ".m4a", ".wav")
STATUSES = range(7)

_PHONE = re.compile(r"[0-9]{7,15}")
_DISPLAY_NUMBER = re.compile(r"[0-9]{0,20}")
_DIGIT = re.compile(r"[0-9]")
_HOUR_MINUTE = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")


@dataclass(frozen=True)
class NewTask:
    """An accepted create: the fields to keep (numbers aside) and the numbers."""

    fields: Mapping[str, Any]
    numbers: list[str]
    send_at: int | None


@dataclass(frozen=True)
class TaskChange:
    """An accepted update: the task's id, the fields it sets and the new send time if any."""

    job_id: int
    fields: Mapping[str, Any]
    send_at: int | None


@dataclass(frozen=True)
class TaskQuery:
    current: int
    size: int
    created_from: int
    created_to: int
    statuses: tuple[int, ...]
    search: str | None


@dataclass(frozen=True)
class FileUpload:
    file_name: str
    content: bytes


class _Fields:
    """Reads a request body field by field, keeping each accepted value."""

    def __init__(self, body: Mapping[str, Any]) -> None:
        self.body = body
        self.accepted: dict[str, Any] = {}

    def present(self, key: str, *, required: bool, because: str) -> bool:
        if self.body.get(key) is not None:
            return True
        if required:
            raise invalid(f"{key} is required{because}")
        return False

    def text(
        self,
        key: str,
        *,
        required: bool = False,
        because: str = "",
        length: tuple[int, int] = (1, 1_000_000),
        pattern: re.Pattern[str] | None = None,
        choices: Collection[str] = (),
    ) -> str | None:
        if not self.present(key, required=required, because=because):
            return None
        value = self.body[key]
        if not isinstance(value, str):
            raise invalid(f"{key} must be a string")
        low, high = length
        if not low <= len(value) <= high:
            raise invalid(f"{key} must be {low} to {high} characters long, not {len(value)}")
        if pattern is not None and not pattern.fullmatch(value):
            raise invalid(f"{key} has the wrong format")
        if choices and value not in choices:
            raise invalid(f"{key} must be one of {', '.join(choices)}")
        self.accepted[key] = value
        return value

    def integer(
        self,
        key: str,
        *,
        required: bool = False,
        because: str = "",
        low: int | None = None,
        high: int | None = None,
        choices: Collection[int] = (),
    ) -> int | None:
        if not self.present(key, required=required, because=because):
            return None
        value = self.body[key]
        if isinstance(value, bool) or not isinstance(value, int):
            raise invalid(f"{key} must be an integer")
        if (low is not None and value < low) or (high is not None and value > high):
            raise invalid(f"{key} must be {_bounds(low, high)}, not {value}")
        if choices and value not in choices:
            raise invalid(f"{key} must be one of {', '.join(map(str, choices))}, not {value}")
        self.accepted[key] = value
        return value

    def number(self, key: str, *, low: float, high: float) -> None:
        if not self.present(key, required=False, because=""):
            return
        value = self.body[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise invalid(f"{key} must be a number")
        if not low <= value <= high:
            raise invalid(f"{key} must be between {low} and {high}, not {value}")
        self.accepted[key] = value


def _bounds(low: int | None, high: int | None) -> str:
    if low is None:
        return f"at most {high}"
    return f"at least {low}" if high is None else f"between {low} and {high}"


def check_create(body: Mapping[str, Any], zone: datetime.tzinfo) -> NewTask:
    """A create request (`voice/group/call/send`), by the vendor's table and its conditions."""
    fields = _Fields(body)
    fields.text("appId", required=True)
    send_at = _task_fields(fields, zone, create=True)
    return NewTask(fields=fields.accepted, numbers=_numbers(body), send_at=send_at)


@dataclass(frozen=True)
class Resend:
    """A resend request: the finished task to call again, and which of its numbers."""

    parent_id: int
    failed_only: bool
    fields: Mapping[str, Any]  # the new task's fields, as a create takes them (numbers aside)


# The resend call's own fields; the rest are the create's. A numberList sent with it is not in
# the vendor's table: the sandbox ignores it, the numbers are the parent's.
_RESEND_ONLY = ("keyId", "resendType", "numberList", "numberInfoList")


def check_resend(body: Mapping[str, Any]) -> Resend:
    """A resend request (`voice/group/call/resend`): keyId and resendType, then the message
    fields as on create. Unconfirmed by the vendor's pages: itniotech marks resendType required,
    onbuka optional with no default; the sandbox requires it."""
    fields = _Fields(body)
    parent_id = fields.integer("keyId", required=True)
    resend_type = fields.integer("resendType", required=True, choices=(0, 1))
    assert parent_id is not None
    assert resend_type is not None
    rest = {key: value for key, value in body.items() if key not in _RESEND_ONLY}
    return Resend(parent_id, resend_type == 1, rest)


def check_update(body: Mapping[str, Any], zone: datetime.tzinfo) -> TaskChange:
    """An update: the create's fields minus appId and the numbers (ignored if sent), plus keyId."""
    fields = _Fields(body)
    job_id = fields.integer("keyId", required=True)
    assert job_id is not None  # required
    del fields.accepted["keyId"]
    send_at = _task_fields(fields, zone, create=False)
    return TaskChange(job_id=job_id, fields=fields.accepted, send_at=send_at)


def _task_fields(fields: _Fields, zone: datetime.tzinfo, *, create: bool) -> int | None:
    """The fields create and update share; returns the send time (None: not given)."""
    fields.text("taskName", required=True, length=(2, 64))
    fields.text("displayNum", length=(0, 20), pattern=_DISPLAY_NUMBER)
    _audio(fields)
    send_at = _send_time(fields, zone)
    fields.integer("loopCount", required=create, low=1, high=9)
    fields.integer("maxCalls", required=create, low=1, high=999)
    fields.text("senderId", length=(0, 32))
    _hang_up_sms(fields)
    _to_seat(fields)
    fields.integer("maxRingingTime", low=20, high=120)
    _allow_send_time(fields)
    _switched_off(fields)
    return send_at


_NEVER_STORED = {"toSeatKey"}  # unconfirmed in the vendor's table: the sandbox keeps none


def _switched_off(fields: _Fields) -> None:
    """A field its switch turns off is stored when sent empty ("" or 0), so it no longer holds
    a value from before; any other value of it is ignored, as before."""
    for name in DEPENDS_ON.keys() - _NEVER_STORED:
        value = fields.body.get(name)
        empty = value == "" or (value == 0 and not isinstance(value, bool))
        if name not in fields.accepted and empty:
            fields.accepted[name] = value


def _audio(fields: _Fields) -> None:
    source = fields.integer("source", required=True, choices=(1, 2, 3))
    because = f" when source is {source}"
    if source == 1:
        fields.text("voiceFileId", required=True, because=because)
    elif source == 2:
        fields.text("uploadName", required=True, because=because, length=(5, 32))
        _base64(fields, "baseFile", because)
    else:
        fields.text("text", required=True, because=because, length=(1, 1000))
        fields.text("lan", required=True, because=because, choices=LANGUAGES)
    fields.number("speakingRate", low=0.25, high=4.0)
    fields.integer("ssmlGender", choices=(1, 2))


def _base64(fields: _Fields, key: str, because: str) -> bytes:
    fields.text(key, required=True, because=because)
    try:
        content = base64.b64decode(fields.accepted[key], validate=True)
    except (binascii.Error, ValueError) as error:
        raise invalid(f"{key} must be base64") from error
    if not content:
        raise invalid(f"{key} must not be empty")
    return content


def _send_time(fields: _Fields, zone: datetime.tzinfo) -> int | None:
    value = fields.body.get("sendTime")
    if value is None:
        return None
    send_at = parse_local(value, zone)
    if send_at is None:
        raise invalid("sendTime must be a date and time as yyyy-MM-dd HH:mm:ss")
    fields.accepted["sendTime"] = value
    return send_at


def _hang_up_sms(fields: _Fields) -> None:
    sms = fields.integer("hangUpSms", choices=(0, 1)) == 1
    because = " when hangUpSms is 1"
    for flag in PUSH_FLAGS:
        fields.integer(flag, required=sms, because=because, choices=(0, 1))
    if sms:
        fields.text("smsAppId", required=True, because=because)
        fields.text("smsContent", required=True, because=because, length=(1, 1000))
        if not any(fields.accepted.get(flag) == 1 for flag in PUSH_FLAGS):
            raise invalid(f"one of {', '.join(PUSH_FLAGS)} must be 1{because}")
    if fields.accepted.get("feedbackPush") == 1:
        fields.text(
            "feedbackValue", required=True, because=" when feedbackPush is 1", pattern=_DIGIT
        )
    if fields.accepted.get("successPush") == 1:
        fields.integer(
            "successPushTime", required=True, because=" when successPush is 1", low=0, high=9999
        )


def _to_seat(fields: _Fields) -> None:
    if fields.integer("toSeat", choices=(0, 1)) != 1:
        return
    because = " when toSeat is 1"
    fields.integer("sipGroupId", required=True, because=because)
    fields.integer("outboundControl", required=True, because=because, choices=(0, 1))
    fields.integer("calloutRate", required=True, because=because, low=1)
    fields.integer("toSeatType", required=True, because=because, choices=(1, 2))


def _allow_send_time(fields: _Fields) -> None:
    windows = fields.body.get("allowSendTime")
    if windows is None:
        return
    if not isinstance(windows, list) or len(windows) > 3:
        raise invalid("allowSendTime must be a list of at most 3 windows")
    for index, window in enumerate(windows):
        if not isinstance(window, dict):
            raise invalid(f"allowSendTime[{index}] must be an object with strTime and endTime")
        for key in ("strTime", "endTime"):
            value = window.get(key)
            if value is not None and not (isinstance(value, str) and _HOUR_MINUTE.fullmatch(value)):
                raise invalid(f"allowSendTime[{index}].{key} must be a time as HH:mm")
    fields.accepted["allowSendTime"] = windows


def _numbers(body: Mapping[str, Any]) -> list[str]:
    given = [key for key in ("numberList", "numberInfoList") if body.get(key) is not None]
    if not given:
        raise invalid("numberList is required")
    if len(given) > 1:
        raise invalid("give numberList or numberInfoList, not both")
    if given[0] == "numberList":
        return _phone_numbers(body["numberList"], "numberList", MAX_NUMBERS)
    rows = _list(body["numberInfoList"], "numberInfoList", MAX_NUMBER_INFOS)
    numbers = []
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            raise invalid(f"numberInfoList[{index}] must be an object with calleeNumber")
        numbers.append(row.get("calleeNumber"))
    return _phone_numbers(numbers, "numberInfoList[].calleeNumber", MAX_NUMBER_INFOS)


def _phone_numbers(values: object, key: str, limit: int) -> list[str]:
    numbers = _list(values, key, limit)
    phone = _PHONE.fullmatch
    for index, number in enumerate(numbers):
        # Only the position is named: the numbers are someone's personal data.
        if type(number) is not str or not phone(number):
            raise invalid(f"{key}[{index}] must be a string of 7 to 15 digits")
    return numbers


def _list(value: object, key: str, limit: int) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise invalid(f"{key} must be a non-empty list")
    if len(value) > limit:
        raise invalid(f"{key} holds {len(value)} entries; at most {limit:,} are allowed")
    return value


def check_query(body: Mapping[str, Any], zone: datetime.tzinfo) -> TaskQuery:
    """A task list request (`voice/group/call/query`)."""
    fields = _Fields(body)
    current = fields.integer("current", required=True, low=1, high=MAX_PAGE_NUMBER)
    size = fields.integer("size", required=True, low=1, high=MAX_PAGE_SIZE)
    params = body.get("params")
    if not isinstance(params, dict):
        raise invalid("params is required and must be an object")
    window = [_required_time(params, key, zone) for key in ("strTime", "endTime")]
    statuses = params.get("statusList") or []
    if not isinstance(statuses, list) or any(
        isinstance(status, bool) or status not in STATUSES for status in statuses
    ):
        raise invalid("params.statusList must be a list of task statuses 0 to 6")
    if params.get("idxAppId") is not None and not isinstance(params["idxAppId"], int):
        raise invalid("params.idxAppId must be an integer")
    search = params.get("searchCondition")
    if search is not None and not isinstance(search, str):
        raise invalid("params.searchCondition must be a string")
    assert current is not None  # required
    assert size is not None  # required
    return TaskQuery(current, size, window[0], window[1], tuple(statuses), search or None)


def _required_time(params: Mapping[str, Any], key: str, zone: datetime.tzinfo) -> int:
    moment = parse_local(params.get(key), zone)
    if moment is None:
        raise invalid(f"params.{key} is required, as yyyy-MM-dd HH:mm:ss")
    return moment


MAX_TASK_ID = 2**63


def check_cancel(body: Mapping[str, Any]) -> list[int]:
    ids = body.get("taskIdList")
    if not isinstance(ids, list) or not ids:
        raise invalid("taskIdList is required and must be a non-empty list of task ids")
    if any(not is_task_id(job_id) for job_id in ids):
        raise invalid("taskIdList must hold integer task ids")
    return ids


def is_task_id(value: object) -> bool:
    """A positive integer that fits the store's 64-bit ids."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < MAX_TASK_ID


def check_upload(body: Mapping[str, Any]) -> FileUpload:
    """A voice file upload: fileName 5-32 characters with an audio extension, base64 `file`."""
    fields = _Fields(body)
    name = fields.text("fileName", required=True, length=(5, 32))
    assert name is not None  # required
    if not name.lower().endswith(AUDIO_EXTENSIONS):
        raise invalid(f"fileName must end with one of {', '.join(AUDIO_EXTENSIONS)}")
    return FileUpload(name, _base64(fields, "file", ""))


def check_file_query(body: Mapping[str, Any]) -> tuple[int, int]:
    """current and size may be left out (1 and 25), but not sent as null."""
    for key in ("current", "size"):
        if key in body and body[key] is None:
            raise invalid(f"{key} must not be null")
    fields = _Fields(body)
    current = fields.integer("current", low=1, high=MAX_PAGE_NUMBER) or 1
    size = fields.integer("size", low=1, high=MAX_PAGE_SIZE) or 25
    return current, size


MAX_RECORD_SPAN = datetime.timedelta(days=31)


@dataclass(frozen=True)
class RecordQuery:
    current: int
    size: int
    start: int  # Unix seconds, both ends included
    end: int


def check_record_query(body: Mapping[str, Any]) -> RecordQuery:
    """A call record request (`voice/recordGroupQuery`): paging as the file list's, and a
    window of ISO-8601 times with their offset, at most 31 days long."""
    current, size = check_file_query(body)
    params = body.get("params")
    if not isinstance(params, dict):
        raise invalid("params is required and must be an object")
    start, end = (_iso_time(params, key) for key in ("strTime", "endTime"))
    if end < start:
        raise invalid("params.endTime must not be before params.strTime")
    if end - start > MAX_RECORD_SPAN:
        raise invalid("the time between params.strTime and params.endTime must be at most 31 days")
    return RecordQuery(current, size, int(start.timestamp()), int(end.timestamp()))


def _iso_time(params: Mapping[str, Any], key: str) -> datetime.datetime:
    text = params.get(key)
    try:
        moment = datetime.datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or "T" not in str(text):
        raise invalid(
            f"params.{key} is required, as ISO-8601 with an offset: 2022-01-01T00:00:00+08:00"
        )
    return moment
