"""The sandbox's SQLite file (WAL): tasks, voice files and the clock, kept across restarts.

Numbers are stored as one compressed blob per task; only their count is ever read back.
Every write runs in a BEGIN IMMEDIATE transaction, so a check and its write see the same
state, and the UNIQUE index on task_name decides which of two simultaneous creates wins.
"""

from __future__ import annotations

import functools
import json
import queue
import sqlite3
import threading
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from broadcastctl.api.codes import VendorCode
from broadcastctl.sandbox.errors import Rejected, SandboxError

FIRST_JOB_ID = 5_000_001  # the vendor's ids are large integers (its example shows 5000602)
# (job_id, send_at, cancelled_at, number_count, now, fields_json) -> the status then
StatusFunction = Callable[[int, float, float | None, int, float, str], int]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tasks (
    job_id INTEGER PRIMARY KEY,
    task_name TEXT NOT NULL UNIQUE,
    fields TEXT NOT NULL,
    search_text TEXT NOT NULL,
    number_count INTEGER NOT NULL,
    numbers BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    modified_at INTEGER NOT NULL,
    send_at INTEGER NOT NULL,
    cancelled_at REAL
);
CREATE INDEX IF NOT EXISTS tasks_by_creation ON tasks (created_at, job_id);
CREATE TABLE IF NOT EXISTS files (
    file_id TEXT PRIMARY KEY,
    file_name TEXT NOT NULL UNIQUE,
    content BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
_TASK_COLUMNS = (
    "job_id, task_name, fields, number_count, created_at, modified_at, send_at, cancelled_at"
)


@dataclass(frozen=True)
class TaskRow:
    job_id: int
    task_name: str
    fields_json: str
    number_count: int
    created_at: int
    modified_at: int
    send_at: int
    cancelled_at: float | None

    @functools.cached_property
    def fields(self) -> Mapping[str, Any]:
        """The stored request fields; parsed on demand, since a list page never needs them."""
        fields: Mapping[str, Any] = json.loads(self.fields_json)
        return fields


@dataclass(frozen=True)
class TaskEdit:
    """What an update writes: the new name, all fields, search text and times."""

    task_name: str
    fields: Mapping[str, Any]
    search_text: str
    send_at: int
    modified_at: int


@dataclass(frozen=True)
class FileRow:
    file_id: str
    file_name: str


class Store:
    """A small pool of SQLite connections over one database file; safe across threads."""

    def __init__(self, path: Path, status_of: StatusFunction) -> None:
        self._path = path
        self._status_of = status_of
        self._idle: queue.SimpleQueue[sqlite3.Connection] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._closed = False
        try:
            with self._connection() as db:
                db.execute("PRAGMA journal_mode=WAL")
                db.executescript(_SCHEMA)
        except sqlite3.Error as error:
            raise SandboxError(f"cannot use {path} as the sandbox's database: {error}") from error

    def close(self) -> None:
        """Close the idle connections now; one in use closes when its request is done."""
        with self._lock:
            self._closed = True
        while not self._idle.empty():
            self._idle.get_nowait().close()

    def insert_task(
        self,
        *,
        fields: Mapping[str, Any],
        numbers: Sequence[str],
        search_text: str,
        created_at: int,
        send_at: int,
    ) -> int:
        blob = zlib.compress("\n".join(numbers).encode("ascii"), 1)
        with self._writing() as db:
            (job_id,) = db.execute(
                "SELECT COALESCE(MAX(job_id) + 1, ?) FROM tasks", (FIRST_JOB_ID,)
            ).fetchone()
            _insert(
                db,
                "tasks",
                {
                    "job_id": job_id,
                    "task_name": fields["taskName"],
                    "fields": _json(fields),
                    "search_text": search_text,
                    "number_count": len(numbers),
                    "numbers": blob,
                    "created_at": created_at,
                    "modified_at": created_at,
                    "send_at": send_at,
                },
                duplicate=f"a task named {fields['taskName']!r} already exists",
            )
            return int(job_id)

    def task(self, job_id: int) -> TaskRow | None:
        with self._connection() as db:
            row = db.execute(
                f"SELECT {_TASK_COLUMNS} FROM tasks WHERE job_id = ?",  # noqa: S608 - constants only
                (job_id,),
            ).fetchone()
        return None if row is None else _task_row(row)

    def tasks_created_until(self, until: int) -> list[TaskRow]:
        """Every task created at or before `until`, in id order (the record query's source)."""
        with self._connection() as db:
            rows = db.execute(
                f"SELECT {_TASK_COLUMNS} FROM tasks WHERE created_at <= ?"  # noqa: S608
                " ORDER BY job_id",
                (until,),
            ).fetchall()
        return [_task_row(row) for row in rows]

    def numbers(self, job_id: int) -> list[str]:
        """A task's numbers in the order they were sent (the sandbox's records dial them so)."""
        with self._connection() as db:
            row = db.execute("SELECT numbers FROM tasks WHERE job_id = ?", (job_id,)).fetchone()
        if row is None or not row[0]:
            return []
        text = zlib.decompress(row[0]).decode("ascii")
        return text.split("\n") if text else []

    def update_task(self, job_id: int, edit: Callable[[TaskRow], TaskEdit]) -> None:
        """Apply `edit` (which may refuse) to the task, in one transaction."""
        with self._writing() as db:
            row = db.execute(
                f"SELECT {_TASK_COLUMNS} FROM tasks WHERE job_id = ?",  # noqa: S608 - constants only
                (job_id,),
            ).fetchone()
            if row is None:
                raise Rejected(VendorCode.NOT_FOUND, f"task {job_id} does not exist")
            change = edit(_task_row(row))
            try:
                db.execute(
                    "UPDATE tasks SET task_name = ?, fields = ?, search_text = ?, send_at = ?,"
                    " modified_at = ? WHERE job_id = ?",
                    (
                        change.task_name,
                        _json(change.fields),
                        change.search_text,
                        change.send_at,
                        change.modified_at,
                        job_id,
                    ),
                )
            except sqlite3.IntegrityError as error:
                message = f"a task named {change.task_name!r} already exists"
                raise Rejected(VendorCode.ALREADY_EXISTS, message) from error

    def cancel_tasks(
        self, job_ids: Sequence[int], check: Callable[[TaskRow], None], at: float
    ) -> None:
        """Cancel all the tasks or none: every id must exist and pass `check`."""
        with self._writing() as db:
            marks = ",".join("?" * len(job_ids))
            rows = db.execute(
                f"SELECT {_TASK_COLUMNS} FROM tasks WHERE job_id IN ({marks})",  # noqa: S608
                job_ids,
            ).fetchall()
            missing = sorted(set(job_ids) - {row[0] for row in rows})
            if missing:
                raise Rejected(
                    VendorCode.NOT_FOUND, f"task {', '.join(map(str, missing))} does not exist"
                )
            for row in rows:
                check(_task_row(row))
            db.execute(
                f"UPDATE tasks SET cancelled_at = ? WHERE job_id IN ({marks})",  # noqa: S608
                (at, *job_ids),
            )

    def list_tasks(
        self,
        *,
        created: tuple[int, int],
        statuses: Sequence[int],
        search: str | None,
        now: float,
        offset: int,
        limit: int,
    ) -> tuple[int, list[TaskRow]]:
        """The total that matches and one page of it, newest first."""
        where = ["created_at BETWEEN ? AND ?"]
        values: list[Any] = list(created)
        if statuses:
            marks = ",".join("?" * len(statuses))
            where.append(
                f"task_status(job_id, send_at, cancelled_at, number_count, ?, fields) IN ({marks})"
            )
            values += [now, *statuses]
        if search:
            where.append("instr(search_text, ?) > 0")
            values.append(search.casefold())
        condition = " AND ".join(where)
        with self._reading() as db:
            (total,) = db.execute(
                f"SELECT COUNT(*) FROM tasks WHERE {condition}",  # noqa: S608 - placeholders only
                values,
            ).fetchone()
            rows = db.execute(
                f"SELECT {_TASK_COLUMNS} FROM tasks WHERE {condition}"  # noqa: S608
                " ORDER BY created_at DESC, job_id DESC LIMIT ? OFFSET ?",
                [*values, limit, offset],
            ).fetchall()
        return int(total), [_task_row(row) for row in rows]

    def insert_file(self, file_id: str, file_name: str, content: bytes, created_at: int) -> None:
        with self._writing() as db:
            _insert(
                db,
                "files",
                {
                    "file_id": file_id,
                    "file_name": file_name,
                    "content": content,
                    "created_at": created_at,
                },
                duplicate=f"a voice file named {file_name!r} already exists",
            )

    def file_name(self, file_id: str) -> str | None:
        with self._connection() as db:
            row = db.execute("SELECT file_name FROM files WHERE file_id = ?", (file_id,)).fetchone()
        return None if row is None else str(row[0])

    def list_files(self, offset: int, limit: int) -> tuple[int, list[FileRow]]:
        with self._reading() as db:
            (total,) = db.execute("SELECT COUNT(*) FROM files").fetchone()
            rows = db.execute(
                "SELECT file_id, file_name FROM files ORDER BY created_at DESC, file_id"
                " LIMIT ? OFFSET ?",
                (limit, offset),
            ).fetchall()
        return int(total), [FileRow(file_id, file_name) for file_id, file_name in rows]

    def setting(self, name: str) -> Any:
        with self._connection() as db:
            row = db.execute("SELECT value FROM settings WHERE name = ?", (name,)).fetchone()
        return None if row is None else json.loads(row[0])

    def save_setting(self, name: str, value: Any) -> None:
        with self._writing() as db:
            db.execute(
                "INSERT INTO settings (name, value) VALUES (?, ?)"
                " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (name, json.dumps(value)),
            )

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        try:
            db = self._idle.get_nowait()
        except queue.Empty:
            db = self._connect()
        try:
            yield db
        finally:
            self._release(db)

    def _release(self, db: sqlite3.Connection) -> None:
        with self._lock:
            keep = not self._closed
            if keep:
                self._idle.put(db)
        if not keep:
            db.close()

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        # Writers queue on a lock here: SQLite's own busy wait sleeps in growing steps, which
        # made eight simultaneous creates take a second.
        with self._write_lock, self._connection() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """Several statements that see one snapshot of the database."""
        with self._connection() as db:
            db.execute("BEGIN")
            try:
                yield db
            finally:
                db.execute("COMMIT")

    def _connect(self) -> sqlite3.Connection:
        with self._lock:
            if self._closed:
                raise SandboxError("the sandbox's database is closed")
        try:
            db = sqlite3.connect(
                self._path, timeout=30, isolation_level=None, check_same_thread=False
            )
            db.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.Error as error:
            raise SandboxError(f"cannot open the sandbox database {self._path}: {error}") from error
        db.create_function("task_status", 6, self._status_of, deterministic=True)
        return db


def _insert(db: sqlite3.Connection, table: str, row: Mapping[str, Any], duplicate: str) -> None:
    columns = ", ".join(row)
    marks = ", ".join("?" * len(row))
    try:
        db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(row.values()))  # noqa: S608
    except sqlite3.IntegrityError as error:
        raise Rejected(VendorCode.ALREADY_EXISTS, duplicate) from error


def _json(fields: Mapping[str, Any]) -> str:
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def _task_row(row: Sequence[Any]) -> TaskRow:
    return TaskRow(*row)
