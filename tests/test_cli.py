"""The command line: every command's options reach its run() exactly, and the basics work."""

from __future__ import annotations

import argparse
import ast
import dataclasses
import gc
import importlib
import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest

from broadcastctl import __version__, cli
from broadcastctl.cli import COMMANDS, build_parser, early, main, parse
from broadcastctl.cli.build import BUILDERS
from broadcastctl.commands.options import RefreshOptions, Remote, StatusOptions
from broadcastctl.errors import EXIT_USAGE

# What a command needs on its command line before it parses at all.
REQUIRED = {"results": ["TASK", "--out", "records.csv"], "cancel": ["spring"]}


def _fields(options: object) -> set[str]:
    """Every field of an options object, the shared remote options' among them."""
    names = set()
    for field in dataclasses.fields(options):  # type: ignore[arg-type]
        value = getattr(options, field.name)
        names |= _fields(value) if dataclasses.is_dataclass(value) else {field.name}
    return names


@pytest.mark.parametrize("command", list(COMMANDS))
def test_each_commands_options_match_its_run_function(command: str) -> None:
    """Each option given on the command line reaches the command: as a field of its typed
    options, or as a keyword of its run() for the commands that take keywords."""
    parsed = parse([command, *REQUIRED.get(command, [])])
    options = vars(parsed)
    del options["command"], options["debug"], options["timeout"]  # the global options
    run = importlib.import_module(f"broadcastctl.commands.{command}").run
    if command in BUILDERS:
        built = BUILDERS[command](parsed)
        assert set(options) <= _fields(built)
        assert [type(built).__name__] == [
            p.annotation for p in inspect.signature(run).parameters.values()
            if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
        ]  # fmt: skip
        return
    parameters = inspect.signature(run).parameters.values()
    keyword_only = {p.name for p in parameters if p.kind is inspect.Parameter.KEYWORD_ONLY}
    required = {p.name for p in parameters if p.default is inspect.Parameter.empty} & keyword_only
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters)
    assert required <= set(options)
    assert takes_any or set(options) <= keyword_only


def test_an_option_not_given_keeps_the_options_default() -> None:
    """refresh declares no --changed-since nor status --workers: the shared default stands."""
    refresh = BUILDERS["refresh"](build_parser().parse_args(["refresh", "--since-days", "9"]))
    assert refresh == RefreshOptions(remote=Remote(since_days=9))
    assert BUILDERS["status"](build_parser().parse_args(["status"])) == StatusOptions()


@pytest.mark.parametrize(
    ("command", "registry"),
    [
        ("lint", "broadcastctl.checks.reporters:REPORTERS"),
        ("plan", "broadcastctl.plan.views:VIEWS"),
        ("status", "broadcastctl.status.views:VIEWS"),
        ("results", "broadcastctl.status.summaryviews:VIEWS"),
    ],
)
def test_format_choices_are_the_registrys_names(command: str, registry: str) -> None:
    """The choices are written out, not imported: `lint` must not load the plan's views."""
    module, name = registry.split(":")
    names = set(getattr(importlib.import_module(module), name))
    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    fmt = next(a for a in subparsers.choices[command]._actions if "--format" in a.option_strings)
    assert set(fmt.choices or ()) == names


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"broadcastctl {__version__}\n"


def test_an_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["lint", "--no-such-option"])
    assert exit_info.value.code == EXIT_USAGE
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
    assert exit_info.value.code == EXIT_USAGE
    error = capsys.readouterr().err
    assert message in error
    assert "invalid" not in error  # argparse's own words name a private function


def test_the_bounds_admit_their_ends() -> None:
    options = build_parser().parse_args(["plan", "--workers", "64", "--since-days", "36500"])
    assert (options.workers, options.since_days) == (64, 36500)
    assert build_parser().parse_args(["deploy", "--rate", "0"]).rate == 0.0


def test_no_function_of_the_command_line_passes_sixty_lines() -> None:
    package = Path(cli.__file__).parent
    long = {
        f"{path.name}: {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for path in package.glob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > 60
    }
    assert long == set()


def test_timeout_holds_for_its_run_only(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`main` may be called again in one process: --timeout must not outlive its run."""
    monkeypatch.delenv("BROADCASTCTL_TIMEOUT", raising=False)
    monkeypatch.chdir(tmp_path)
    main(["--timeout", "20m", "schema", "--path"])
    assert "BROADCASTCTL_TIMEOUT" not in os.environ
    monkeypatch.setenv("BROADCASTCTL_TIMEOUT", "90")
    main(["--timeout", "5s", "schema", "--path"])
    assert os.environ["BROADCASTCTL_TIMEOUT"] == "90"
    capsys.readouterr()


def test_the_garbage_collector_is_on_once_a_command_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It waits while the command line loads (`cli.early`), never longer."""
    gc.disable()
    early._collector_paused.set()  # as when the command line is first imported
    (tmp_path / "c.yaml").write_text("appId: x\n")
    main(["lint", str(tmp_path / "c.yaml")])
    capsys.readouterr()
    assert gc.isenabled()


def test_the_garbage_collector_is_on_after_a_run_that_never_reached_a_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A program that imported the command line and ran it with a mistyped command goes on
    with its collector."""
    gc.disable()
    early._collector_paused.set()
    with pytest.raises(SystemExit) as stop:  # a usage error ends the run as argparse does
        main(["lnit"])
    assert stop.value.code == 64
    capsys.readouterr()
    assert gc.isenabled()
