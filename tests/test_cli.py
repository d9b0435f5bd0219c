"""The command line: every command's options reach its run() exactly, and the basics work."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys

import pytest

from broadcastctl import __version__
from broadcastctl.cli import COMMANDS, build_parser, main


@pytest.mark.parametrize("command", list(COMMANDS))
def test_each_commands_options_match_its_run_function(command: str) -> None:
    options = vars(build_parser().parse_args([command]))
    del options["command"], options["debug"]
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
