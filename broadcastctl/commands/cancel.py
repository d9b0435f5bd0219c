"""`broadcastctl cancel CAMPAIGN|TASK-ID...`: stop tasks at the vendor, each with one cancel
call, and record the stop in the state so that `plan` shows the campaign as cancelled."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from broadcastctl import __version__
from broadcastctl.api.records import TaskSummary
from broadcastctl.api.vendortime import vendor_timezone
from broadcastctl.commands.options import CancelOptions
from broadcastctl.deploy import cancelviews as views
from broadcastctl.deploy.cancelviews import Done, Result, Stop
from broadcastctl.deploy.deployer import RateLimiter
from broadcastctl.deploy.prune import CANCELLED, STOPPABLE, cancel_once
from broadcastctl.errors import EXIT_FAILURE, EXIT_OK, BroadcastctlError, UsageError
from broadcastctl.git import head_commit
from broadcastctl.lint.campaigns import load_campaign
from broadcastctl.plan.window import Window
from broadcastctl.state.entry import Entry
from broadcastctl.state.store import State, StateFile, now_text, state_path
from broadcastctl.workflow.target import Target, open_target

RATE = 5.0  # cancel calls a second at most


def run(options: CancelOptions) -> int:
    """With --format json the preview goes to stderr and stdout holds one JSON document."""
    as_json = options.output_format == "json"
    human = sys.stderr if as_json else sys.stdout
    store = StateFile(state_path(options.remote.state))
    with store.held(), open_target(options.remote.sandbox, vendor_timezone()) as target:
        state = store.read()
        stops = find(target, options.tasks, state.entries, options.remote.since_days)
        stoppable = [stop for stop in stops if stop.status in STOPPABLE]
        print(views.preview(stops, stoppable, target.label), end="", file=human)
        if stoppable and not options.yes:
            confirm(stoppable, options.remote.sandbox)
        results = [_cancel(target, stop) if stop in stoppable else _ended(stop) for stop in stops]
        record(store, state, [done for done in results if done.result.stopped])
    if as_json:
        print(json.dumps(views.document(results, target.label), indent=2, ensure_ascii=False))
    else:
        print("\n".join(views.result_line(done) for done in results))
        print(views.summary(results))
    return EXIT_OK if all(done.result is not Result.FAILED for done in results) else EXIT_FAILURE


def find(
    target: Target, asked: Sequence[str], entries: Mapping[str, Entry], since_days: int
) -> list[Stop]:
    """Each task asked for, by id, campaign file or task name, as the vendor lists it now; an
    error before anything is sent when one cannot be found, or a name means several tasks."""
    window = Window.last_days(since_days, target.client.now())
    rows = target.client.list_tasks(created_from=window.start, created_to=window.end)
    wanted = [each for item in asked for each in _parts(_wanted(item), entries)]
    stops = [_stop(target, rows, each, entries) for each in wanted]
    return list({stop.job_id: stop for stop in stops}.values())


def _parts(wanted: str | int, entries: Mapping[str, Entry]) -> list[str | int]:
    """A campaign in local windows stands for each of its zone parts the state records."""
    if isinstance(wanted, int) or wanted in entries:
        return [wanted]
    parts = sorted(entry.task_name for entry in entries.values() if entry.campaign == wanted)
    return [*parts] or [wanted]


def _wanted(item: str) -> str | int:
    """A task id, or the task name of a campaign file, or a task name as given."""
    if item.isdigit():
        return int(item)
    path = Path(item)
    if path.suffix in (".yaml", ".yml") and path.is_file():
        campaign = load_campaign(path).campaign
        name = None if campaign is None else campaign.data.get("taskName")
        if not isinstance(name, str):
            raise UsageError(f"{item} names no task (no taskName); nothing was cancelled")
        return name
    return item


def _stop(
    target: Target, rows: Sequence[TaskSummary], wanted: str | int, entries: Mapping[str, Entry]
) -> Stop:
    if isinstance(wanted, int):
        row = next((row for row in rows if row.job_id == wanted), None)
        if row is not None:
            return _from_row(row)
        detail = target.client.get_task(wanted)  # older than the window: no count of calls
        return Stop(detail.task_name, detail.job_id, detail.status, None)
    named = [row for row in rows if row.task_name == wanted]
    entry = entries.get(wanted)
    recorded = [row for row in named if entry is not None and row.job_id == entry.job_id]
    live = [row for row in named if row.status != CANCELLED]
    for found in (recorded, named if len(named) == 1 else live):
        if len(found) == 1:
            return _from_row(found[0])
    if not named:
        raise BroadcastctlError(
            f"no task named {wanted!r} in the list window (--since-days); nothing was cancelled"
        )
    ids = ", ".join(str(row.job_id) for row in named)
    raise BroadcastctlError(
        f"the vendor lists several tasks named {wanted!r} (ids {ids}): name the one to cancel by "
        "its id; nothing was cancelled"
    )


def _from_row(row: TaskSummary) -> Stop:
    to_call = max(0, row.number_count - row.call_num) if row.status in STOPPABLE else 0
    return Stop(row.task_name, row.job_id, row.status, to_call)


def confirm(stoppable: Sequence[Stop], sandbox: bool) -> None:
    """Ask on a terminal; without one, refuse: a cancel cannot be undone."""
    if not sys.stdin.isatty():
        places = "the sandbox places no calls, but" if sandbox else "calls stop for good, and"
        raise UsageError(
            f"cancel: {places} there is no terminal to confirm on; pass --yes to cancel the "
            "tasks shown above"
        )
    if input(views.question(stoppable, sandbox)).strip() != "yes":
        raise UsageError("cancel stopped; nothing was sent")


def _cancel(target: Target, stop: Stop) -> Done:
    failed = cancel_once(target.client, stop.job_id, RateLimiter(RATE).wait)
    if failed is not None:
        return Done(stop, Result.FAILED, failed)
    return Done(stop, Result.CANCELLED)


def _ended(stop: Stop) -> Done:
    if stop.status == CANCELLED:
        return Done(stop, Result.RECORDED, "already cancelled; the state now says so")
    return Done(stop, Result.FINISHED, f"{stop.status_name}: nothing left to stop")


def record(store: StateFile, state: State, stopped: Sequence[Done]) -> None:
    """Mark each stopped task's entry; a task the state does not know gets an entry of its own
    (its numbers and body unknown). An entry of the same name for another task is left alone."""
    if not stopped:
        return
    time, commit = now_text(), head_commit()
    for done in stopped:
        stop = done.stop
        entry = state.entries.get(stop.task_name)
        if entry is None:
            entry = Entry(stop.task_name, stop.job_id, None, 0, None, None, time, commit,
                          __version__)  # fmt: skip
        if entry.job_id == stop.job_id:
            state = state.with_entry(replace(entry, cancelled=time))
    store.write(state)
