"""`broadcastctl refresh`: read the vendor, keep the state's snapshot fresh, and report drift."""

from __future__ import annotations

import sys

from broadcastctl.api.vendortime import vendor_timezone
from broadcastctl.commands._lintgate import desired_after_lint
from broadcastctl.commands.options import RefreshOptions
from broadcastctl.errors import EXIT_CHANGES, EXIT_OK
from broadcastctl.git import head_commit
from broadcastctl.output.style import Style, use_color
from broadcastctl.plan.drift import find_drift
from broadcastctl.plan.remote import read_remote, settled_tasks
from broadcastctl.plan.views.drift import drift_report
from broadcastctl.plan.window import Window
from broadcastctl.state.store import StateFile, keep_snapshot, state_path
from broadcastctl.workflow.planning import detailed_names
from broadcastctl.workflow.target import open_target

EXIT_DRIFT = EXIT_CHANGES  # drift is refresh's changes


def run(options: RefreshOptions) -> int:
    remote = options.remote
    style = Style(use_color(remote.color, sys.stdout))
    desired = desired_after_lint(remote.paths, None, remote.color)
    store = StateFile(state_path(remote.state))
    with store.held(), open_target(remote.sandbox, vendor_timezone()) as target:
        known = store.read()
        window = Window.last_days(remote.since_days, target.client.now())
        names = detailed_names(desired, known.entries)
        settled = settled_tasks(known.snapshot, target.label)
        tasks = read_remote(target.client, names, window, remote.workers, settled)
        described = {task.task_name for task in desired.tasks}
        drift = find_drift(known.entries, tasks, known.snapshot, described)
        keep_snapshot(store, known, target.label, tasks, head_commit())
    sys.stdout.write(drift_report(drift, len(tasks), target.label, style))
    return EXIT_DRIFT if drift and options.detailed_exitcode else EXIT_OK
