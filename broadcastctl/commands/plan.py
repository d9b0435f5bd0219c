"""`broadcastctl plan`: what deploy would do, for a pull request to show before anything is sent."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from broadcastctl.api.vendortime import vendor_timezone
from broadcastctl.commands._lintgate import desired_after_lint
from broadcastctl.errors import EXIT_FAILURE, EXIT_OK, UsageError
from broadcastctl.output.style import Style, use_color
from broadcastctl.plan import planfile
from broadcastctl.plan.model import Plan
from broadcastctl.plan.views import VIEWS
from broadcastctl.plan.window import Window
from broadcastctl.state.store import StateFile, state_path
from broadcastctl.workflow.planning import plan_against, plan_offline
from broadcastctl.workflow.target import open_target

EXIT_CHANGES = 2


def run(
    *,
    paths: Sequence[str],
    output_format: str,
    out: str | None,
    detailed_exitcode: bool,
    sandbox: bool,
    since_days: int,
    changed_since: str | None,
    workers: int,
    color: str,
    state: str | None = None,
    offline: bool = False,
    max_age: float = 24.0,
) -> int:
    if offline and sandbox:
        raise UsageError("--offline plans against the state's snapshot: leave out --sandbox")
    desired = desired_after_lint(paths, changed_since, color)
    store = StateFile(state_path(state))
    known = store.read()
    sent = known.entries if store.exists else None
    if offline:
        now = dt.datetime.now(dt.UTC)
        plan = plan_offline(desired, known, store.path, now, dt.timedelta(hours=max_age))
        if out:
            window = Window.last_days(since_days, now)
            planfile.save(Path(out), plan, "offline", window, changed_since, paths=paths)
    else:
        with open_target(sandbox, vendor_timezone()) as target:
            window = Window.last_days(since_days, target.client.now())
            plan = plan_against(target, desired, window, workers, sent)
            if out:
                planfile.save(Path(out), plan, target.label, window, changed_since, paths=paths)
    sys.stdout.write(VIEWS[output_format](plan, Style(use_color(color, sys.stdout))))
    return exit_code(plan, detailed_exitcode)


def exit_code(plan: Plan, detailed: bool) -> int:
    if plan.blocked:
        return EXIT_FAILURE
    if detailed and plan.has_changes:
        return EXIT_CHANGES
    return EXIT_OK
