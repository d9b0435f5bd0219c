"""The sandbox command's arguments: where it listens, how it answers, and the faults to inject."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable

from broadcastctl.cli.bounds import ANY_INT, COUNT, SECONDS, SHARE, bounded, duration


def add_sandbox(sub: argparse.ArgumentParser) -> None:
    _add_serving(sub)
    _add_answers(sub)
    faults = sub.add_argument_group("faults", "failures to inject (also settable at run time)")
    _add_faults(faults)
    _add_modes(faults)


def _add_serving(sub: argparse.ArgumentParser) -> None:
    """Where it listens, what it keeps and whom it lets in."""
    sub.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    sub.add_argument(
        "--port",
        type=bounded(int, 0, 65_535, "a port number from 0 to 65535"),
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


def _add_answers(sub: argparse.ArgumentParser) -> None:
    """How the emulated vendor answers, and its clock."""
    sub.add_argument(
        "--timezone",
        default="+08:00",
        help="zone of the vendor's date-times (default: %(default)s)",
    )
    sub.add_argument(
        "--timestamp-window",
        type=bounded(float, 0, math.inf, "a number of seconds above 0", above=True),
        default=300.0,
        help="seconds a request's Timestamp may be off before -16 (default: %(default)s)",
    )
    sub.add_argument(
        "--submit-seconds",
        type=SECONDS,
        default=5.0,
        help="how long a task is submitting (status 6) (default: %(default)s)",
    )
    sub.add_argument(
        "--calls-per-second",
        type=bounded(float, 0, math.inf, "a number of calls per second above 0", above=True),
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
        type=duration,
        metavar="DURATION",
        help="move the clock of --db forward (30s, 90m, 2h, 1d; --advance=-1d moves it back), "
        "print the sandbox's time and exit without serving: tasks started with --sandbox "
        "then go on calling or finish",
    )


def _add_faults(faults: argparse._ArgumentGroup) -> None:
    """Failures to inject: all left out unless given, so run-time settings are not overridden."""
    status = bounded(int, 200, 599, "an HTTP status from 200 to 599")
    seconds = bounded(float, -math.inf, math.inf, "a number of seconds")
    fault_options: list[tuple[str, Callable[[str], object], str, str]] = [
        ("--latency", SECONDS, "SECONDS", "added before every answer"),
        ("--error-rate", SHARE, "SHARE", "share (0 to 1) of requests answered 503"),
        ("--throttle-rate", SHARE, "SHARE", "share (0 to 1) of requests answered 429"),
        ("--retry-after", COUNT, "SECONDS", "Retry-After of the 429 answers (default 1)"),
        ("--drop-after-create-rate", SHARE, "SHARE", "share of committed creates left unanswered"),
        ("--clock-skew", seconds, "SECONDS", "how far off the signature check's clock is"),
        ("--seed", ANY_INT, "N", "seed of the random draws behind the shares (default 0)"),
        ("--fail-next", COUNT, "N", "fail the next N requests (see --fail-status, --fail-code)"),
        ("--fail-path", str, "PATH", "count only requests to PATH in --fail-next, --slow-next"),
        ("--fail-status", status, "STATUS", "HTTP status of those failures (default 503)"),
        ("--fail-code", ANY_INT, "CODE", "answer them with HTTP 200 and this vendor code instead"),
        ("--slow-next", COUNT, "N", "delay the next N requests by --slow-seconds"),
        ("--slow-seconds", SECONDS, "SECONDS", "the delay of --slow-next"),
        ("--drop-next-creates", COUNT, "N", "commit the next N creates, then close unanswered"),
        ("--drop-next-cancels", COUNT, "N", "apply the next N cancels, then close unanswered"),
        ("--drop-next-uploads", COUNT, "N", "store the next N uploads, then close unanswered"),
        ("--max-in-flight", COUNT, "N", "answer 429 to requests beyond N handled at once"),
    ]
    for flag, kind, metavar, text in fault_options:
        faults.add_argument(flag, type=kind, metavar=metavar, default=argparse.SUPPRESS, help=text)


def _add_modes(faults: argparse._ArgumentGroup) -> None:
    """How the vendor's undocumented corners are answered."""
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
    _add_resend_modes(faults)


def _add_resend_modes(faults: argparse._ArgumentGroup) -> None:
    """The resend call's open points (its page's tail was never visible)."""
    faults.add_argument(
        "--resend-answer",
        choices=("id", "null", "parent-id"),  # sandbox.faults.RESEND_ANSWERS
        default=argparse.SUPPRESS,
        help="a re-call answers with the new task's id (default), with null, or with the "
        "keyId it was sent (the parent's id)",
    )
    for what, which in (("unfinished", "still waiting or calling"), ("cancelled", "cancelled")):
        faults.add_argument(
            f"--resend-{what}",
            choices=("refuse", "accept"),  # sandbox.faults.RESEND_TAKES
            default=argparse.SUPPRESS,
            help=f"whether the resend call refuses a parent {which} (default) or re-calls it",
        )
    faults.add_argument(
        "--resend-update",
        choices=("refuse", "accept"),  # sandbox.faults.RESEND_TAKES
        default=argparse.SUPPRESS,
        help="whether the update call changes a waiting task made by the resend call (default: "
        "accept) or refuses it",
    )
