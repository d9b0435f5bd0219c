"""The vendor's operations as the sandbox emulates them: requests in, `data` members out."""

from __future__ import annotations

import datetime
import math
import secrets
import threading
from collections.abc import Collection, Mapping
from typing import Any

from broadcastctl.api.codes import VendorCode
from broadcastctl.sandbox.calls import Modes, TaskCalls, call_record, page_of_calls
from broadcastctl.sandbox.clock import SandboxClock
from broadcastctl.sandbox.errors import Rejected, invalid
from broadcastctl.sandbox.lifecycle import (
    CALLING,
    CANCELLED,
    COMPLETED,
    STATUS_NAMES,
    SUBMITTING,
    SUSPENDED,
    WAITING,
    Lifecycle,
    Progress,
)
from broadcastctl.sandbox.localtime import format_local
from broadcastctl.sandbox.store import Store, TaskEdit, TaskRow
from broadcastctl.sandbox.vendor_rules import (
    MAX_TASK_ID,
    check_cancel,
    check_create,
    check_file_query,
    check_query,
    check_record_query,
    check_resend,
    check_update,
    check_upload,
    is_task_id,
)
from broadcastctl.sandbox.windows import ANY_HOUR, OpenHours, windows_of

TALK_SECONDS = 20  # how long each answered call lasts, capped by the task's maxCalls
RECORDS_KEPT_DAYS = 62  # the record query covers "the recent two months"
# In its "table" mode the detail shows only the fields of the vendor's detail table: a task's
# hangUpSms, smsContent, push switches, toSeat, allowSendTime... are kept but never shown. In
# its "stored" mode it shows every request field, null when the task holds none.

# What a create stores for a field it leaves out: the defaults of the vendor's tables.
STORED_DEFAULTS: Mapping[str, Any] = {
    "loopCount": 1,
    "hangUpSms": 0,
    "successPushTime": 10,
    "toSeat": 0,
    "calloutRate": 1,
    "maxRingingTime": 60,
    "allowSendTime": [],
}
# Where a task made by the resend call keeps the task it re-calls.
SOURCE_TASK = "sourceTaskId"
# The request fields of create and update (numbers aside), as the vendor's entity holds them.
REQUEST_FIELDS = (
    "appId", "taskName", "displayNum", "source", "voiceFileId", "uploadName", "baseFile", "text",
    "lan", "speakingRate", "ssmlGender", "sendTime", "loopCount", "maxCalls", "hangUpSms",
    "smsAppId", "smsContent", "senderId", "feedbackPush", "feedbackValue", "successPush",
    "successPushTime", "failedPush", "ringPush", "toSeat", "sipGroupId", "outboundControl",
    "calloutRate", "toSeatType", "maxRingingTime", "allowSendTime",
)  # fmt: skip


class Vendor:
    """The group-call and voice-file endpoints over the store, timed by the sandbox clock."""

    def __init__(
        self, store: Store, clock: SandboxClock, zone: datetime.tzinfo, lifecycle: Lifecycle
    ) -> None:
        self._store = store
        self._clock = clock
        self._zone = zone
        self._lifecycle = lifecycle
        self._numbers: dict[int, list[str]] = {}  # a task's numbers never change after create
        self._hours_of: dict[int, tuple[str, OpenHours]] = {}  # by task: its fields, its windows
        self._numbers_lock = threading.Lock()  # for both

    def create(self, body: Mapping[str, Any], *, source: int | None = None) -> int:
        """A new task; `source` is the task a re-call was made from, kept as `sourceTaskId`
        (the name the vendor's batch push gives it), never shown by the detail table."""
        task = check_create(body, self._zone)
        self._require_voice_file(task.fields)
        now = int(self._clock.now())
        # No send time, or one already past, means "call now".
        send_at = now if task.send_at is None else max(now, task.send_at)
        made_from = {} if source is None else {SOURCE_TASK: source}
        return self._store.insert_task(
            fields={**STORED_DEFAULTS, **task.fields, **made_from},
            numbers=task.numbers,
            search_text=self._search_text(task.fields),
            created_at=now,
            send_at=send_at,
        )

    def resend(
        self, body: Mapping[str, Any], *, unfinished: bool = False, cancelled: bool = False
    ) -> int:
        """Re-call a completed task as a new one: its failed numbers (resendType 1) or all of
        them (0), with the message fields of the request, checked as a create's.

        What the vendor's pages leave open, and the sandbox's readings of it: the answer's `data`
        (the handler's `resend_answer` mode: the new id, null or the keyId sent); whether a
        task not finished (`unfinished`) or cancelled (`cancelled`) can be re-called (refused
        by default with DATA_INVALID, as update's state errors; when taken, "failed" means not
        answered: failed so far, or never dialled); the code for an unknown task (NOT_FOUND);
        -34 when no number is left to call (documented for the AI variant only); whether
        "failed" counts numbers never dialled by a completed task (here it dialled them all)."""
        resend = check_resend(body)
        now = self._clock.now()
        row = self._store.task(resend.parent_id) if is_task_id(resend.parent_id) else None
        if row is None:
            raise Rejected(VendorCode.NOT_FOUND, f"task {resend.parent_id} does not exist")
        allowed = (
            COMPLETED,
            *((WAITING, SUBMITTING, CALLING, SUSPENDED) if unfinished else ()),
            *((CANCELLED,) if cancelled else ()),
        )
        self._require_status(row, now, allowed, "re-called")
        numbers = self._numbers_of(row.job_id)
        if resend.failed_only:
            calls = self._calls(row, now)
            numbers = [
                number
                for index, number in enumerate(numbers)
                if index >= calls.dialled or calls.failed(index)
            ]
        if not numbers:
            raise Rejected(
                VendorCode.NO_CALLABLE_NUMBERS,
                f"task {row.job_id} left no number to call; start a new group call",
            )
        return self.create({**resend.fields, "numberList": numbers}, source=row.job_id)

    def update(self, body: Mapping[str, Any], *, recalls: bool = True) -> None:
        """Change a waiting task; a field left out (or null) keeps its value. Whether a task
        made by the resend call can be changed is open (`recalls`: here yes by default)."""
        change = check_update(body, self._zone)
        now = self._clock.now()

        def edit(row: TaskRow) -> TaskEdit:
            self._require_status(row, now, (WAITING,), "updated")
            if not recalls and SOURCE_TASK in row.fields:
                raise Rejected(
                    VendorCode.DATA_INVALID,
                    f"task {row.job_id} re-calls task {row.fields[SOURCE_TASK]}: a re-call "
                    "cannot be updated",
                )
            fields = {**row.fields, **change.fields}
            self._require_voice_file(fields)
            send_at = row.send_at if change.send_at is None else max(int(now), change.send_at)
            name = fields["taskName"]
            return TaskEdit(name, fields, self._search_text(fields), send_at, int(now))

        self._store.update_task(change.job_id, edit)

    def cancel(self, body: Mapping[str, Any]) -> None:
        job_ids = check_cancel(body)
        now = self._clock.now()

        def cancellable(row: TaskRow) -> None:
            self._require_status(row, now, (WAITING, SUBMITTING, CALLING), "cancelled")

        self._store.cancel_tasks(job_ids, cancellable, at=now)

    def query(self, body: Mapping[str, Any]) -> dict[str, Any]:
        query = check_query(body, self._zone)
        now = self._clock.now()
        total, rows = self._store.list_tasks(
            created=(query.created_from, query.created_to),
            statuses=query.statuses,
            search=query.search,
            now=now,
            offset=(query.current - 1) * query.size,
            limit=query.size,
        )
        records = [self._summary(row, self._progress(row, now)) for row in rows]
        return _page(records, total, query.current, query.size)

    def detail(self, raw_id: str, *, every_field: bool = False) -> dict[str, Any]:
        """The detail table's fields; with `every_field`, every request field as stored too."""
        # isdigit() alone passes "²" and other digits int() refuses; a 64-bit id has at most
        # 19 digits, and a longer run would not even convert (Python's 4,300-digit limit).
        if not (raw_id.isascii() and raw_id.isdigit() and len(raw_id) <= MAX_ID_DIGITS):
            raise invalid("the task id in the path must be an integer of at most 19 digits")
        row = self._store.task(int(raw_id)) if is_task_id(int(raw_id)) else None
        if row is None:
            raise Rejected(VendorCode.NOT_FOUND, f"task {raw_id} does not exist")
        shown = self._detail(row, self._progress(row, self._clock.now()))
        if not every_field:
            return shown
        return {**dict.fromkeys(REQUEST_FIELDS), **row.fields, **shown}

    def upload_file(self, body: Mapping[str, Any]) -> str:
        upload = check_upload(body)
        now = int(self._clock.now())
        extension = upload.file_name[upload.file_name.rindex(".") :].lower()
        stamp = datetime.datetime.fromtimestamp(now, self._zone).strftime("%Y%m%d")
        file_id = f"1{stamp}{secrets.token_hex(16)}{extension}"
        self._store.insert_file(file_id, upload.file_name, upload.content, now)
        return file_id

    def query_files(self, body: Mapping[str, Any]) -> dict[str, Any]:
        current, size = check_file_query(body)
        total, rows = self._store.list_files((current - 1) * size, size)
        records = [{"fileId": row.file_id, "fileName": row.file_name} for row in rows]
        return _page(records, total, current, size)

    def query_records(self, body: Mapping[str, Any], modes: Modes) -> dict[str, Any]:
        """One page of the calls placed in a window (of the last two months), every task's."""
        query = check_record_query(body)
        now = self._clock.now()
        kept_from = int(now) - RECORDS_KEPT_DAYS * 86_400
        window = (max(query.start, kept_from), min(query.end, int(now)))
        tasks = [self._calls(row, now) for row in self._store.tasks_created_until(window[1])]
        total, page = page_of_calls(tasks, window, (query.current - 1) * query.size, query.size)
        records = [call_record(task, index, self._zone, modes) for task, index in page]
        return {**_page(records, total, query.current, query.size), "searchCount": True}

    def _calls(self, row: TaskRow, now: float) -> TaskCalls:
        lifecycle = self._lifecycle
        return TaskCalls(
            job_id=row.job_id,
            fields=row.fields,
            numbers=self._numbers_of(row.job_id),
            send_at=row.send_at,
            calling_from=row.send_at + lifecycle.submit_seconds,
            calls_per_second=lifecycle.calls_per_second,
            dialled=self._progress(row, now).call_num,
            fail_every=lifecycle.fail_every,
            talk_seconds=min(TALK_SECONDS, row.fields.get("maxCalls") or TALK_SECONDS),
            hours=self._hours(row),
        )

    def _numbers_of(self, job_id: int) -> list[str]:
        with self._numbers_lock:
            known = self._numbers.get(job_id)
        if known is None:
            known = self._store.numbers(job_id)
            with self._numbers_lock:
                self._numbers[job_id] = known
        return known

    def _progress(self, row: TaskRow, now: float) -> Progress:
        return self._lifecycle.progress(
            row.send_at, row.cancelled_at, row.number_count, now, self._hours(row)
        )

    def _hours(self, row: TaskRow) -> OpenHours:
        """The task's calling windows, read once for each version of its fields (a list page
        would otherwise parse every task's fields)."""
        with self._numbers_lock:
            fields_json, known = self._hours_of.get(row.job_id, ("", ANY_HOUR))
        if fields_json != row.fields_json:
            known = windows_of(row.fields_json, self._zone)
            with self._numbers_lock:
                self._hours_of[row.job_id] = (row.fields_json, known)
        return known

    def _require_status(
        self, row: TaskRow, now: float, allowed: Collection[int], action: str
    ) -> None:
        status = self._progress(row, now).status
        if status not in allowed:
            states = " or ".join(f"{STATUS_NAMES[state]} ({state})" for state in allowed)
            raise Rejected(
                VendorCode.DATA_INVALID,
                f"task {row.job_id} is {STATUS_NAMES[status]} (status {status}); only a task "
                f"that is {states} can be {action}",
            )

    def _require_voice_file(self, fields: Mapping[str, Any]) -> None:
        """A source 1 task plays an uploaded file: an id the file list does not hold is refused
        (NOT_FOUND, "data does not exist": the create's own codes are unconfirmed)."""
        file_id = fields.get("voiceFileId")
        if fields.get("source") == 1 and self._store.file_name(str(file_id)) is None:
            raise Rejected(
                VendorCode.NOT_FOUND, f"voiceFileId {file_id!r} is not an uploaded voice file"
            )

    def _search_text(self, fields: Mapping[str, Any]) -> str:
        """What searchCondition looks in: the task name, the voice file's name, the TTS text."""
        file_name = fields.get("uploadName")
        if fields.get("source") == 1:
            file_name = self._store.file_name(str(fields.get("voiceFileId")))
        parts = (fields.get("taskName"), file_name, fields.get("text"))
        return "\n".join(str(part) for part in parts if part).casefold()

    def _time(self, seconds: float | None) -> str | None:
        return None if seconds is None else format_local(seconds, self._zone)

    def _summary(self, row: TaskRow, progress: Progress) -> dict[str, Any]:
        return {
            "jobId": row.job_id,
            "taskName": row.task_name,
            "status": progress.status,
            "rate": progress.rate,
            "numCnt": row.number_count,
            "callNum": progress.call_num,
            "success": progress.success,
            "fail": progress.fail,
            "createdTime": self._time(row.created_at),
        }

    def _detail(self, row: TaskRow, progress: Progress) -> dict[str, Any]:
        """The fields in the order of the vendor's detail table."""
        stored = row.fields.get
        talk = min(TALK_SECONDS, stored("maxCalls") or TALK_SECONDS)
        talked = progress.success * talk
        return {
            "jobId": row.job_id,
            "taskName": row.task_name,
            "displayNum": stored("displayNum"),
            "text": stored("text"),
            "status": progress.status,
            "rate": progress.rate,
            "numCnt": row.number_count,
            "chargeLen": talked,
            "success": progress.success,
            "fail": progress.fail,
            "toseatNum": 0,
            "successRate": progress.success_rate,
            "toseatNumRate": "0",
            "sendTime": stored("sendTime"),
            "createdTime": self._time(row.created_at),
            "mdfTime": self._time(row.modified_at),
            "finishTime": self._time(progress.finished_at),
            "appId": stored("appId"),
            "source": stored("source"),
            "voiceFileId": stored("voiceFileId"),
            "calloutRate": stored("calloutRate"),
            "keyFeedbackNum": 0,
            "uploadName": stored("uploadName"),
            "baseFile": stored("baseFile"),
            "callLossNum": 0,
            "callLossNumRate": "0",
            "callDuration": talked,
            "code": None,  # the callees' country code; one task may hold several
            "maxCalls": stored("maxCalls"),
            "loopCount": stored("loopCount"),
            "lan": stored("lan"),
            "allCallToseatNum": 0,
            "callTotal": progress.call_num,
            "acd": str(talk if progress.success else 0),
        }


MAX_ID_DIGITS = len(str(MAX_TASK_ID - 1))


def _page(records: list[dict[str, Any]], total: int, current: int, size: int) -> dict[str, Any]:
    """The vendor's paging object."""
    return {
        "records": records,
        "total": total,
        "size": size,
        "current": current,
        "pages": math.ceil(total / size),
    }
