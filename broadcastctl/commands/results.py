"""`broadcastctl results TASK --out FILE.csv`: a task's call records, every page of the vendor's
record query, to a CSV file. Full numbers go to that file only; nothing printed shows one."""

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
from broadcastctl.status.results import HEADER, Picked, SmsRules, Span, csv_rows, pick
from broadcastctl.status.resultsview import results_summary
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
    with open_target(remote.sandbox, vendor_timezone()) as target:
        read = read_task(target.client, options.task, remote, entries)
    rows = csv_rows(read.picked, SmsRules.of(read.sent), masked=options.masked)
    write_csv(target_file, HEADER, rows, force=options.force)
    mine = read.picked.records
    said = results_summary(
        read.task,
        mine,
        target_file,
        options.masked,
        complete=read.complete,
        left_out=read.picked.outside,
    )
    print(said)
    for line in recall_lines(read.task, remote.paths, entries):
        print(line)
    for warning in [*read.warnings, *warnings(target_file, mine, options.masked)]:
        print(f"broadcastctl: warning: {warning}", file=sys.stderr)
    return EXIT_OK


@dataclass(frozen=True)
class TaskRead:
    """A task, its records as picked, what was sent to it (for its SMS settings), whether the
    records reach back to its start, and what the reader should be told about them."""

    task: TaskSummary
    picked: Picked
    sent: Mapping[str, Any] | None
    complete: bool
    warnings: tuple[str, ...]


def read_task(
    client: Client, task: str | TaskSummary, remote: Remote, entries: Mapping[str, Entry]
) -> TaskRead:
    """Find the task (unless found already) and read its records from every task's, within
    its span."""
    found = find(client, task, remote.since_days) if isinstance(task, str) else task
    entry = entries.get(found.task_name)
    body = _sent_body(found.task_name, remote.paths)
    numbers, said = task_numbers(body, entry)
    start, end, complete = record_window(found, client)
    span = task_span(client, found, start)
    progress = ProgressBar(sys.stderr, "Reading call records", "pages")
    try:
        # Only the task's records are kept while every task's pages stream by.
        records = client.iter_call_records(
            start, end, workers=remote.workers, on_page=progress.update
        )
        picked = pick(records, found.job_id, numbers, span)
    finally:
        progress.close()
    # What was sent says how the task sends its SMS better than a file edited since.
    sent = entry.sent if entry is not None and entry.sent is not None else body
    told = [*([] if picked.linked else said), *attribution(found, picked)]
    return TaskRead(found, picked, sent, complete, tuple(told))


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
    window = Window.last_days(since_days, client.now())
    tasks = client.list_tasks(created_from=window.start, created_to=window.end)
    named = [summary for summary in tasks if summary.task_name == task]
    if named:
        return max(named, key=lambda summary: summary.job_id)
    numbered = [summary for summary in tasks if task.isdigit() and summary.job_id == int(task)]
    if numbered:
        return numbered[0]
    raise BroadcastctlError(
        f"no task named or numbered {task!r} was created in the last {plural(since_days, 'day')} "
        "(--since-days widens the search)"
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
