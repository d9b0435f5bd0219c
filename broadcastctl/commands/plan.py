"""`broadcastctl plan`: what deploy would do, for a pull request to show before anything is sent."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from broadcastctl import savedplan
from broadcastctl.errors import EXIT_FAILURE, EXIT_OK
from broadcastctl.planning import Plan
from broadcastctl.planreport import RENDERERS
from broadcastctl.remote import Window
from broadcastctl.reporters import Style
from broadcastctl.settings import use_color
from broadcastctl.workflow import desired_tasks, open_target, plan_against

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
) -> int:
    desired = desired_tasks(paths, changed_since, color)
    with open_target(sandbox) as target:
        window = Window.last_days(since_days, target.client.now())
        plan = plan_against(target, desired, window, workers)
        if out:
            savedplan.save(Path(out), plan, target.label, window, changed_since)
    sys.stdout.write(RENDERERS[output_format](plan, Style(use_color(color, sys.stdout))))
    return exit_code(plan, detailed_exitcode)


def exit_code(plan: Plan, detailed: bool) -> int:
    if plan.blocked:
        return EXIT_FAILURE
    if detailed and plan.has_changes:
        return EXIT_CHANGES
    return EXIT_OK
