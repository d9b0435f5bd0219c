"""Every environment variable and option value a user can get wrong is refused in one line that
names it, never as an "unexpected error"."""

from __future__ import annotations

from pathlib import Path

import pytest

from broadcastctl.cli import main
from broadcastctl.errors import EXIT_FAILURE, EXIT_USAGE


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "campaigns").mkdir()
    monkeypatch.chdir(tmp_path)
    for name in ("BROADCASTCTL_API_TIMEZONE", "BROADCASTCTL_STATE", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.mark.parametrize("offset", ["+25:00", "+24:00", "-99:99", "+23:60", "-24:00"])
def test_an_offset_out_of_range_names_the_variable(
    repository: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    offset: str,
) -> None:
    monkeypatch.setenv("BROADCASTCTL_API_TIMEZONE", offset)
    assert main(["lint"]) == EXIT_USAGE
    assert capsys.readouterr().err == (
        "broadcastctl: error: BROADCASTCTL_API_TIMEZONE must be an offset from -23:59 to "
        f"+23:59 (or a zone name such as Asia/Shanghai), got {offset!r}\n"
    )


def test_the_widest_offsets_are_taken(
    repository: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for offset in ("+23:59", "-23:59", "+0000"):
        monkeypatch.setenv("BROADCASTCTL_API_TIMEZONE", offset)
        assert main(["lint"]) == 0


@pytest.mark.parametrize(
    ("variables", "arguments", "code", "named"),
    [
        (
            {"BROADCASTCTL_API_URL": "ftp://example.com"},
            ["plan"],
            EXIT_USAGE,
            "BROADCASTCTL_API_URL",
        ),
        ({"BROADCASTCTL_API_URL": "http://[::1"}, ["plan"], EXIT_USAGE, "BROADCASTCTL_API_URL"),
        ({"BROADCASTCTL_API_KEY": ""}, ["plan"], EXIT_USAGE, "BROADCASTCTL_API_KEY"),
        ({"BROADCASTCTL_API_KEY": "a\nb"}, ["plan"], EXIT_USAGE, "BROADCASTCTL_API_KEY"),
        ({"BROADCASTCTL_API_SECRET": "sé"}, ["plan"], EXIT_USAGE, "BROADCASTCTL_API_SECRET"),
        ({"BROADCASTCTL_STATE": "."}, ["plan", "--sandbox"], EXIT_FAILURE, "the state ."),
        (
            {"BROADCASTCTL_TIMEOUT": "nan"},
            ["plan", "--sandbox"],
            EXIT_USAGE,
            "BROADCASTCTL_TIMEOUT",
        ),
        (
            {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": "."},
            ["lint"],
            EXIT_FAILURE,
            "GITHUB_STEP_SUMMARY=.",
        ),
        ({}, ["plan", "--sandbox", "--out", "no/such/folder/plan.json"], EXIT_FAILURE, "--out"),
        ({}, ["plan", "--sandbox", "--out", "."], EXIT_FAILURE, "--out"),
        ({}, ["plan", "--sandbox", "--state", "."], EXIT_FAILURE, "the state ."),
        ({}, ["deploy", "--sandbox", "--plan", "."], EXIT_USAGE, "the plan ."),
        ({}, ["sandbox", "--timezone", "+24:00"], EXIT_USAGE, "--timezone"),
        ({}, ["sandbox", "--db", "campaigns/x.yaml/sandbox.db"], EXIT_FAILURE, "x.yaml"),
        ({}, ["schema", "--write", "campaigns/x.yaml"], EXIT_FAILURE, "campaigns/x.yaml"),
    ],
)
def test_each_bad_value_is_one_line_naming_it(
    repository: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    variables: dict[str, str],
    arguments: list[str],
    code: int,
    named: str,
) -> None:
    (repository / "campaigns" / "x.yaml").write_text("not a campaign: yet\n")
    monkeypatch.setenv("BROADCASTCTL_API_URL", "http://127.0.0.1:9")  # never the network
    monkeypatch.setenv("BROADCASTCTL_API_KEY", "key")
    monkeypatch.setenv("BROADCASTCTL_API_SECRET", "secret")
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    if arguments[0] in ("plan", "deploy"):  # a campaign that lints clean, to get that far
        (repository / "campaigns" / "x.yaml").unlink()
    assert main(arguments) == code
    err = capsys.readouterr().err
    last = err.splitlines()[-1]
    assert "unexpected error" not in err
    assert last.startswith("broadcastctl: error: ")
    assert named in last
