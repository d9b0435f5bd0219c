"""`broadcastctl results --summary`: a task's figures (and a second task's beside them, or every
task of the state that finished since its snapshot) in text, markdown or JSON; a campaign in
zone parts, its totals and each part's. No number is shown: a summary holds counts only."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace

from broadcastctl.api import Client, TaskSummary
from broadcastctl.api.vendortime import vendor_timezone
from broadcastctl.commands.options import Remote, ResultsOptions
from broadcastctl.commands.results import TaskRead, parts_named, read_parts, read_task
from broadcastctl.errors import EXIT_OK
from broadcastctl.plan.window import Window
from broadcastctl.state.entry import Entry
from broadcastctl.state.store import State, StateFile, state_path
from broadcastctl.status.board import FINISHED
from broadcastctl.status.results import SmsRules, UnlinkedRecordsError
from broadcastctl.status.summary import Summary, rolled_up, summarize
from broadcastctl.status.summaryviews import VIEWS
from broadcastctl.visible import visible
from broadcastctl.workflow.target import open_target


def run(options: ResultsOptions) -> int:
    remote = options.remote
    state = StateFile(state_path(remote.state)).read()
    summaries = []
    with open_target(remote.sandbox, vendor_timezone()) as target:
        client = target.client
        for task in _tasks(client, options, state):
            try:
                summary, warnings = _summed_up(client, task, remote, state.entries)
            except UnlinkedRecordsError as error:
                if not options.finished:
                    raise
                # One campaign whose file is gone does not hide the others' summaries.
                name = visible(task if isinstance(task, str) else task.task_name)
                print(f"broadcastctl: warning: task '{name}' left out: {error}", file=sys.stderr)
                continue
            summaries.append(summary)
            for warning in warnings:
                print(f"broadcastctl: warning: {warning}", file=sys.stderr)
    if not summaries:
        print(_nothing(options.output_format), end="")
        return EXIT_OK
    print(VIEWS[options.output_format](summaries), end="")
    return EXIT_OK


def _summed_up(
    client: Client, task: str | TaskSummary, remote: Remote, entries: Mapping[str, Entry]
) -> tuple[Summary, list[str]]:
    """A task's summary; a campaign's in zone parts (or one part's, by its task name), from
    the parts the state records; and the warnings of the reading."""
    name = task if isinstance(task, str) else task.task_name
    parts = parts_named(name, entries)
    if not parts:
        read = read_task(client, task, remote, entries)
        return summary_of(read), list(read.warnings)
    reads = read_parts(client, name, parts, remote, entries)
    warnings = [warning for read in reads for warning in read.warnings]
    each = [summary_of(read.read, read.label) for read in reads]
    if len(parts) == 1 and parts[0].task_name == name:
        return each[0], warnings  # that part alone
    records = [record for read in reads for record in read.read.picked.records]
    return rolled_up(name, each, records), warnings


def summary_of(read: TaskRead, part: str | None = None) -> Summary:
    rules = SmsRules.of(read.sent)
    summary = summarize(
        read.task.task_name,
        read.task.job_id,
        read.task.call_num,
        read.picked.records,
        sms=None if rules is None else rules.sent,
        ambiguous=len(read.picked.ambiguous),
    )
    return replace(summary, part=part)


def finished_since(tasks: Sequence[TaskSummary], state: State) -> list[TaskSummary]:
    """The state's tasks that are finished now and were not when its snapshot was taken (the
    last refresh or deploy); without a snapshot, every finished task of the state."""
    before = {} if state.snapshot is None else {t.job_id: t.status for t in state.snapshot.tasks}
    ours = {entry.job_id for entry in state.entries.values()}
    return [
        task
        for task in sorted(tasks, key=lambda task: task.job_id)
        if task.job_id in ours
        and task.status in FINISHED
        and before.get(task.job_id) not in FINISHED
    ]


def _tasks(client: Client, options: ResultsOptions, state: State) -> Iterator[str | TaskSummary]:
    if not options.finished:
        yield from (name for name in (options.task, options.beside) if name is not None)
        return
    window = Window.last_days(options.remote.since_days, client.now())
    listed = client.list_tasks(created_from=window.start, created_to=window.end)
    yield from as_campaigns(finished_since(listed, state), listed, state.entries)


def as_campaigns(
    finished: Sequence[TaskSummary], listed: Sequence[TaskSummary], entries: Mapping[str, Entry]
) -> Iterator[str | TaskSummary]:
    """The tasks finished, a campaign's zone parts as their campaign (by its taskName) once
    every part has finished; until then, none of its parts."""
    by_id = {task.job_id: task for task in listed}
    seen = set()
    for task in finished:
        entry = entries.get(task.task_name)
        campaign = None if entry is None else entry.campaign
        if campaign is None:
            yield task
        elif campaign not in seen:
            seen.add(campaign)
            parts = [by_id.get(part.job_id) for part in parts_named(campaign, entries)]
            if all(part is not None and part.status in FINISHED for part in parts):
                yield campaign


def _nothing(output_format: str) -> str:
    if output_format == "json":
        return '{\n  "version": 1,\n  "tasks": []\n}\n'
    return "No campaign finished since the last snapshot.\n"
