"""The status board: one row per campaign (and orphan, and with --all every other task), from
the list call's rows alone. Pure: the command reads the files, the state and the vendor."""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from broadcastctl.api.records import TaskSummary
from broadcastctl.vendorfields import TASK_STATUSES

# A task in one of these will place no more calls.
FINISHED = frozenset({2, 3, 4})
# A task in one of these places its calls only while one of its calling windows is open.
UNDER_WAY = frozenset({1, 6})
DAY_MINUTES = 24 * 60


class Kind(enum.StrEnum):
    CAMPAIGN = "campaign"  # a campaign file given
    ORPHAN = "orphan"  # a task the state names that no campaign file names any more
    OTHER = "other"  # any other task in the list window (--all)


@dataclass(frozen=True)
class Row:
    task_name: str
    kind: Kind
    file: str | None
    task: TaskSummary | None  # None: not deployed (a campaign) or not in the window
    recorded_id: int | None = None  # the task id the state recorded for this name
    # the campaign's task is under way, but the reading falls outside its calling windows
    # (allowSendTime, vendor time): when the next one opens, as HH:mm
    window_opens: str | None = None
    recall_of: str | None = None  # a re-call: the taskName of the task it calls again
    recalled_by: tuple[str, ...] = ()  # the re-calls of this row's task among the rows

    @property
    def outside_window(self) -> bool:
        """Deployed (the state says so) but older than the list window reaches."""
        return self.task is None and (
            self.recorded_id is not None or self.kind is not Kind.CAMPAIGN
        )

    @property
    def finished(self) -> bool:
        return self.task is not None and self.task.status in FINISHED

    @property
    def status_name(self) -> str:
        if self.task is None:
            return "not in the list window" if self.outside_window else "not deployed"
        return TASK_STATUSES.get(self.task.status, f"status {self.task.status}")


@dataclass(frozen=True)
class Board:
    """The rows, where they were read from and the vendor's time of the reading."""

    rows: tuple[Row, ...]
    target: str
    time: str
    hidden: int = 0  # ended orphans a deploy or refresh already saw ended, left out (--all)

    @property
    def tasks(self) -> list[TaskSummary]:
        return [row.task for row in self.rows if row.task is not None]

    @property
    def watched(self) -> list[Row]:
        """The rows a watch waits for: the campaigns' tasks. An orphan waits for a prune and
        another task for whoever made it; neither may hold a watch for months."""
        return [row for row in self.rows if row.kind is Kind.CAMPAIGN and row.task is not None]

    @property
    def done(self) -> bool:
        """Whether every campaign's task has finished (true when none exists)."""
        return all(row.finished for row in self.watched)


@dataclass(frozen=True)
class Wanted:
    """A campaign file's task name, or a task the state names (`file` as the state has it),
    with the campaign's calling windows as written (`allowSendTime`: strTime, endTime)."""

    task_name: str
    file: str | None
    windows: tuple[tuple[str, str], ...] = ()
    recall_of: str | None = None  # a re-call's recallOf: shown beside its parent


def next_opening(windows: Sequence[tuple[str, str]], minute: int) -> str | None:
    """When the next calling window opens (HH:mm) if `minute` (of the day, vendor time) lies
    outside every window; None inside one, or with no window (any hour). A window whose end
    comes before its start runs past midnight; one that ends where it starts is empty."""
    spans = [
        (start, end)
        for start, end in ((_minutes(a), _minutes(b)) for a, b in windows)
        if start is not None and end is not None and start != end
    ]
    if not spans:
        return None
    if any(_inside(minute, start, end) for start, end in spans):
        return None
    opens = min(spans, key=lambda span: (span[0] - minute) % DAY_MINUTES)[0]
    return f"{opens // 60:02}:{opens % 60:02}"


def _inside(minute: int, start: int, end: int) -> bool:
    return start <= minute < end if start < end else not end <= minute < start


def _minutes(clock: str) -> int | None:
    """Minutes from midnight of an HH:mm text; None for anything else (lint reports it)."""
    hours, minutes = clock[:2], clock[3:]
    if len(clock) != 5 or clock[2] != ":" or not (hours.isdigit() and minutes.isdigit()):
        return None
    if int(hours) > 23 or int(minutes) > 59:
        return None
    return int(hours) * 60 + int(minutes)


def make_board(
    campaigns: Sequence[Wanted],
    orphans: Sequence[Wanted],
    remote: Iterable[TaskSummary],
    *,
    show_all: bool,
    target: str,
    time: str,
    recorded_ids: Mapping[str, int] | None = None,
    minute: int | None = None,
    seen_ended: Collection[int] = (),
) -> Board:
    """Rows in the order given: campaigns, then orphans, then (with `show_all`) the others by
    name. A name the vendor lists twice shows its newest task; an orphan is found by the id the
    state recorded for it when the vendor still lists that id. A campaign whose task the state
    recorded but the window no longer reaches says so, with that id, rather than "not
    deployed". With `minute` (the reading's minute of the day, vendor time), a campaign's or an
    orphan's task under way outside its calling windows says when the next one opens. An
    orphan whose task had already ended when last read into the state (`seen_ended`, job ids)
    was shown then: it is left out, and counted, unless `show_all`."""
    remote = list(remote)
    by_id = {task.job_id: task for task in remote}
    newest: dict[str, TaskSummary] = {}
    for task in sorted(remote, key=lambda task: task.job_id):
        newest[task.task_name] = task
    ids = recorded_ids or {}
    rows = [
        _row(c, Kind.CAMPAIGN, newest.get(c.task_name), ids.get(c.task_name), minute)
        for c in campaigns
    ]
    orphaned = [
        _row(o, Kind.ORPHAN, by_id.get(ids.get(o.task_name, -1)), ids.get(o.task_name), minute)
        for o in orphans
    ]
    kept = [row for row in orphaned if show_all or not _seen_ended(row, seen_ended)]
    rows = beside_parents(rows + kept)
    if show_all:
        shown = {row.task.job_id for row in rows if row.task is not None}
        others = sorted(
            (task for task in remote if task.job_id not in shown),
            key=lambda task: (task.task_name, task.job_id),
        )
        rows += [Row(task.task_name, Kind.OTHER, None, task) for task in others]
    return Board(tuple(rows), target, time, len(orphaned) - len(kept))


def beside_parents(rows: Sequence[Row]) -> list[Row]:
    """The rows in their order, but each re-call right after its parent's row (when that is
    among them), and each parent naming its re-calls."""
    names = {row.task_name for row in rows}
    children: dict[str, list[Row]] = {}
    for row in rows:
        if row.recall_of in names and row.recall_of != row.task_name:
            children.setdefault(str(row.recall_of), []).append(row)
    placed: list[Row] = []
    done: set[int] = set()

    def put(row: Row) -> None:
        if id(row) in done:  # a loop of re-calls (each the other's parent) is shown once
            return
        done.add(id(row))
        below = children.get(row.task_name, [])
        placed.append(replace(row, recalled_by=tuple(child.task_name for child in below)))
        for child in below:
            put(child)

    for row in rows:
        if row.recall_of not in names or row.recall_of == row.task_name:
            put(row)
    for row in rows:  # what a loop left unplaced
        put(row)
    return placed


def _seen_ended(row: Row, seen_ended: Collection[int]) -> bool:
    return row.finished and row.task is not None and row.task.job_id in seen_ended


def _row(
    wanted: Wanted,
    kind: Kind,
    task: TaskSummary | None,
    recorded_id: int | None,
    minute: int | None,
) -> Row:
    opens = None
    if task is not None and task.status in UNDER_WAY and minute is not None:
        opens = next_opening(wanted.windows, minute)
    return Row(wanted.task_name, kind, wanted.file, task, recorded_id, opens, wanted.recall_of)
