"""The exit-code contract, the same for every command (`broadcastctl.errors`): a usage error is
EXIT_USAGE, never 2, which --detailed-exitcode keeps for "changes to apply"; a bad option shows
the command's own usage, and a mistyped name a "did you mean"."""

from __future__ import annotations

import pytest

from broadcastctl.cli import COMMANDS, main
from broadcastctl.errors import EXIT_CHANGES, EXIT_CODES, EXIT_USAGE


def test_the_codes_are_distinct_and_usage_is_not_changes() -> None:
    assert EXIT_USAGE != EXIT_CHANGES
    assert sorted(EXIT_CODES) == [0, 1, 2, 64, 130]


@pytest.mark.parametrize("command", ["plan", "refresh"])
def test_a_typo_with_detailed_exitcode_is_not_a_plan_with_changes(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--detailed-exitcode", "--bogus"])
    assert exit_info.value.code == EXIT_USAGE
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_bad_option_prints_that_commands_usage(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    required = {"results": ["TASK", "--out", "x.csv"], "cancel": ["TASK"]}.get(command, [])
    with pytest.raises(SystemExit) as exit_info:
        main([command, *required, "--bogus"])
    assert exit_info.value.code == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.startswith(f"usage: broadcastctl {command} ")
    assert err.endswith(f"broadcastctl {command}: error: unrecognized arguments: --bogus\n")


def test_a_mistyped_command_gets_a_did_you_mean(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["dploy"])
    assert exit_info.value.code == EXIT_USAGE
    assert "invalid choice: 'dploy'" in (err := capsys.readouterr().err)
    assert err.endswith("; did you mean 'deploy'?\n")


def test_a_mistyped_choice_gets_a_did_you_mean(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["plan", "--format", "markdwn"])
    assert capsys.readouterr().err.endswith("; did you mean 'markdown'?\n")


def test_nothing_close_gets_no_guess(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["xyzzy"])
    assert "did you mean" not in capsys.readouterr().err
