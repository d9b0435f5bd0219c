"""Command line: declares every command's arguments, dispatches, maps errors to exit codes.

Each command lives in `broadcastctl.commands.<name>` as `run(**options) -> int`; its module is
imported only when that command runs, so `lint` never pays for the HTTP stack.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from collections.abc import Callable, Sequence

from broadcastctl import __version__
from broadcastctl.errors import EXIT_USAGE, BroadcastctlError

EXIT_INTERRUPTED = 130
DEFAULT_PATHS = ["campaigns"]


def _add_schema(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--path", action="store_true", help="print where the schema file is instead")


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


COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "schema": ("print the JSON Schema of a campaign file", _add_schema),
    "lint": ("check campaign files against the schema and the rules", _add_lint),
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
    options = vars(build_parser().parse_args(argv))
    command, debug = options.pop("command"), options.pop("debug")
    try:
        module = importlib.import_module(f"broadcastctl.commands.{command}")
        return int(module.run(**options))
    except BroadcastctlError as error:
        return _fail(str(error), error.exit_code, debug=debug)
    except KeyboardInterrupt:
        return _fail("interrupted", EXIT_INTERRUPTED, debug=False)
    except Exception as error:  # the one place every unexpected error ends up
        hint = "" if debug else " (run again with --debug to see where)"
        return _fail(f"unexpected error: {type(error).__name__}: {error}{hint}", EXIT_USAGE, debug)


def _fail(message: str, exit_code: int, debug: bool) -> int:
    if debug:
        traceback.print_exc()
    print(f"broadcastctl: error: {message}", file=sys.stderr)
    return exit_code
