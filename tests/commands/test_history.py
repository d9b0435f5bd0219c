"""A blocked swap of numbers says how many were added and removed since the commit the task was
deployed at, read from git history (the campaign file and its numberFile); over real HTTP
against the sandbox, in a temporary git repository. No number is ever shown."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from broadcastctl.cli import main
from broadcastctl.sandbox import SandboxServer
from broadcastctl.state.store import StateFile

STATE = Path(".broadcastctl") / "state.json"
REMINDER = Path("campaigns") / "reminder.yaml"
HOLIDAY_NUMBERS = Path("campaigns") / "numbers" / "holiday.csv"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(*args: str) -> str:
    return subprocess.run(["git", *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repository(project: Path) -> str:
    """The project as a real git repository, everything committed; the commit's id."""
    (project / ".git").rmdir()
    git("init", "-q")
    git("config", "user.email", "test@example.com")
    git("config", "user.name", "Test")
    (project / ".gitignore").write_text(".broadcastctl/\n")
    git("add", "-A")
    git("commit", "-q", "-m", "campaigns")
    return git("rev-parse", "HEAD").strip()


def swap(path: Path, *pairs: tuple[str, str]) -> None:
    text = path.read_text()
    for old, new in pairs:
        assert old in text
        text = text.replace(old, new)
    path.write_text(text)


def plan_output(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(["plan", *args]) == 1  # blocked
    return capsys.readouterr().out


def test_a_swap_says_how_many_numbers_were_added_and_removed(
    repository: str, vendor: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy", "--yes"]) == 0
    assert StateFile(STATE).read().entries["renewal reminder"].commit == repository
    swap(REMINDER, ("12025550105", "12025550199"), ("12025550104", "12025550198"))
    said = f"2 numbers added and 2 removed since commit {repository[:12]}, which it was deployed at"
    out = plan_output(capsys)
    assert "! blocked  renewal reminder" in out
    assert f"numberList: 5 numbers as sent → 5 numbers, not all the same: {said}" in out
    markdown = plan_output(capsys, "--format", "markdown")
    assert said in markdown
    document = json.loads(plan_output(capsys, "--format", "json"))
    [action] = [a for a in document["actions"] if a["task_name"] == "renewal reminder"]
    assert action["action"] == "blocked"
    assert [c["new"] for c in action["changes"]] == [f"5 numbers, not all the same: {said}"]
    offline = plan_output(capsys, "--offline")
    assert said in offline
    for output in (out, markdown, json.dumps(document), offline):
        assert "2025550199" not in output
        assert "2025550105" not in output


def test_a_swap_in_a_number_file_is_counted_from_that_file_at_the_commit(
    repository: str, vendor: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy", "--yes"]) == 0
    swap(HOLIDAY_NUMBERS, ("16175550101,", "16175550191,"))
    out = plan_output(capsys)
    assert f"1 number added and 1 removed since commit {repository[:12]}" in out
    assert "6175550191" not in out


def test_numbers_sent_from_uncommitted_edits_are_not_explained_by_the_commit(
    repository: str, vendor: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """The commit's file holds other numbers than were sent: its counts would be wrong."""
    swap(REMINDER, ("12025550105", "12025550177"))
    assert main(["deploy", "--yes"]) == 0
    swap(REMINDER, ("12025550104", "12025550199"))
    out = plan_output(capsys)
    assert "! blocked  renewal reminder" in out
    assert "5 numbers as sent → 5 numbers, not all the same\n" in out
    assert "added" not in out


def test_without_git_history_nothing_more_is_said(
    project: Path, vendor: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy", "--yes"]) == 0
    assert StateFile(STATE).read().entries["renewal reminder"].commit is None
    swap(REMINDER, ("12025550105", "12025550199"))
    out = plan_output(capsys)
    assert "5 numbers as sent → 5 numbers, not all the same\n" in out
    assert "added" not in out


def test_a_commit_git_no_longer_holds_says_nothing_more(
    repository: str, vendor: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy", "--yes"]) == 0
    state = StateFile(STATE)
    known = state.read()
    entry = known.entries["renewal reminder"]
    state.write(known.with_entry(replace(entry, commit="0" * 40)))
    swap(REMINDER, ("12025550105", "12025550199"))
    out = plan_output(capsys)
    assert "not all the same\n" in out
    assert "added" not in out
