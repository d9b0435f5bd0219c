"""Command line: declares every command's arguments, dispatches, maps errors to exit codes.

Each command lives in `broadcastctl.commands.<name>`; its module is imported only when that
command runs, so `lint` never pays for the HTTP stack. The commands that reach the vendor take
one typed options object (`commands.options`, built in `cli.build`); the others take keywords.
The arguments are declared in `cli.arguments` (and `cli.sandbox`), their bounds in `cli.bounds`.
"""

from __future__ import annotations

from broadcastctl.cli.early import interrupted as _interrupted_early  # isort: skip
from broadcastctl.cli.early import resume_collector  # isort: skip

import argparse
import contextlib
import importlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NoReturn

from broadcastctl import __version__
from broadcastctl.cli.arguments import (
    add_cancel,
    add_deploy,
    add_init,
    add_lint,
    add_plan,
    add_refresh,
    add_results,
    add_rules,
    add_schema,
    add_status,
)
from broadcastctl.cli.bounds import run_timeout
from broadcastctl.cli.build import BUILDERS
from broadcastctl.cli.sandbox import add_sandbox
from broadcastctl.errors import EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_USAGE, BroadcastctlError
from broadcastctl.visible import visible

TIMEOUT_VARIABLE = "BROADCASTCTL_TIMEOUT"  # what the API client reads (api.config)

COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "init": ("start a campaigns repository: an example, the policy, hook and workflows", add_init),
    "schema": ("print the JSON Schema of a campaign file", add_schema),
    "lint": ("check campaign files against the schema and the rules", add_lint),
    "rules": ("print the calling rules by country in force, with their sources", add_rules),
    "plan": ("show what deploy would create and update at the vendor", add_plan),
    "deploy": ("create and update the vendor's tasks to match the campaign files", add_deploy),
    "refresh": ("read the vendor into the state's snapshot and report drift", add_refresh),
    "status": (
        "show what each campaign's task is doing: calls placed, answered, failed",
        add_status,
    ),
    "results": ("write a task's call records to a CSV file", add_results),
    "cancel": ("stop tasks at the vendor, each with one cancel, and record it", add_cancel),
    "sandbox": ("run a local emulator of the vendor API, for trying and testing", add_sandbox),
}


class Parser(argparse.ArgumentParser):
    """argparse with the exit-code contract (a usage error is EXIT_USAGE, never 2) and a
    "did you mean" for a mistyped choice, a command's name included."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        choices = action.choices
        if choices is None or value in choices:
            return
        names = [str(choice) for choice in choices]
        import difflib  # noqa: PLC0415 - only for a mistyped choice: not at every start

        close = difflib.get_close_matches(str(value), names, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        shown = ", ".join(map(repr, names))
        raise argparse.ArgumentError(
            action, f"invalid choice: {value!r} (choose from {shown}){hint}"
        )


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="broadcastctl",
        description="Voice broadcast campaigns as code: lint, plan and deploy from git.",
    )
    parser.add_argument("--version", action="version", version=f"broadcastctl {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show a traceback when an unexpected error occurs"
    )
    parser.add_argument(
        "--timeout",
        type=run_timeout,
        metavar="DURATION",
        help="how long a run may wait on the vendor API in all, its retries included, such as "
        "300s or 20m (default: BROADCASTCTL_TIMEOUT, else 300 s)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (summary, add_arguments) in COMMANDS.items():
        sub = subparsers.add_parser(name, help=summary, description=summary)
        add_arguments(sub)
        sub.set_defaults(_parser=sub)
    return parser


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line, parsed; an option the command does not take is refused with that
    command's usage (argparse would print the top-level one)."""
    parsed, extra = build_parser().parse_known_args(argv)
    command_parser: argparse.ArgumentParser = parsed._parser
    del parsed._parser
    if extra:
        command_parser.error(f"unrecognized arguments: {' '.join(extra)}")
    return parsed


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; its exit code follows the one table in `broadcastctl.errors`. Run as
    the program (no `argv`), a Ctrl-C after the command ended is ignored: the interpreter's
    shutdown (its finalizers, the threads it joins) must not print a traceback after the line
    that said what happened."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if _interrupted_early.is_set():
        _interrupted_early.clear()
        return _fail("interrupted", EXIT_INTERRUPTED, debug=False)
    try:
        return _main(argv)
    finally:
        resume_collector()  # on again however the run ended (a program that imported us goes on)
        if argv is None:
            signal.signal(signal.SIGINT, signal.SIG_IGN)


def _main(argv: Sequence[str] | None) -> int:
    _survive_any_encoding()
    try:
        parsed = parse(argv)
    except KeyboardInterrupt:
        return _fail("interrupted", EXIT_INTERRUPTED, debug=False)
    options = vars(parsed)
    command, debug = options.pop("command"), options.pop("debug")
    with _run_timeout(options.pop("timeout")):
        try:
            module = importlib.import_module(f"broadcastctl.commands.{command}")
            resume_collector()  # its modules are loaded: what they made lives on
            build = BUILDERS.get(command)
            return int(module.run(build(parsed)) if build else module.run(**options))
        except BroadcastctlError as error:
            return _fail(str(error), error.exit_code, debug=debug)
        except KeyboardInterrupt:
            return _fail("interrupted", EXIT_INTERRUPTED, debug=False)
        except Exception as error:  # the one place every unexpected error ends up
            hint = "" if debug else " (run again with --debug to see where)"
            return _fail(
                f"unexpected error: {type(error).__name__}: {error}{hint}", EXIT_FAILURE, debug
            )


@contextlib.contextmanager
def _run_timeout(seconds: float | None) -> Iterator[None]:
    """--timeout reaches the API client as its variable does, whichever command runs, for this
    run only: the variable is as it was once the command returns (a program or a test may call
    `main` again)."""
    if seconds is None:
        yield
        return
    before = os.environ.get(TIMEOUT_VARIABLE)
    os.environ[TIMEOUT_VARIABLE] = repr(seconds)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(TIMEOUT_VARIABLE, None)
        else:
            os.environ[TIMEOUT_VARIABLE] = before


def _survive_any_encoding() -> None:
    """Output reaches a terminal, pipe or log whatever its encoding: a character it cannot hold
    ("—", "→", a name in another script) is written as an escape, \\u2014, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def _fail(message: str, exit_code: int, debug: bool) -> int:
    if debug:
        import traceback  # noqa: PLC0415 - only for --debug: not at every start

        traceback.print_exc()
    # One line per line of the message, none carrying a control sequence: an error may quote
    # the vendor, or a file.
    shown = "\n".join(visible(line) for line in message.split("\n"))
    print(f"broadcastctl: error: {shown}", file=sys.stderr)
    return exit_code
