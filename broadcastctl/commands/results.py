"""`broadcastctl results TASK --out FILE.csv`: a task's call records, every page of the vendor's
record query, to a CSV file. Full numbers go to that file only; nothing printed shows one.
A campaign sent in zone parts (the state's entries name them) is every part's records in one
file, with the part's label; one part's task name is that part alone."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from broadcastctl.api import Client, TaskSummary
from broadcastctl.api.callrecords import RECORDS_KEPT, CallRecord
from broadcastctl.api.vendortime import parse_vendor_time, vendor_timezone
from broadcastctl.commands.options import Remote, ResultsOptions
from broadcastctl.errors import EXIT_OK, BroadcastctlError
from broadcastctl.git import could_be_committed
from broadcastctl.lint.campaigns import Campaign, find_campaign_files, load_campaign
from broadcastctl.output.progress import ProgressBar
from broadcastctl.output.words import plural
from broadcastctl.plan.bodies import recall_of, to_payload
from broadcastctl.plan.window import Window
from broadcastctl.state.entry import Entry
from broadcastctl.state.store import StateFile, state_path
from broadcastctl.status.board import FINISHED
from broadcastctl.status.csvfile import refuse_existing, write_csv
from broadcastctl.status.partnumbers import PartSent, numbers_by_part
from broadcastctl.status.results import (
    HEADER,
    PART_HEADER,
    PartPicked,
    Picked,
    Picker,
    SmsRules,
    Span,
    UnlinkedRecordsError,
    csv_rows,
    part_rows,
    pick_each,
)
from broadcastctl.status.resultsview import PartWritten, parts_summary, results_summary
from broadcastctl.visible import visible
from broadcastctl.workflow.target import open_target

# The records are read up to this far past this machine's clock: the vendor's may run ahead.
CLOCK_MARGIN = dt.timedelta(hours=1)


def run(options: ResultsOptions) -> int:
    if options.summary:
        from broadcastctl.commands import summary  # noqa: PLC0415 - its tables load only here

        return summary.run(options)
    assert options.task is not None  # the command line's checks
    assert options.out is not None
    remote = options.remote
    target_file = Path(options.out)
    refuse_existing(target_file, options.force)  # before any request: nothing is read in vain
    entries = StateFile(state_path(remote.state)).read().entries
    parts = parts_named(options.task, entries)
    with open_target(remote.sandbox, vendor_timezone()) as target:
        if parts:
            reads = read_parts(target.client, options.task, parts, remote, entries)
        else:
            reads = [PartRead(None, read_task(target.client, options.task, remote, entries))]
    if parts:
        picks = [PartPicked(r.label or "", r.read.picked, SmsRules.of(r.read.sent)) for r in reads]
        write_csv(target_file, PART_HEADER, part_rows(picks, masked=options.masked),
                  force=options.force)  # fmt: skip
        print(parts_summary(options.task, [_written(r) for r in reads], target_file,
                            options.masked))  # fmt: skip
    else:
        read = reads[0].read
        rows = csv_rows(read.picked, SmsRules.of(read.sent), masked=options.masked)
        write_csv(target_file, HEADER, rows, force=options.force)
        print(_said(read, target_file, options.masked))
        for line in recall_lines(read.task, remote.paths, entries):
            print(line)
    mine = [record for r in reads for record in r.read.picked.records]
    told = [warning for r in reads for warning in r.warnings]
    for warning in [*told, *warnings(target_file, mine, options.masked)]:
        print(f"broadcastctl: warning: {warning}", file=sys.stderr)
    return EXIT_OK


def _said(read: TaskRead, path: Path, masked: bool) -> str:
    return results_summary(read.task, read.picked.records, path, masked,
                           complete=read.complete, left_out=read.picked.outside)  # fmt: skip


def _written(read: PartRead) -> PartWritten:
    task = read.read
    return PartWritten(read.label or task.task.task_name, task.task, task.picked.records,
                       task.complete, task.picked.outside)  # fmt: skip


@dataclass(frozen=True)
class TaskRead:
    """A task, its records as picked, what was sent to it (for its SMS settings), whether the
    records reach back to its start, and what the reader should be told about them."""

    task: TaskSummary
    picked: Picked
    sent: Mapping[str, Any] | None
    complete: bool
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class PartRead:
    """A task read, and the zone label of the campaign's part it is (None: a task sent whole)."""

    label: str | None
    read: TaskRead

    @property
    def warnings(self) -> list[str]:
        said = f"part {visible(self.label)}: " if self.label is not None else ""
        return [said + warning for warning in self.read.warnings]


@dataclass(frozen=True)
class Prepared:
    """What is known of a task before its records are read: the numbers it was sent (None:
    unknown), when it may have called, the window to read and what the reader is told."""

    task: TaskSummary
    numbers: list[str] | None
    span: Span
    window: tuple[dt.datetime, dt.datetime, bool]  # start, end, whether it reaches the start
    sent: Mapping[str, Any] | None
    said: tuple[str, ...]


def read_task(
    client: Client, task: str | TaskSummary, remote: Remote, entries: Mapping[str, Entry]
) -> TaskRead:
    """Find the task (unless found already) and read its records from every task's, within
    its span."""
    found = find(client, task, remote.since_days) if isinstance(task, str) else task
    entry = entries.get(found.task_name)
    body = _sent_body(found.task_name, remote.paths)
    numbers, said = task_numbers(body, entry)
    return read_records(
        client, [prepare(client, found, entry, body, numbers=numbers, said=said)], remote
    )[0]


def read_parts(
    client: Client, name: str, parts: Sequence[Entry], remote: Remote, entries: Mapping[str, Entry]
) -> list[PartRead]:
    """Each zone part's task (`parts`, the state's entries, by label) read, from one pass over
    every task's records; their numbers are the campaign file's, as each part's digest
    confirms them."""
    tasks = find_named(client, [part.task_name for part in parts], remote.since_days)
    campaign = parts[0].campaign or name
    body = _sent_body(campaign, remote.paths)
    split = _numbers_by_part(body, parts)
    prepared = [
        prepare(client, task, part, body, numbers=_of(split, part), said=())
        for part, task in zip(parts, tasks, strict=True)
    ]
    try:
        reads = read_records(client, prepared, remote)
    except UnlinkedRecordsError as error:
        if body is None:
            raise
        raise UnlinkedRecordsError(
            f"the vendor's call records name no task, and {_UNSPLIT}"
        ) from error
    return [PartRead(part.part, read) for part, read in zip(parts, reads, strict=True)]


def _of(split: Mapping[str, list[str]] | None, part: Entry) -> list[str] | None:
    return None if split is None else split[part.task_name]


_UNSPLIT = (
    "which of the campaign's numbers each zone part was sent cannot be told: the campaign "
    "file's numbers (now, and at the commit deployed) are not those the state's record of the "
    "parts confirms"
)


def _numbers_by_part(
    body: Mapping[str, Any] | None, parts: Sequence[Entry]
) -> Mapping[str, list[str]] | None:
    """Each part's numbers, from the campaign file, else from it at the commit deployed."""
    if body is None:
        return None
    sent = [PartSent(part.task_name, part.number_count, part.same_numbers) for part in parts]
    split = numbers_by_part(list(body["numberList"]), sent)
    first = parts[0]
    if split is None and first.commit is not None and first.file is not None:
        from broadcastctl.workflow.history import numbers_at  # noqa: PLC0415 - git, rarely

        old = numbers_at(first.commit, Path(first.file))
        split = None if old is None else numbers_by_part(old, sent)
    return split


def prepare(
    client: Client,
    found: TaskSummary,
    entry: Entry | None,
    body: Mapping[str, Any] | None,
    *,
    numbers: list[str] | None,
    said: Sequence[str],
) -> Prepared:
    start, end, complete = record_window(found, client)
    span = task_span(client, found, start)
    # What was sent says how the task sends its SMS better than a file edited since.
    sent = entry.sent if entry is not None and entry.sent is not None else body
    return Prepared(found, numbers, span, (start, end, complete), sent, tuple(said))


def read_records(client: Client, prepared: Sequence[Prepared], remote: Remote) -> list[TaskRead]:
    """The tasks' records from one pass over every task's, from the earliest start."""
    start = min(item.window[0] for item in prepared)
    end = max(item.window[1] for item in prepared)
    pickers = [Picker(item.task.job_id, item.numbers, item.span) for item in prepared]
    progress = ProgressBar(sys.stderr, "Reading call records", "pages")
    try:
        # Only the tasks' records are kept while every task's pages stream by.
        records = client.iter_call_records(
            start, end, workers=remote.workers, on_page=progress.update
        )
        pick_each(records, pickers)
    finally:
        progress.close()
    reads = []
    for item, picker in zip(prepared, pickers, strict=True):
        picked = picker.picked()
        told = [*([] if picked.linked else item.said), *attribution(item.task, picked)]
        reads.append(TaskRead(item.task, picked, item.sent, item.window[2], tuple(told)))
    return reads


def parts_named(name: str, entries: Mapping[str, Entry]) -> list[Entry]:
    """The zone parts `name` stands for, as the state records them: every part of the
    campaign of that taskName (by label), or the one part whose task name it is; none for a
    task sent whole."""
    parts = [entry for entry in entries.values() if entry.campaign == name]
    if parts:
        return sorted(parts, key=lambda entry: entry.part or entry.task_name)
    entry = entries.get(name)
    return [entry] if entry is not None and entry.campaign is not None else []


def task_numbers(
    body: Mapping[str, Any] | None, entry: Entry | None
) -> tuple[list[str] | None, list[str]]:
    """The numbers the task was sent, and what to say of them. The state keeps only their
    digest: the campaign file's numbers are trusted when they match it, else the file at the
    commit the task was deployed at when those match, else the file's, with a warning."""
    numbers = None if body is None or "numberList" not in body else list(body["numberList"])
    if entry is None or numbers is None or entry.same_numbers(numbers) is not False:
        return numbers, []
    if entry.commit is not None and entry.file is not None:
        from broadcastctl.workflow.history import numbers_at  # noqa: PLC0415 - git, rarely

        old = numbers_at(entry.commit, Path(entry.file))
        if old is not None and entry.same_numbers(old):
            return old, []
    return numbers, [
        "the campaign's numbers are not the ones deploy sent to this task (the file changed "
        "since): calls to numbers no longer in it are not in the file"
    ]


def task_span(client: Client, task: TaskSummary, start: dt.datetime) -> Span:
    """From `start` (or the task's sendTime, if later) to the task's finishTime (none while it
    calls), as its detail says; what the detail leaves out does not narrow the span."""
    fields = client.get_task(task.job_id).fields
    zone = client.config.timezone
    send = _vendor_time(fields.get("sendTime"), zone)
    end = _vendor_time(fields.get("finishTime"), zone) if task.status in FINISHED else None
    # finishTime and callTime are to the second, rounded as the vendor likes: a second's margin
    return Span(max(start, send) if send else start, end + dt.timedelta(seconds=1) if end else None)


def attribution(task: TaskSummary, picked: Picked) -> list[str]:
    """What the reader must know about which rows are the task's."""
    said = []
    if picked.ambiguous:
        said.append(
            f"{plural(len(picked.ambiguous), 'row')} (match: ambiguous) are calls to numbers "
            "another task also called while this one was calling: the vendor's records name no "
            "task, so which of them were this task's cannot be told"
        )
    if len(picked.records) > task.call_num:
        said.append(
            f"the file holds {plural(len(picked.records), 'row')}, more than the "
            f"{task.call_num:,} calls the vendor's list counts placed"
            + ("" if picked.ambiguous else ": its count may lag behind the records")
        )
    return said


def warnings(path: Path, records: Sequence[CallRecord], masked: bool) -> list[str]:
    """What the user should know about the file written."""
    found = []
    if not masked and records and could_be_committed(path):
        found.append(
            f"{path} is inside a git repository and not ignored: it holds phone numbers, so "
            "keep it out of commits (add it to .gitignore)"
        )
    return found


def find(client: Client, task: str, since_days: int) -> TaskSummary:
    """The task named `task` (the newest of that name), else the one with that id."""
    tasks = _listed(client, since_days)
    named = [summary for summary in tasks if summary.task_name == task]
    if named:
        return max(named, key=lambda summary: summary.job_id)
    numbered = [summary for summary in tasks if task.isdigit() and summary.job_id == int(task)]
    if numbered:
        return numbered[0]
    raise _not_found(task, since_days)


def find_named(client: Client, names: Sequence[str], since_days: int) -> list[TaskSummary]:
    """The newest task of each name, from one list call."""
    newest: dict[str, TaskSummary] = {}
    for summary in sorted(_listed(client, since_days), key=lambda summary: summary.job_id):
        newest[summary.task_name] = summary
    missing = [name for name in names if name not in newest]
    if missing:
        raise _not_found(missing[0], since_days)
    return [newest[name] for name in names]


def _listed(client: Client, since_days: int) -> list[TaskSummary]:
    window = Window.last_days(since_days, client.now())
    return client.list_tasks(created_from=window.start, created_to=window.end)


def _not_found(task: str, since_days: int) -> BroadcastctlError:
    return BroadcastctlError(
        f"no task named or numbered {task!r} was created in the last "
        f"{plural(since_days, 'day')} (--since-days widens the search)"
    )


def record_window(task: TaskSummary, client: Client) -> tuple[dt.datetime, dt.datetime, bool]:
    """From the task's creation (no call comes before it) to now, and whether that is all of
    the task's life: the vendor keeps two months."""
    now = client.now()
    kept_from = now - RECORDS_KEPT
    try:
        created = parse_vendor_time(task.created_time, client.config.timezone)
    except ValueError:
        created = kept_from
    if created < kept_from:
        print(
            f"broadcastctl: task {task.job_id} was created {created:%Y-%m-%d %H:%M} and the vendor "
            f"keeps call records for two months: any call placed before {kept_from:%Y-%m-%d %H:%M} "
            "(vendor time) is not in the file",
            file=sys.stderr,
        )
    return max(created, kept_from), now + CLOCK_MARGIN, created >= kept_from


def _vendor_time(value: object, zone: dt.tzinfo) -> dt.datetime | None:
    try:
        return parse_vendor_time(value, zone) if isinstance(value, str) else None
    except ValueError:
        return None


def _sent_body(task: str, paths: Sequence[str], seen: frozenset[str] = frozenset()) -> Any:
    """The body the campaign named `task` sends; a re-call's with its parent's numbers, among
    which the vendor picked its own (its calls come after the parent's: its span tells them
    apart). None without a campaign file."""
    campaign = _campaign_named(task, paths)
    if campaign is None:
        return None
    body = dict(to_payload(campaign).body)
    recall = recall_of(campaign.data)
    if recall is not None and recall.parent not in seen | {task}:
        parent = _sent_body(recall.parent, paths, seen | {task})
        if parent is not None and "numberList" in parent:
            body["numberList"] = parent["numberList"]
    return body


def recall_lines(
    task: TaskSummary, paths: Sequence[str], entries: Mapping[str, Entry]
) -> list[str]:
    """Which task `task` re-calls, and which re-call it, from the campaign files and the
    state: each with the command that writes its calls."""
    parent, recalls = relatives(task.task_name, paths, entries)
    lines = []
    if parent is not None:
        lines.append(
            f"It re-calls '{visible(parent)}'{_task_id(parent, entries)}: "
            f"`broadcastctl results {visible(parent)}` writes that task's calls."
        )
    lines += [
        f"Re-called by '{visible(name)}'{_task_id(name, entries)}: "
        f"`broadcastctl results {visible(name)}` writes its calls."
        for name in recalls
    ]
    return lines


def relatives(
    name: str, paths: Sequence[str], entries: Mapping[str, Entry]
) -> tuple[str | None, list[str]]:
    """The parent `name` re-calls, and its re-calls, by taskName: from the campaign files'
    recallOf, and from what the state recorded was sent."""
    recalling: dict[str, str] = {}
    for entry in entries.values():
        parent = (entry.sent or {}).get("recallOf")
        if isinstance(parent, str):
            recalling[entry.task_name] = parent
    for path in find_campaign_files(paths):
        campaign = load_campaign(path).campaign
        if campaign is None:
            continue
        recall, own = recall_of(campaign.data), campaign.data.get("taskName")
        if recall is not None and isinstance(own, str):
            recalling[own] = recall.parent
    recalls = sorted(child for child, parent in recalling.items() if parent == name)
    return recalling.get(name), recalls


def _task_id(name: str, entries: Mapping[str, Entry]) -> str:
    entry = entries.get(name)
    return "" if entry is None else f" (task {entry.job_id})"


def _campaign_named(task: str, paths: Sequence[str]) -> Campaign | None:
    """The campaign file whose taskName is `task` (lint errors or not: its numbers are what
    matter), if one of the paths holds it."""
    for path in find_campaign_files(paths):
        campaign = load_campaign(path).campaign
        if campaign is not None and campaign.data.get("taskName") == task:
            return campaign
    return None
