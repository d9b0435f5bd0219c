"""The tasks and files the vendor shows, as plain frozen records read from its JSON."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from broadcastctl.api.envelope import ShapeError


@dataclass(frozen=True, kw_only=True)
class TaskSummary:
    """One row of the task list (`voice/group/call/query`)."""

    job_id: int
    task_name: str
    status: int
    rate: str
    number_count: int
    call_num: int
    success: int
    fail: int
    created_time: str


@dataclass(frozen=True, kw_only=True)
class TaskDetail:
    """A task's detail; `fields` is the vendor's `data` object as sent, under the API's names."""

    job_id: int
    task_name: str
    status: int
    number_count: int
    fields: Mapping[str, Any]


@dataclass(frozen=True)
class VoiceFile:
    """An uploaded audio file (`voice/fileQuery`)."""

    file_id: str
    file_name: str


def task_summary(record: object) -> TaskSummary:
    """A list row; the id is `jobId`, or `taskId` in the vendor's alternative list shape."""
    row = _mapping(record)
    id_key = "jobId" if "jobId" in row else "taskId"
    return TaskSummary(
        job_id=_integer(row, id_key),
        task_name=_text(row, "taskName"),
        status=_integer(row, "status"),
        rate=str(row.get("rate") or "0"),
        number_count=_integer(row, "numCnt"),
        call_num=_integer(row, "callNum", default=0),
        success=_integer(row, "success", default=0),
        fail=_integer(row, "fail", default=0),
        created_time=str(row.get("createdTime") or ""),
    )


def task_detail(data: object) -> TaskDetail:
    row = _mapping(data)
    return TaskDetail(
        job_id=_integer(row, "jobId"),
        task_name=_text(row, "taskName"),
        status=_integer(row, "status"),
        number_count=_integer(row, "numCnt"),
        fields=MappingProxyType(dict(row)),
    )


def voice_file(record: object) -> VoiceFile:
    row = _mapping(record)
    return VoiceFile(file_id=_text(row, "fileId"), file_name=_text(row, "fileName"))


@dataclass(frozen=True)
class Page:
    """One page of a list: its records, the pages announced, and the records in all of them
    (`total`, None where the vendor leaves it out)."""

    records: list[object]
    pages: int
    total: int | None


def page_records(data: object) -> Page:
    """One page, from the vendor's paging object."""
    page = _mapping(data)
    records = page.get("records") or []
    if not isinstance(records, list):
        raise ShapeError("the page's `records` is not a list")
    total = None if page.get("total") is None else _integer(page, "total")
    return Page(records, _integer(page, "pages", default=0), total)


def _mapping(value: object) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise ShapeError(f"expected a JSON object, got {type(value).__name__}")
    return value


def _integer(row: Mapping[str, Any], key: str, *, default: int | None = None) -> int:
    value = row.get(key)
    if value is None and default is not None:
        return default
    number = as_integer(value)
    if number is None:
        raise ShapeError(f"`{key}` is not an integer: {value!r}")
    return number


def as_integer(value: object) -> int | None:
    """The integer a JSON value holds, or None; the vendor's tables call some integers Strings."""
    if type(value) is int:  # the common case first: this runs for every field of every row
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return None
    return None


def created_id(data: object) -> int | None:
    """The new task's id where a create answer carries one: bare, or under a likely key."""
    if isinstance(data, dict):
        data = next((data[key] for key in ("jobId", "keyId", "taskId", "id") if key in data), None)
    return as_integer(data)


def _text(row: Mapping[str, Any], key: str) -> str:
    value = row.get(key)
    if not isinstance(value, str):
        raise ShapeError(f"`{key}` is not a string: {value!r}")
    return value
