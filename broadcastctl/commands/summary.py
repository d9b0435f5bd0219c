"""`broadcastctl results --summary`: a task's figures (and a second task's beside them, or every
task of the state that finished since its snapshot) in text, markdown or JSON. No number is
shown: a summary holds counts only."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence

from broadcastctl.api import Client, TaskSummary
from broadcastctl.api.vendortime import vendor_timezone
from broadcastctl.commands.options import ResultsOptions
from broadcastctl.commands.results import TaskRead, read_task
from broadcastctl.errors import EXIT_OK
from broadcastctl.plan.window import Window
from broadcastctl.state.store import State, StateFile, state_path
from broadcastctl.status.board import FINISHED
from broadcastctl.status.results import SmsRules, UnlinkedRecordsError
from broadcastctl.status.summary import Summary, summarize
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
                read = read_task(client, task, remote, state.entries)
            except UnlinkedRecordsError as error:
                if not options.finished:
                    raise
                # One campaign whose file is gone does not hide the others' summaries.
                name = visible(task if isinstance(task, str) else task.task_name)
                print(f"broadcastctl: warning: task '{name}' left out: {error}", file=sys.stderr)
                continue
            summaries.append(summary_of(read))
            for warning in read.warnings:
                print(f"broadcastctl: warning: {warning}", file=sys.stderr)
    if not summaries:
        print(_nothing(options.output_format), end="")
        return EXIT_OK
    print(VIEWS[options.output_format](summaries), end="")
    return EXIT_OK


def summary_of(read: TaskRead) -> Summary:
    rules = SmsRules.of(read.sent)
    return summarize(
        read.task.task_name,
        read.task.job_id,
        read.task.call_num,
        read.picked.records,
        sms=None if rules is None else rules.sent,
        ambiguous=len(read.picked.ambiguous),
    )


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
    yield from finished_since(listed, state)


def _nothing(output_format: str) -> str:
    if output_format == "json":
        return '{\n  "version": 1,\n  "tasks": []\n}\n'
    return "No campaign finished since the last snapshot.\n"
