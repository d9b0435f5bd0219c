"""The arguments of every command but the sandbox's: the remote options plan, deploy, refresh,
status and results share, and each command's own. `--format` choices name the keys of the
view registries (`tests/test_cli.py` checks they match; importing them here would load the
planner for `lint`)."""

from __future__ import annotations

import argparse
import math

from broadcastctl.cli.bounds import COUNT, HOURS, MAX_WORKERS, RATE, SINCE_DAYS, WORKERS, bounded
from broadcastctl.commands.defaults import DEFAULT_WORKERS

DEFAULT_PATHS = ["campaigns"]


def add_schema(sub: argparse.ArgumentParser) -> None:
    action = sub.add_mutually_exclusive_group()
    action.add_argument(
        "--path", action="store_true", help="print where the schema file is instead"
    )
    action.add_argument(
        "--write",
        metavar="DIR",
        help="write the schema to DIR/campaign.schema.json (policy.schema.json with --policy), "
        "for editors to point at",
    )
    action.add_argument(
        "--check",
        metavar="DIR",
        help="exit 1 unless DIR/campaign.schema.json (policy.schema.json with --policy) is this "
        "version's schema",
    )
    sub.add_argument(
        "--policy", action="store_true", help="the schema of the policy file, broadcastctl.yaml"
    )


def add_color(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--color",
        choices=["auto", "always", "never"],
        default="auto",
        help="colour the output: auto (a terminal, unless NO_COLOR is set), always or never",
    )


def add_lint(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "paths",
        nargs="*",
        default=DEFAULT_PATHS,
        metavar="PATH",
        help="campaign files or folders to search for *.yaml / *.yml (default: campaigns/)",
    )
    sub.add_argument(
        "--format",
        dest="output_format",
        choices=["text", "json", "github", "sarif"],
        default=None,
        help="output format (default: github inside GitHub Actions, text elsewhere)",
    )
    sub.add_argument("--strict", action="store_true", help="fail on warnings as well as errors")
    add_color(sub)


def add_changed_since(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--changed-since",
        metavar="REVISION",
        help="for tasks the state knows nothing about (no state, or tasks made elsewhere): "
        "campaigns whose files differ from this git revision send again the fields the API "
        "does not return (smsContent, toSeat, ...) to their waiting tasks",
    )


def add_remote(
    sub: argparse.ArgumentParser,
    *,
    resend: bool = True,
    workers: bool = True,
    color: bool = True,
    paths: bool = True,
) -> None:
    """Where the tasks are and how they are read: shared by plan, deploy and refresh."""
    if paths:
        sub.add_argument(
            "paths",
            nargs="*",
            default=DEFAULT_PATHS,
            metavar="PATH",
            help="campaign files or folders (default: campaigns/)",
        )
    sub.add_argument(
        "--sandbox",
        action="store_true",
        help="work against the built-in sandbox (served from this process, its tasks kept in "
        ".broadcastctl/sandbox.sqlite3) instead of the vendor; needs no account",
    )
    sub.add_argument(
        "--since-days",
        type=SINCE_DAYS,
        default=400,
        metavar="DAYS",
        help="look for remote tasks created in the last DAYS days (default: 400)",
    )
    if resend:
        add_changed_since(sub)
    sub.add_argument(
        "--state",
        metavar="PATH",
        help="the state record: what deploy sent, and the remote tasks as last read "
        "(default: BROADCASTCTL_STATE, else .broadcastctl/state.json)",
    )
    if workers:
        add_workers(sub)
    if color:
        add_color(sub)


def add_workers(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--workers",
        type=WORKERS,
        default=DEFAULT_WORKERS,
        metavar="N",
        help=f"API requests in flight at once, 1 to {MAX_WORKERS} (default: {DEFAULT_WORKERS})",
    )


def add_plan(sub: argparse.ArgumentParser) -> None:
    add_remote(sub)
    sub.add_argument(
        "--format",
        dest="output_format",
        choices=["text", "markdown", "json"],
        default="text",
        help="text for a terminal, markdown for a pull request, json for programs",
    )
    sub.add_argument("--out", metavar="FILE", help="also save the plan for `deploy --plan FILE`")
    sub.add_argument(
        "--offline",
        action="store_true",
        help="plan against the state's snapshot of the remote tasks: no credentials, no "
        "network (a saved plan made so cannot be applied)",
    )
    sub.add_argument(
        "--max-age",
        type=HOURS,
        default=24.0,
        metavar="HOURS",
        help="with --offline, warn when the snapshot is older than this (default: 24)",
    )
    sub.add_argument(
        "--detailed-exitcode",
        action="store_true",
        help="exit 0 when there is nothing to do, 2 when there are changes, 1 on errors",
    )
    sub.add_argument(
        "--show-unchanged",
        action="store_true",
        help="list every unchanged campaign in the text plan, not one line for them all "
        "(json always lists them)",
    )


def add_deploy(sub: argparse.ArgumentParser) -> None:
    add_remote(sub)
    sub.add_argument(
        "--plan",
        dest="plan_file",
        metavar="FILE",
        help="apply exactly this saved plan; refused if the files or the remote tasks moved",
    )
    sub.add_argument("--yes", action="store_true", help="apply without asking for confirmation")
    sub.add_argument(
        "--allow-calls",
        type=COUNT,
        metavar="N",
        help="place up to N new calls, above the policy's max_new_calls: N must be at least the "
        "plan's total of new calls, or nothing is sent",
    )
    sub.add_argument(
        "--prune",
        action="store_true",
        help="also cancel orphaned tasks (made by broadcastctl, their files gone) that are "
        "waiting or calling; without it they are left alone",
    )
    sub.add_argument(
        "--rate",
        type=RATE,
        default=20.0,
        metavar="PER_SECOND",
        help="at most this many create/update requests a second (default: 20; 0: no limit)",
    )
    sub.add_argument(
        "--format",
        dest="output_format",
        choices=["text", "json"],
        default="text",
        help="text for people; json: one entry per task (name, id, result, message) on "
        "stdout, the plan and progress on stderr",
    )
    sub.add_argument(
        "--quiet", action="store_true", help="print only the summary line (or the json)"
    )


def add_refresh(sub: argparse.ArgumentParser) -> None:
    add_remote(sub, resend=False)
    sub.add_argument(
        "--detailed-exitcode",
        action="store_true",
        help="exit 0 when there is no drift, 2 when there is, 1 on errors",
    )


def add_status(sub: argparse.ArgumentParser) -> None:
    add_remote(sub, resend=False, workers=False)
    sub.add_argument(
        "--all",
        dest="show_all",
        action="store_true",
        help="also every other task created in the window (--since-days)",
    )
    sub.add_argument(
        "--format",
        dest="output_format",
        choices=["text", "markdown", "json"],
        default="text",
        help="text for a terminal, markdown for a job summary, json for programs",
    )
    sub.add_argument(
        "--watch",
        type=bounded(float, 0, math.inf, "a number of seconds above 0", above=True),
        metavar="SECONDS",
        help="read again every SECONDS until every task has finished (in place on a terminal)",
    )


def add_results(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("task", nargs="?", metavar="TASK", help="the task, by its taskName or its id")
    add_remote(sub, resend=False, color=False)
    sub.add_argument("--out", metavar="FILE.csv", help="the CSV file to write")
    sub.add_argument(
        "--summary",
        action="store_true",
        help="print the task's figures (answer rate by local hour and country, reasons, keys, "
        "SMS, talk time) instead of writing the file; no number is shown",
    )
    sub.add_argument(
        "--format",
        dest="output_format",
        choices=("text", "markdown", "json"),
        default="text",
        help="the summary's format; markdown draws Mermaid charts (default: text)",
    )
    sub.add_argument(
        "--beside", metavar="TASK", help="with --summary: a second task, shown side by side"
    )
    sub.add_argument(
        "--finished",
        action="store_true",
        help="with --summary: every task of the state that finished since the state's snapshot "
        "(the last refresh or deploy); give no TASK",
    )
    sub.add_argument(
        "--masked", action="store_true", help="mask the numbers in the file too (8490****567)"
    )
    sub.add_argument("--force", action="store_true", help="replace FILE.csv if it exists")


def add_cancel(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "tasks",
        nargs="+",
        metavar="CAMPAIGN|TASK-ID",
        help="a task id, a campaign file (its taskName), or a task name",
    )
    add_remote(sub, resend=False, workers=False, paths=False)
    sub.add_argument("--yes", action="store_true", help="cancel without asking for confirmation")
    sub.add_argument(
        "--format",
        dest="output_format",
        choices=["text", "json"],
        default="text",
        help="text for people; json: one entry per task (name, id, status before, numbers "
        "still to call, result) on stdout, what will stop on stderr",
    )


def add_init(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "directory",
        nargs="?",
        default=".",
        metavar="DIR",
        help="the repository to start (default: this folder); existing files are never changed",
    )


def add_rules(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "countries",
        nargs="*",
        metavar="COUNTRY",
        help="ISO codes, such as AU FR (default: every country with rules of its own, and default)",
    )
    sub.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    sub.add_argument(
        "--in",
        dest="folder",
        default=".",
        metavar="DIR",
        help="apply the policy file over this folder (default: this folder)",
    )
