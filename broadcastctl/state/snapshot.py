"""A snapshot of the remote tasks: each task as the API showed it, and where and when it was
read. Plain data, shared by the state file, the planner and refresh's drift."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, kw_only=True)
class RemoteTask:
    """A task as the API shows it: its list row, and its detail when it was read."""

    job_id: int
    task_name: str
    status: int
    number_count: int
    fields: Mapping[str, Any] = field(default_factory=dict)  # the detail call's data
    # True when this read made no detail call for it: a task that can no longer change, whose
    # `fields` are those the state's snapshot kept from an earlier read (plan/remote.py).
    detail_not_read: bool = False
    failed: int | None = None  # the list row's failed calls; None when the row was not read


@dataclass(frozen=True)
class Snapshot:
    """The remote tasks as a plan or a refresh last read them, and where and when."""

    target: str
    taken_at: str
    commit: str | None
    tasks: tuple[RemoteTask, ...] = ()
