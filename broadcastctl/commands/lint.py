"""`broadcastctl lint`: every problem in the campaign files, on its line, for people and CI."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Sequence

from broadcastctl.api.vendortime import vendor_timezone
from broadcastctl.checks.pipeline import check_files
from broadcastctl.checks.reporters import REPORTERS, Report, report_step_summary
from broadcastctl.errors import EXIT_FAILURE, EXIT_OK, BroadcastctlError
from broadcastctl.lint.campaigns import find_campaign_files
from broadcastctl.output.style import Style, use_color
from broadcastctl.windowzone import window_zone


def run(*, paths: Sequence[str], output_format: str | None, strict: bool, color: str) -> int:
    reading = window_zone(os.environ)  # before any file is read: a wrong value is a usage error
    files = find_campaign_files(paths)
    checked = check_files(files, dt.datetime.now(dt.UTC), vendor_timezone(), reading)
    report = Report(checked.files, checked.diagnostics)
    chosen = output_format or default_format(os.environ)
    sys.stdout.write(REPORTERS[chosen](report, Style(use_color(color, sys.stdout))))
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if chosen == "github" and summary_file:
        _append_summary(summary_file, report_step_summary(report))
    failed = report.errors > 0 or (strict and report.warnings > 0)
    return EXIT_FAILURE if failed else EXIT_OK


def _append_summary(path: str, text: str) -> None:
    try:
        with open(path, "a", encoding="utf-8") as summary:
            summary.write(text)
    except OSError as error:
        raise BroadcastctlError(
            f"cannot write the job summary GITHUB_STEP_SUMMARY={path}: {error.strerror}"
        ) from None


def default_format(environ: os._Environ[str] | dict[str, str]) -> str:
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"
