"""Command line: declares every command's arguments, dispatches, maps errors to exit codes.

Each command lives in `broadcastctl.commands.<name>` as `run(**options) -> int`; its module is
imported only when that command runs, so `lint` never pays for the HTTP stack.
"""

from __future__ import annotations

import argparse
import importlib
import math
import re
import sys
import traceback
from collections.abc import Callable, Sequence

from broadcastctl import __version__
from broadcastctl.errors import EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_USAGE, BroadcastctlError

DEFAULT_PATHS = ["campaigns"]


def _add_schema(sub: argparse.ArgumentParser) -> None:
    action = sub.add_mutually_exclusive_group()
    action.add_argument(
        "--path", action="store_true", help="print where the schema file is instead"
    )
    action.add_argument(
        "--write",
        metavar="DIR",
        help="write the schema to DIR/campaign.schema.json, for editors to point at",
    )
    action.add_argument(
        "--check",
        metavar="DIR",
        help="exit 1 unless DIR/campaign.schema.json is this version's schema",
    )
    sub.add_argument(
        "--policy", action="store_true", help="the schema of the policy file, broadcastctl.yaml"
    )


def _add_color(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--color",
        choices=["auto", "always", "never"],
        default="auto",
        help="colour the output: auto (a terminal, unless NO_COLOR is set), always or never",
    )


def _add_lint(sub: argparse.ArgumentParser) -> None:
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
    _add_color(sub)


def _add_changed_since(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--changed-since",
        metavar="REVISION",
        help="for tasks the state knows nothing about (no state, or tasks made elsewhere): "
        "campaigns whose files differ from this git revision send again the fields the API "
        "does not return (smsContent, toSeat, ...) to their waiting tasks",
    )


def _add_remote(
    sub: argparse.ArgumentParser, *, resend: bool = True, workers: bool = True, color: bool = True
) -> None:
    """Where the tasks are and how they are read: shared by plan, deploy and refresh."""
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
        type=_SINCE_DAYS,
        default=400,
        metavar="DAYS",
        help="look for remote tasks created in the last DAYS days (default: 400)",
    )
    if resend:
        _add_changed_since(sub)
    sub.add_argument(
        "--state",
        metavar="PATH",
        help="the state record: what deploy sent, and the remote tasks as last read "
        "(default: BROADCASTCTL_STATE, else .broadcastctl/state.json)",
    )
    if workers:
        _add_workers(sub)
    if color:
        _add_color(sub)


def _add_workers(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--workers",
        type=_WORKERS,
        default=8,
        metavar="N",
        help=f"API requests in flight at once, 1 to {MAX_WORKERS} (default: 8)",
    )


def _add_plan(sub: argparse.ArgumentParser) -> None:
    _add_remote(sub)
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
        type=_HOURS,
        default=24.0,
        metavar="HOURS",
        help="with --offline, warn when the snapshot is older than this (default: 24)",
    )
    sub.add_argument(
        "--detailed-exitcode",
        action="store_true",
        help="exit 0 when there is nothing to do, 2 when there are changes, 1 on errors",
    )


def _add_deploy(sub: argparse.ArgumentParser) -> None:
    _add_remote(sub)
    sub.add_argument(
        "--plan",
        dest="plan_file",
        metavar="FILE",
        help="apply exactly this saved plan; refused if the files or the remote tasks moved",
    )
    sub.add_argument("--yes", action="store_true", help="apply without asking for confirmation")
    sub.add_argument(
        "--allow-calls",
        type=_COUNT,
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
        type=_RATE,
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


def _add_refresh(sub: argparse.ArgumentParser) -> None:
    _add_remote(sub, resend=False)
    sub.add_argument(
        "--detailed-exitcode",
        action="store_true",
        help="exit 0 when there is no drift, 2 when there is, 1 on errors",
    )


def _add_status(sub: argparse.ArgumentParser) -> None:
    _add_remote(sub, resend=False, workers=False)
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
        type=_bounded(float, 0, math.inf, "a number of seconds above 0", above=True),
        metavar="SECONDS",
        help="read again every SECONDS until every task has finished (in place on a terminal)",
    )


def _add_results(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("task", metavar="TASK", help="the task, by its taskName or its id")
    _add_remote(sub, resend=False, color=False)
    sub.add_argument("--out", required=True, metavar="FILE.csv", help="the CSV file to write")
    sub.add_argument(
        "--masked", action="store_true", help="mask the numbers in the file too (8490****567)"
    )
    sub.add_argument("--force", action="store_true", help="replace FILE.csv if it exists")


def _bounded(
    kind: Callable[[str], float], low: float, high: float, what: str, *, above: bool = False
) -> Callable[[str], float]:
    """An argument type: a number of `kind` from `low` (or above it) to `high`; anything else,
    a word included, is refused with a message that says what the option takes."""

    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            value = math.nan  # fails every comparison below
        finite = not isinstance(value, float) or math.isfinite(value)
        inside = (low < value if above else low <= value) and value <= high
        if not (finite and inside):
            raise argparse.ArgumentTypeError(f"{text!r} is not {what}")
        return value

    return parse


MAX_DAYS = 36_500  # a century: far beyond any real use, well within datetime's range
MAX_WORKERS = 64  # requests in flight; the vendor throttles far below that
_SINCE_DAYS = _bounded(int, 1, MAX_DAYS, f"a whole number of days from 1 to {MAX_DAYS:,}")
_WORKERS = _bounded(int, 1, MAX_WORKERS, f"a whole number of requests from 1 to {MAX_WORKERS}")
_HOURS = _bounded(float, 0, MAX_DAYS * 24, "a number of hours above 0", above=True)
_RATE = _bounded(float, 0, math.inf, "a number of requests a second, 0 (no limit) or more")
_ANY_INT = _bounded(int, -math.inf, math.inf, "a whole number")
_DURATION = re.compile(r"(-?\d+(?:\.\d+)?)([smhd]?)")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3_600, "d": 86_400}


def _duration(text: str) -> float:
    """A length of time such as 90, 30s, 90m, 2h or 1d, in seconds."""
    match = _DURATION.fullmatch(text.strip())
    if match is None or abs(seconds := float(match[1]) * _UNIT_SECONDS[match[2]]) > 3_650 * 86_400:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a duration such as 30s, 90m, 2h or 1d (at most 3650d)"
        )
    return seconds


_COUNT = _bounded(int, 0, math.inf, "a whole number, 0 or more")
_SECONDS = _bounded(float, 0, math.inf, "a number of seconds, 0 or more")
_SHARE = _bounded(float, 0, 1, "a share from 0 to 1")


def _add_sandbox(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    sub.add_argument(
        "--port",
        type=_bounded(int, 0, 65_535, "a port number from 0 to 65535"),
        default=8765,
        help="port (default: %(default)s; 0: any free one)",
    )
    sub.add_argument(
        "--db",
        default=".broadcastctl/sandbox.sqlite3",
        help="SQLite file holding the tasks (default: %(default)s)",
    )
    sub.add_argument("--api-key", help="key to accept (default: BROADCASTCTL_API_KEY, else new)")
    sub.add_argument(
        "--api-secret", help="secret to accept (default: BROADCASTCTL_API_SECRET, else new)"
    )
    sub.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a --host that is not loopback (the /_sandbox/ paths still answer only locally)",
    )
    sub.add_argument(
        "--timezone",
        default="+08:00",
        help="zone of the vendor's date-times (default: %(default)s)",
    )
    sub.add_argument(
        "--timestamp-window",
        type=_bounded(float, 0, math.inf, "a number of seconds above 0", above=True),
        default=300.0,
        help="seconds a request's Timestamp may be off before -16 (default: %(default)s)",
    )
    sub.add_argument(
        "--submit-seconds",
        type=_SECONDS,
        default=5.0,
        help="how long a task is submitting (status 6) (default: %(default)s)",
    )
    sub.add_argument(
        "--calls-per-second",
        type=_bounded(float, 0, math.inf, "a number of calls per second above 0", above=True),
        default=10.0,
        help="pace of the emulated calling (default: %(default)s)",
    )
    sub.add_argument(
        "--create-envelope",
        choices=["status", "code"],
        default="status",
        help="answer create/update with status/reason (default) or code/msg",
    )
    sub.add_argument(
        "--create-without-id", action="store_true", help="answer a create with data null"
    )
    sub.add_argument("--quiet", action="store_true", help="do not log each request on stderr")
    sub.add_argument(
        "--advance",
        type=_duration,
        metavar="DURATION",
        help="move the clock of --db forward (30s, 90m, 2h, 1d; --advance=-1d moves it back), "
        "print the sandbox's time and exit without serving: tasks started with --sandbox "
        "then go on calling or finish",
    )
    faults = sub.add_argument_group("faults", "failures to inject (also settable at run time)")
    status = _bounded(int, 200, 599, "an HTTP status from 200 to 599")
    seconds = _bounded(float, -math.inf, math.inf, "a number of seconds")
    fault_options: list[tuple[str, Callable[[str], object], str, str]] = [
        ("--latency", _SECONDS, "SECONDS", "added before every answer"),
        ("--error-rate", _SHARE, "SHARE", "share (0 to 1) of requests answered 503"),
        ("--throttle-rate", _SHARE, "SHARE", "share (0 to 1) of requests answered 429"),
        ("--retry-after", _COUNT, "SECONDS", "Retry-After of the 429 answers (default 1)"),
        ("--drop-after-create-rate", _SHARE, "SHARE", "share of committed creates left unanswered"),
        ("--clock-skew", seconds, "SECONDS", "how far off the signature check's clock is"),
        ("--seed", _ANY_INT, "N", "seed of the random draws behind the shares (default 0)"),
        ("--fail-next", _COUNT, "N", "fail the next N requests (see --fail-status, --fail-code)"),
        ("--fail-path", str, "PATH", "count only requests to PATH in --fail-next, --slow-next"),
        ("--fail-status", status, "STATUS", "HTTP status of those failures (default 503)"),
        ("--fail-code", _ANY_INT, "CODE", "answer them with HTTP 200 and this vendor code instead"),
        ("--slow-next", _COUNT, "N", "delay the next N requests by --slow-seconds"),
        ("--slow-seconds", _SECONDS, "SECONDS", "the delay of --slow-next"),
        ("--drop-next-creates", _COUNT, "N", "commit the next N creates, then close unanswered"),
        ("--drop-next-cancels", _COUNT, "N", "apply the next N cancels, then close unanswered"),
        ("--drop-next-uploads", _COUNT, "N", "store the next N uploads, then close unanswered"),
    ]
    for flag, kind, metavar, text in fault_options:
        faults.add_argument(flag, type=kind, metavar=metavar, default=argparse.SUPPRESS, help=text)
    faults.add_argument(
        "--detail",
        choices=("table", "stored"),  # sandbox.faults.DETAIL_MODES, not imported: lint stays light
        default=argparse.SUPPRESS,
        help="what the detail call shows: the vendor's detail table (default), or every "
        "field the task stores, defaults included",
    )
    faults.add_argument(
        "--records",
        choices=("plain", "task-id"),  # sandbox.calls.RECORD_MODES
        default=argparse.SUPPRESS,
        help="call records as the vendor's table (default: they name no task), or with a taskId",
    )
    faults.add_argument(
        "--termination",
        choices=("sip", "zero"),  # sandbox.calls.TERMINATION_MODES
        default=argparse.SUPPRESS,
        help="a record's terminationCode: a SIP code, 200 = connected (default), or 0 = success",
    )
    faults.add_argument(
        "--upload",
        choices=("id", "no-id"),  # sandbox.faults.UPLOAD_MODES
        default=argparse.SUPPRESS,
        help="a voice file upload answers with its file id (default), or with none",
    )


def _add_init(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "directory",
        nargs="?",
        default=".",
        metavar="DIR",
        help="the repository to start (default: this folder); existing files are never changed",
    )


def _add_rules(sub: argparse.ArgumentParser) -> None:
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


COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "init": ("start a campaigns repository: an example, the policy, hook and workflows", _add_init),
    "schema": ("print the JSON Schema of a campaign file", _add_schema),
    "lint": ("check campaign files against the schema and the rules", _add_lint),
    "rules": ("print the calling rules by country in force, with their sources", _add_rules),
    "plan": ("show what deploy would create and update at the vendor", _add_plan),
    "deploy": ("create and update the vendor's tasks to match the campaign files", _add_deploy),
    "refresh": ("read the vendor into the state's snapshot and report drift", _add_refresh),
    "status": (
        "show what each campaign's task is doing: calls placed, answered, failed",
        _add_status,
    ),
    "results": ("write a task's call records to a CSV file", _add_results),
    "sandbox": ("run a local emulator of the vendor API, for trying and testing", _add_sandbox),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="broadcastctl",
        description="Voice broadcast campaigns as code: lint, plan and deploy from git.",
    )
    parser.add_argument("--version", action="version", version=f"broadcastctl {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show a traceback when an unexpected error occurs"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (summary, add_arguments) in COMMANDS.items():
        add_arguments(subparsers.add_parser(name, help=summary, description=summary))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    _survive_any_encoding()
    options = vars(build_parser().parse_args(argv))
    command, debug = options.pop("command"), options.pop("debug")
    # With --detailed-exitcode, 2 means "changes to apply": no failure may look like that.
    failed = EXIT_FAILURE if options.get("detailed_exitcode") else EXIT_USAGE
    try:
        module = importlib.import_module(f"broadcastctl.commands.{command}")
        return int(module.run(**options))
    except BroadcastctlError as error:
        code = failed if error.exit_code == EXIT_USAGE else error.exit_code
        return _fail(str(error), code, debug=debug)
    except KeyboardInterrupt:
        return _fail("interrupted", EXIT_INTERRUPTED, debug=False)
    except Exception as error:  # the one place every unexpected error ends up
        hint = "" if debug else " (run again with --debug to see where)"
        return _fail(f"unexpected error: {type(error).__name__}: {error}{hint}", failed, debug)


def _survive_any_encoding() -> None:
    """Output reaches a terminal, pipe or log whatever its encoding: a character it cannot hold
    ("—", "→", a name in another script) is written as an escape, \\u2014, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def _fail(message: str, exit_code: int, debug: bool) -> int:
    if debug:
        traceback.print_exc()
    print(f"broadcastctl: error: {message}", file=sys.stderr)
    return exit_code
