"""The status board: one row per campaign (and orphan, and with --all every other task), from
the list call's rows alone; a campaign sent in zone parts rolled up, its parts beneath. Pure:
the command reads the files, the state and the vendor."""

from __future__ import annotations

import enum
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from broadcastctl.api.records import TaskSummary
from broadcastctl.status.rollup import rolled_rate, rolled_status, soonest
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
    task: TaskSummary | None  # None: not deployed (a campaign) or not in the window; or in parts
    recorded_id: int | None = None  # the task id the state recorded for this name
    # the campaign's task is under way, but the reading falls outside its calling windows
    # (allowSendTime, vendor time): when the next one opens, as HH:mm
    window_opens: str | None = None
    recall_of: str | None = None  # a re-call: the taskName of the task it calls again
    # A campaign sent in zone parts: a row a part (its task), the campaign's row their sum.
    parts: tuple[Row, ...] = ()
    label: str | None = None  # a part's zone label
    recalled_by: tuple[str, ...] = ()  # the re-calls of this row's task among the rows

    @property
    def tasks(self) -> list[TaskSummary]:
        """The vendor's tasks the row shows: its own, or its parts'."""
        if self.parts:
            return [part.task for part in self.parts if part.task is not None]
        return [] if self.task is None else [self.task]

    @property
    def outside_window(self) -> bool:
        """Deployed (the state says so) but older than the list window reaches."""
        if self.parts:
            return not self.tasks
        return self.task is None and (
            self.recorded_id is not None or self.kind is not Kind.CAMPAIGN
        )

    @property
    def finished(self) -> bool:
        """Its task (every part's task) has finished."""
        tasks = self.tasks
        return bool(tasks) and all(task.status in FINISHED for task in tasks)

    @property
    def status(self) -> int | None:
        """The task's status, or the campaign's from its parts' (see `rollup`)."""
        tasks = self.tasks
        if not tasks:
            return None
        return (
            tasks[0].status if self.task is not None else rolled_status([t.status for t in tasks])
        )

    @property
    def status_name(self) -> str:
        status = self.status
        if status is None:
            return "not in the list window" if self.outside_window else "not deployed"
        return TASK_STATUSES.get(status, f"status {status}")

    @property
    def counts(self) -> tuple[int, int, int, int] | None:
        """Numbers, calls placed, answered and failed, summed over the parts; None without a
        task."""
        tasks = self.tasks
        if not tasks:
            return None
        return (
            sum(task.number_count for task in tasks),
            sum(task.call_num for task in tasks),
            sum(task.success for task in tasks),
            sum(task.fail for task in tasks),
        )

    @property
    def rate(self) -> str | None:
        """The vendor's progress rate, or the parts' weighed by their numbers."""
        tasks = self.tasks
        if not tasks:
            return None
        return tasks[0].rate if self.task is not None else rolled_rate(tasks)

    @property
    def job_id(self) -> int | None:
        """The task's id (the one recorded when the window misses it); None for parts."""
        return self.recorded_id if self.task is None else self.task.job_id


@dataclass(frozen=True)
class Board:
    """The rows, where they were read from and the vendor's time of the reading."""

    rows: tuple[Row, ...]
    target: str
    time: str
    hidden: int = 0  # ended orphans a deploy or refresh already saw ended, left out (--all)

    @property
    def tasks(self) -> list[TaskSummary]:
        return [task for row in self.rows for task in row.tasks]

    @property
    def watched(self) -> list[Row]:
        """The rows a watch waits for: the campaigns' tasks. An orphan waits for a prune and
        another task for whoever made it; neither may hold a watch for months."""
        return [row for row in self.rows if row.kind is Kind.CAMPAIGN and row.tasks]

    @property
    def done(self) -> bool:
        """Whether every campaign's task (each of its parts') has finished (true when none
        exists)."""
        return all(row.finished for row in self.watched)


@dataclass(frozen=True)
class Wanted:
    """A campaign file's task name, or a task the state names (`file` as the state has it),
    with the campaign's calling windows as written (`allowSendTime`: strTime, endTime).

    A campaign sent in zone parts names them (`parts`, each with its `label`, its full task
    name and its windows as sent), from the state; `in_parts` says that the campaign is sent
    so (its `localWindows`), so that none of its tasks bears its bare name."""

    task_name: str
    file: str | None
    windows: tuple[tuple[str, str], ...] = ()
    recall_of: str | None = None  # a re-call's recallOf: shown beside its parent
    parts: tuple[Wanted, ...] = ()
    label: str | None = None
    in_parts: bool = False


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
    was shown then: it is left out, and counted, unless `show_all`. A campaign in parts is one
    row over a row a part, each part's task found as its campaign's would be."""
    remote = list(remote)
    by_id = {task.job_id: task for task in remote}
    newest: dict[str, TaskSummary] = {}
    for task in sorted(remote, key=lambda task: task.job_id):
        newest[task.task_name] = task
    ids = recorded_ids or {}

    def named(name: str) -> TaskSummary | None:
        return newest.get(name)

    def recorded(name: str) -> TaskSummary | None:
        return by_id.get(ids.get(name, -1))

    rows = [_row(c, Kind.CAMPAIGN, named, ids, minute) for c in campaigns]
    orphaned = [_row(o, Kind.ORPHAN, recorded, ids, minute) for o in orphans]
    kept = [row for row in orphaned if show_all or not _seen_ended(row, seen_ended)]
    rows = beside_parents(rows + kept)
    if show_all:
        shown = {task.job_id for row in rows for task in row.tasks}
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
    return row.finished and all(task.job_id in seen_ended for task in row.tasks)


def _row(
    wanted: Wanted,
    kind: Kind,
    find: Callable[[str], TaskSummary | None],
    ids: Mapping[str, int],
    minute: int | None,
) -> Row:
    """The row of a task (`find` finds it by name) or of a campaign in parts, which finds
    each part's task so; one in parts with none recorded yet is not deployed."""
    if wanted.parts:
        parts = tuple(_row(part, kind, find, ids, minute) for part in wanted.parts)
        return Row(
            wanted.task_name, kind, wanted.file, None, None, _parts_opening(parts, minute),
            wanted.recall_of, parts,
        )  # fmt: skip
    task = None if wanted.in_parts else find(wanted.task_name)
    recorded_id = None if wanted.in_parts else ids.get(wanted.task_name)
    opens = None
    if task is not None and task.status in UNDER_WAY and minute is not None:
        opens = next_opening(wanted.windows, minute)
    return Row(
        wanted.task_name, kind, wanted.file, task, recorded_id, opens, wanted.recall_of,
        label=wanted.label,
    )  # fmt: skip


def _parts_opening(parts: Sequence[Row], minute: int | None) -> str | None:
    """When the campaign's next window opens: the soonest of its parts' under way, when every
    one of them is outside its windows (one inside is calling now)."""
    under_way = [part for part in parts if part.task is not None and part.task.status in UNDER_WAY]
    openings = [part.window_opens for part in under_way if part.window_opens is not None]
    if minute is None or not under_way or len(openings) < len(under_way):
        return None
    return soonest(openings, minute)
