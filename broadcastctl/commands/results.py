"""`broadcastctl results TASK --out FILE.csv`: a task's call records, every page of the vendor's
record query, to a CSV file. Full numbers go to that file only; nothing printed shows one."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from broadcastctl.api import Client, TaskSummary
from broadcastctl.api.callrecords import RECORDS_KEPT, CallRecord
from broadcastctl.api.vendortime import parse_vendor_time, vendor_timezone
from broadcastctl.commands.options import ResultsOptions
from broadcastctl.errors import EXIT_OK, BroadcastctlError
from broadcastctl.git import could_be_committed
from broadcastctl.lint.campaigns import Campaign, find_campaign_files, load_campaign
from broadcastctl.output.progress import ProgressBar
from broadcastctl.output.words import plural
from broadcastctl.plan.bodies import to_payload
from broadcastctl.plan.window import Window
from broadcastctl.state.entry import Entry
from broadcastctl.state.store import StateFile, state_path
from broadcastctl.status.csvfile import refuse_existing, write_csv
from broadcastctl.status.results import HEADER, SmsRules, csv_rows, pick
from broadcastctl.status.resultsview import results_summary
from broadcastctl.workflow.target import open_target

# The records are read up to this far past this machine's clock: the vendor's may run ahead.
CLOCK_MARGIN = dt.timedelta(hours=1)


def run(options: ResultsOptions) -> int:
    remote = options.remote
    target_file = Path(options.out)
    refuse_existing(target_file, options.force)  # before any request: nothing is read in vain
    entries = StateFile(state_path(remote.state)).read().entries
    with open_target(remote.sandbox, vendor_timezone()) as target:
        client = target.client
        found = find(client, options.task, remote.since_days)
        campaign = _campaign_named(found.task_name, remote.paths)
        body = None if campaign is None else dict(to_payload(campaign).body)
        entry = entries.get(found.task_name)
        start, end, complete = record_window(found, client)
        progress = ProgressBar(sys.stderr, "Reading call records", "pages")
        numbers = None if body is None else body["numberList"]
        try:
            # Only the task's records are kept while every task's pages stream by.
            records = client.iter_call_records(
                start, end, workers=remote.workers, on_page=progress.update
            )
            picked = pick(records, found.job_id, numbers)
        finally:
            progress.close()
    mine = picked.records
    # What was sent says how the task sends its SMS better than a file edited since.
    sent = entry.sent if entry is not None and entry.sent is not None else body
    rows = csv_rows(mine, SmsRules.of(sent), masked=options.masked)
    write_csv(target_file, HEADER, rows, force=options.force)
    print(results_summary(found, mine, target_file, options.masked, complete=complete))
    unlinked = None if picked.linked else numbers
    for warning in warnings(target_file, mine, options.masked, entry, unlinked):
        print(f"broadcastctl: warning: {warning}", file=sys.stderr)
    return EXIT_OK


def warnings(
    path: Path,
    records: Sequence[CallRecord],
    masked: bool,
    entry: Entry | None,
    numbers_used: Sequence[str] | None,
) -> list[str]:
    """What the user should know about the file written."""
    found = []
    if numbers_used is not None and entry is not None and not entry.same_numbers(numbers_used):
        found.append(
            "the campaign's numbers are not the ones deploy sent to this task (the file changed "
            "since): calls to numbers no longer in it are not in the file"
        )
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


def _campaign_named(task: str, paths: Sequence[str]) -> Campaign | None:
    """The campaign file whose taskName is `task` (lint errors or not: its numbers are what
    matter), if one of the paths holds it."""
    for path in find_campaign_files(paths):
        campaign = load_campaign(path).campaign
        if campaign is not None and campaign.data.get("taskName") == task:
            return campaign
    return None
