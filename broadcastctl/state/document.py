"""The state as a JSON document: rendering it, and reading it back validated as a whole.

Every part is checked before the state is used (types, sizes, depth, finite numbers, strings
that can be written back), so a state that would fail later, after a task was sent, fails
here, before anything is: as one line naming the part.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import math
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from broadcastctl.state.entry import ACTIONS, Entry, Intent
from broadcastctl.state.snapshot import RemoteTask, Snapshot

FORMAT_VERSION = 1
MAX_DEPTH = 16  # a body nests three deep (allowSendTime's windows); a snapshot's fields alike
MAX_TEXT = 65_536  # characters of one string: the longest field sent holds 1,000
MAX_ITEMS = 100_000  # entries, tasks, or the members of one value
MAX_ID = 2**63 - 1
_EVERY_STRING: contextvars.ContextVar[bool] = contextvars.ContextVar("every_string", default=True)
_DIGEST = re.compile(r"[0-9a-f]{1,64}\$[0-9a-f]{64}")


@dataclass(frozen=True)
class State:
    entries: Mapping[str, Entry] = field(default_factory=dict)  # by task name
    snapshot: Snapshot | None = None
    intents: Mapping[str, Intent] = field(default_factory=dict)  # requests sent, not settled

    def with_entry(self, entry: Entry) -> State:
        return replace(self, entries={**self.entries, entry.task_name: entry})

    def with_snapshot(self, snapshot: Snapshot) -> State:
        return replace(self, snapshot=snapshot)

    def with_intent(self, intent: Intent) -> State:
        return replace(self, intents={**self.intents, intent.task_name: intent})

    def settled(self, task_name: str) -> State:
        """Without the intent of `task_name`: its outcome is known."""
        return replace(self, intents={k: v for k, v in self.intents.items() if k != task_name})


class Invalid(ValueError):
    """A part of the document is not what a state holds; the message names it."""


def render(state: State) -> bytes:
    document: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "entries": [_entry_document(entry) for _, entry in sorted(state.entries.items())],
        "snapshot": None if state.snapshot is None else _snapshot_document(state.snapshot),
    }
    if state.intents:  # absent when empty: the document stays as earlier versions wrote it
        document["intents"] = [asdict(intent) for _, intent in sorted(state.intents.items())]
    return (json.dumps(document, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode()


def _entry_document(entry: Entry) -> dict[str, Any]:
    """An entry as written; the optional fields only when set, so earlier versions still read
    an entry that has none."""
    document = asdict(entry)
    for key in _ENTRY_OPTIONAL:
        if document[key] is None:
            del document[key]
    return document


def _snapshot_document(snapshot: Snapshot) -> dict[str, Any]:
    return {
        "target": snapshot.target,
        "taken_at": snapshot.taken_at,
        "commit": snapshot.commit,
        "tasks": [
            {
                "job_id": task.job_id,
                "task_name": task.task_name,
                "status": task.status,
                "number_count": task.number_count,
                "fields": dict(task.fields),
                **({} if task.failed is None else {"failed": task.failed}),
            }
            for task in snapshot.tasks
        ],
    }


def load_json(data: bytes) -> Any:
    """The JSON value of `data`: no NaN, Infinity or number too large for a float; nesting
    bounded by the parser (past the interpreter's recursion limit it stops), and by the checks
    below past MAX_DEPTH."""
    try:
        return json.loads(data.decode("utf-8"), parse_constant=_no_constant, parse_float=_finite)
    except RecursionError as error:
        raise Invalid("it nests deeper than any state") from error


def may_hold_surrogates(data: bytes) -> bool:
    """Whether `data` escapes a surrogate (a lone one decodes to text no file can hold): only
    then is every string of the state checked one by one."""
    return _SURROGATE.search(data) is not None


_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")


def _no_constant(name: str) -> Any:
    raise Invalid(f"it holds {name}, which is not a number a state holds")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise Invalid(f"it holds {text[:20]}, a number too large for a state")
    return value


def read_document(document: Any, *, every_string: bool = True) -> State:
    """The state a parsed document holds, every part checked; the strings inside bodies and
    details one by one only with `every_string` (see `may_hold_surrogates`)."""
    _EVERY_STRING.set(every_string)
    if not isinstance(document, dict):
        raise Invalid("it is not a state document")
    entries = [_entry(item, f"entries[{i}]") for i, item in enumerate(_list(document, "entries"))]
    intents = [
        _intent(item, f"intents[{i}]") for i, item in enumerate(_list(document, "intents", True))
    ]
    if "snapshot" not in document:
        raise Invalid("its snapshot is missing")
    snapshot = document["snapshot"]
    return State(
        _by_name(entries, "entries"),
        None if snapshot is None else _snapshot(snapshot),
        _by_name(intents, "intents"),
    )


def _by_name(items: list[Any], where: str) -> dict[str, Any]:
    named = {item.task_name: item for item in items}
    if len(named) != len(items):
        raise Invalid(f"its {where} name a task twice")
    return named


def _list(document: Mapping[str, Any], key: str, optional: bool = False) -> list[Any]:
    value = document.get(key, [] if optional else None)
    if not isinstance(value, list):
        raise Invalid(f"its {key} are missing or not a list")
    if len(value) > MAX_ITEMS:
        raise Invalid(f"its {key} hold more than {MAX_ITEMS:,} items")
    return value


class _Part:
    """Reads one object of the document, naming it in every complaint."""

    def __init__(
        self, value: Any, where: str, keys: frozenset[str], optional: frozenset[str] = frozenset()
    ) -> None:
        if not isinstance(value, dict):
            raise Invalid(f"{where} is not an object")
        missing = sorted(keys - optional - set(value))[:3]
        extra = sorted(map(str, set(value) - keys))[:3]
        if missing:
            raise Invalid(f"{where} has parts missing ({', '.join(missing)})")
        if extra:
            shown = ", ".join(ascii(key) for key in extra)[:80]
            raise Invalid(f"{where} has parts a state does not hold ({shown})")
        self.value, self.where = value, where

    def text(self, key: str, *, optional: bool = False) -> Any:
        value = self.value.get(key) if optional else self.value[key]
        if value is None and optional:
            return None
        if not isinstance(value, str):
            raise Invalid(f"{self.where}.{key} is not text")
        _check_text(value, f"{self.where}.{key}")
        return value

    def name(self, key: str, *, optional: bool = False) -> Any:
        value = self.text(key, optional=optional)
        if value is None:
            return None
        if not value.strip():
            raise Invalid(f"{self.where}.{key} is empty")
        return value

    def integer(self, key: str, low: int = 0, *, optional: bool = False) -> Any:
        value = self.value.get(key) if optional else self.value[key]
        if value is None and optional:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= MAX_ID:
            raise Invalid(f"{self.where}.{key} is not a whole number from {low} to 2^63-1")
        return value

    def digest(self, key: str) -> str | None:
        value = self.text(key, optional=True)
        if value is not None and not _DIGEST.fullmatch(value):
            raise Invalid(f"{self.where}.{key} is not a digest of numbers")
        return value  # type: ignore[no-any-return]

    def body(self, key: str, *, optional: bool = False) -> dict[str, Any] | None:
        value = self.value[key]
        if value is None and optional:
            return None
        if not isinstance(value, dict):
            raise Invalid(f"{self.where}.{key} is not an object")
        _check_value(value, f"{self.where}.{key}")
        return value

    def moment(self, key: str) -> str:
        value: str = self.text(key)
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            raise Invalid(f"{self.where}.{key} is not a date and time") from None
        if moment.utcoffset() is None:
            raise Invalid(f"{self.where}.{key} has no time zone")
        return value


_ENTRY_KEYS = frozenset(Entry.__dataclass_fields__)
# `cancelled` is written once `broadcastctl cancel` stopped the task; `campaign` and `part` for
# a zone part of a campaign in local windows.
_ENTRY_OPTIONAL = frozenset({"cancelled", "campaign", "part"})
_INTENT_KEYS = frozenset(Intent.__dataclass_fields__)
_SNAPSHOT_KEYS = frozenset({"target", "taken_at", "commit", "tasks"})
_TASK_KEYS = frozenset({"job_id", "task_name", "status", "number_count", "fields", "failed"})
# A task's failed calls as its list row showed them (a failed-only re-call's count offline);
# absent from older states, and when the row was not read.
_TASK_OPTIONAL = frozenset({"failed"})


def _entry(value: Any, where: str) -> Entry:
    part = _Part(value, where, _ENTRY_KEYS, _ENTRY_OPTIONAL)
    cancelled = part.text("cancelled", optional=True)
    return Entry(
        part.name("task_name"), part.integer("job_id", 1), part.text("file", optional=True),
        part.integer("number_count"), part.digest("numbers_digest"),
        part.body("sent", optional=True), part.text("time"), part.text("commit", optional=True),
        part.text("version"), None if cancelled is None else part.moment("cancelled"),
        part.name("campaign", optional=True), part.text("part", optional=True),
    )  # fmt: skip


def _intent(value: Any, where: str) -> Intent:
    part = _Part(value, where, _INTENT_KEYS)
    action = part.text("action")
    if action not in ACTIONS:
        raise Invalid(f"{where}.action is not one of {', '.join(ACTIONS)}")
    sent = part.body("sent")
    assert sent is not None
    return Intent(
        part.name("task_name"), action, part.integer("job_id", 1, optional=True),
        part.integer("number_count"), part.digest("numbers_digest"), sent, part.text("time"),
    )  # fmt: skip


def _snapshot(value: Any) -> Snapshot:
    part = _Part(value, "snapshot", _SNAPSHOT_KEYS)
    tasks = _list(value, "tasks")
    return Snapshot(
        part.text("target"),
        part.moment("taken_at"),
        part.text("commit", optional=True),
        tuple(_task(task, f"snapshot.tasks[{i}]") for i, task in enumerate(tasks)),
    )


def _task(value: Any, where: str) -> RemoteTask:
    part = _Part(value, where, _TASK_KEYS, _TASK_OPTIONAL)
    fields = part.body("fields")
    assert fields is not None
    return RemoteTask(
        job_id=part.integer("job_id", 1),
        task_name=part.text("task_name"),
        status=part.integer("status", -(2**31)),
        number_count=part.integer("number_count"),
        fields=fields,
        failed=part.integer("failed", optional=True),
    )


def _check_text(value: str, where: str) -> None:
    if len(value) > MAX_TEXT:
        raise Invalid(f"{where} is longer than {MAX_TEXT:,} characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise Invalid(f"{where} holds a character that is not valid text") from None


def _check_value(value: Any, where: str) -> None:
    """A JSON value of bounded depth and size, walked without recursion so no depth can
    exhaust the stack. Its numbers are finite already (`load_json`); its strings are checked
    one by one only when the document may hold a lone surrogate: a state holds hundreds of
    thousands of them."""
    every_string = _EVERY_STRING.get()
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise Invalid(f"{where} nests deeper than {MAX_DEPTH} levels")
        if len(item) > MAX_ITEMS:
            raise Invalid(f"{where} holds more than {MAX_ITEMS:,} items")
        members = list(item.values()) if isinstance(item, dict) else item
        if every_string:
            texts = [*(item if isinstance(item, dict) else ()), *members]
            for text in texts:
                if isinstance(text, str):
                    _check_text(text, where)
        pending += [(member, depth + 1) for member in members if isinstance(member, list | dict)]
