"""Every command's output survives a terminal, pipe or log that holds only ASCII (a C locale,
PYTHONIOENCODING=ascii): characters it cannot hold are escaped, never a crash."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from broadcastctl.cli import COMMANDS

CAMPAIGN = """appId: app-1
taskName: café
source: 3
text: Héllo — à bientôt
lan: EN
sendTime: 2030-01-01 09:00:00
numberList: ["12025550101", "12025550101"]
loopCount: 2
maxCalls: 60
allowSendTime:
  - strTime: "00:00"
    endTime: "08:00"
"""


def run(folder: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONIOENCODING": "ascii", "LC_ALL": "C", "PYTHONUTF8": "0"}
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "NO_COLOR"):
        environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "broadcastctl", *arguments],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        encoding="ascii",
        check=False,
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "campaigns").mkdir()
    (tmp_path / "campaigns" / "café.yaml").write_text(CAMPAIGN, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("arguments", "code", "shown"),
    [
        (["lint"], 0, "it is called once \\u2014 remove the repeat"),
        (["lint", "--format", "json"], 0, "\\u2014"),
        (["plan", "--sandbox"], 0, "caf\\xe9"),
        (["plan", "--sandbox", "--format", "markdown"], 0, "\\u2795 create"),
        (["deploy", "--sandbox", "--yes"], 0, "caf\\xe9"),
    ],
)
def test_a_command_on_an_ascii_stream_escapes_what_it_cannot_print(
    folder: Path, arguments: list[str], code: int, shown: str
) -> None:
    done = run(folder, *arguments)
    assert "Traceback" not in done.stderr
    assert "UnicodeEncodeError" not in done.stdout + done.stderr
    assert done.returncode == code, done.stderr
    assert shown in done.stdout + done.stderr


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_commands_help_prints_on_an_ascii_stream(folder: Path, command: str) -> None:
    done = run(folder, command, "--help")
    assert done.returncode == 0, done.stderr
    assert "usage: broadcastctl" in done.stdout
