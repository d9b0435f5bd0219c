"""The command line: every command's options reach its run() exactly, and the basics work."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys

import pytest

from broadcastctl import __version__
from broadcastctl.cli import COMMANDS, build_parser, main

# What a command needs on its command line before it parses at all.
REQUIRED = {"results": ["TASK", "--out", "records.csv"]}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_each_commands_options_match_its_run_function(command: str) -> None:
    options = vars(build_parser().parse_args([command, *REQUIRED.get(command, [])]))
    del options["command"], options["debug"], options["timeout"]  # the global options
    run = importlib.import_module(f"broadcastctl.commands.{command}").run
    parameters = inspect.signature(run).parameters.values()
    keyword_only = {p.name for p in parameters if p.kind is inspect.Parameter.KEYWORD_ONLY}
    required = {p.name for p in parameters if p.default is inspect.Parameter.empty} & keyword_only
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters)
    assert required <= set(options)
    assert takes_any or set(options) <= keyword_only


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"broadcastctl {__version__}\n"


def test_an_unknown_option_is_a_usage_error_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["lint", "--no-such-option"])
    assert exit_info.value.code == 2
    assert "unrecognized arguments" in capsys.readouterr().err


def test_python_dash_m_runs_the_same_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "broadcastctl", "--help"], capture_output=True, text=True, check=True
    )
    for command in COMMANDS:
        assert command in done.stdout


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["plan", "--workers", "abc"], "--workers: 'abc' is not a whole number of requests from 1"),
        (
            ["plan", "--workers", "0"],
            "--workers: '0' is not a whole number of requests from 1 to 64",
        ),
        (["deploy", "--workers", "36500"], "--workers: '36500' is not a whole number of requests"),
        (["plan", "--since-days", "0"], "--since-days: '0' is not a whole number of days from 1"),
        (["refresh", "--since-days", "2.5"], "--since-days: '2.5' is not a whole number of days"),
        (["plan", "--max-age", "0"], "--max-age: '0' is not a number of hours above 0"),
        (["plan", "--max-age", "soon"], "--max-age: 'soon' is not a number of hours above 0"),
        (["deploy", "--rate", "-1"], "--rate: '-1' is not a number of requests a second"),
        (["deploy", "--rate", "inf"], "--rate: 'inf' is not a number of requests a second"),
        (["deploy", "--rate", "nan"], "--rate: 'nan' is not a number of requests a second"),
    ],
)
def test_each_option_has_its_own_bounds_and_message(
    capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(arguments)
    assert exit_info.value.code == 2
    error = capsys.readouterr().err
    assert message in error
    assert "invalid" not in error  # argparse's own words name a private function


def test_the_bounds_admit_their_ends() -> None:
    options = build_parser().parse_args(["plan", "--workers", "64", "--since-days", "36500"])
    assert (options.workers, options.since_days) == (64, 36500)
    assert build_parser().parse_args(["deploy", "--rate", "0"]).rate == 0.0
