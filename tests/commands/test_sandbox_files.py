"""What `--sandbox` leaves in a user's repository, and the README's word on the list window."""

from __future__ import annotations

import subprocess
from pathlib import Path

from broadcastctl.cli import main
from broadcastctl.plan.window import FUTURE_MARGIN

ROOT = Path(__file__).resolve().parent.parent.parent


def test_plan_sandbox_leaves_nothing_untracked(project: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    assert main(["plan", "--sandbox"]) == 0
    assert (project / ".broadcastctl" / "sandbox.sqlite3").exists()
    untracked = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all", ".broadcastctl"],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert untracked == ""


def test_the_docs_say_how_far_ahead_the_list_window_reaches() -> None:
    readme = " ".join((ROOT / "docs" / "commands.md").read_text().split())
    assert f"and {FUTURE_MARGIN.days} days ahead" in readme
