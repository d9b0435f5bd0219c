"""Lint before anything else, for the commands that reach the vendor (plan, deploy, refresh):
findings go to stderr, and a lint error stops the command before any credential is read."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence

from broadcastctl.api.vendortime import vendor_timezone
from broadcastctl.checks.reporters import report_text
from broadcastctl.errors import BroadcastctlError
from broadcastctl.output.style import Style, use_color
from broadcastctl.windowzone import window_zone
from broadcastctl.workflow.desired import Desired, desired_tasks


def desired_after_lint(
    paths: Sequence[str], changed_since: str | None = None, color: str = "auto"
) -> Desired:
    """The campaigns as request bodies, once the lint found no error; its findings on stderr."""
    now, zone = dt.datetime.now(dt.UTC), vendor_timezone()
    desired = desired_tasks(paths, now, zone, changed_since, window_zone())
    report = desired.lint
    if report.diagnostics:
        sys.stderr.write(report_text(report, Style(use_color(color, sys.stderr))))
    if report.errors:
        raise BroadcastctlError(
            f"{report.errors} lint errors in the campaigns; nothing was compared or sent — "
            "fix them and run again"
        )
    return desired
