"""`broadcastctl plan`: what deploy would do, for a pull request to show before anything is sent."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from broadcastctl.api.vendortime import vendor_timezone
from broadcastctl.commands._lintgate import desired_after_lint
from broadcastctl.commands.options import PlanOptions
from broadcastctl.errors import EXIT_CHANGES, EXIT_FAILURE, EXIT_OK, UsageError
from broadcastctl.output.progress import ProgressBar
from broadcastctl.output.style import Style, use_color
from broadcastctl.plan import planfile
from broadcastctl.plan.gate import plan_verdict
from broadcastctl.plan.model import Plan
from broadcastctl.plan.views import VIEWS
from broadcastctl.plan.window import Window
from broadcastctl.state.entry import Entry, Intent
from broadcastctl.state.snapshot import Snapshot
from broadcastctl.state.store import StateFile, state_path
from broadcastctl.workflow.desired import Desired
from broadcastctl.workflow.planning import plan_against, plan_offline
from broadcastctl.workflow.target import open_target


def run(options: PlanOptions) -> int:
    remote = options.remote
    if options.offline and remote.sandbox:
        raise UsageError("--offline plans against the state's snapshot: leave out --sandbox")
    desired = desired_after_lint(remote.paths, remote.changed_since, remote.color)
    store = StateFile(state_path(remote.state))
    known = store.read()
    sent = known.entries if store.exists else None
    if options.offline:
        now = dt.datetime.now(dt.UTC)
        plan = plan_offline(desired, known, store.path, now, dt.timedelta(hours=options.max_age))
        target, window = "offline", Window.last_days(remote.since_days, now)
    else:
        snapshot = known.snapshot if store.exists else None
        plan, target, window = _plan_live(options, desired, sent, snapshot, known.intents)
    plan = replace(plan, target=plan.offline.target if plan.offline else target)
    if options.out:
        planfile.save(Path(options.out), plan, target, window, remote.changed_since,
                      paths=remote.paths)  # fmt: skip
    style = Style(use_color(remote.color, sys.stdout))
    sys.stdout.write(VIEWS[options.output_format](plan, style, options.show_unchanged))
    sys.stdout.flush()
    gated = plan_verdict(plan)
    if gated is not None:
        print(f"broadcastctl: error: {gated}", file=sys.stderr)
    return exit_code(plan, options.detailed_exitcode)


def _plan_live(
    options: PlanOptions,
    desired: Desired,
    sent: Mapping[str, Entry] | None,
    snapshot: Snapshot | None,
    intents: Mapping[str, Intent],
) -> tuple[Plan, str, Window]:
    """Against the vendor, a progress line on a terminal's stderr while its tasks are read."""
    remote = options.remote
    with open_target(remote.sandbox, vendor_timezone()) as opened:
        window = Window.last_days(remote.since_days, opened.client.now())
        progress = ProgressBar(sys.stderr, "Reading the vendor's tasks", "tasks")
        try:
            plan = plan_against(
                opened, desired, window, remote.workers, sent,
                snapshot=snapshot, progress=progress.update, intents=intents,
            )  # fmt: skip
        finally:
            progress.close()
        return plan, opened.label, window


def exit_code(plan: Plan, detailed: bool) -> int:
    """1 when the deploy would fail (a blocked task, the volume gate), else 0, or 2 for
    changes with --detailed-exitcode: `broadcastctl.errors` holds the table."""
    if plan.blocked or plan_verdict(plan) is not None:
        return EXIT_FAILURE
    if detailed and plan.has_changes:
        return EXIT_CHANGES
    return EXIT_OK
