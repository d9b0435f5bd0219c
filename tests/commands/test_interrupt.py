"""Ctrl-C ends every run with one line and exit 130, wherever it lands: while the command line
loads, while `status --watch` reads, or as the interpreter shuts down (no "Exception ignored in:
<finalize object>" traceback)."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from broadcastctl.cli import main
from broadcastctl.errors import EXIT_INTERRUPTED

WATCH = [sys.executable, "-m", "broadcastctl", "status", "--sandbox", "--watch", "0.05"]
ENDINGS = ("broadcastctl: stopped watching", "broadcastctl: error: interrupted")


def _interrupted(project: Path) -> tuple[int, str]:
    watch = subprocess.Popen(
        WATCH, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert watch.stdout is not None
    watch.stdout.readline()  # it is reading and showing the board, in its loop
    watch.send_signal(signal.SIGINT)
    _, err = watch.communicate(timeout=60)
    return watch.returncode, err


def test_ctrl_c_while_watching_is_one_line_and_exit_130(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy", "--sandbox", "--yes"]) == 0  # tasks that wait: watching goes on
    capsys.readouterr()
    for _ in range(3):
        code, err = _interrupted(project)
        assert code == EXIT_INTERRUPTED, err
        assert "Traceback" not in err
        assert "Exception ignored" not in err
        assert err.strip() in ENDINGS, err


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )


def test_ctrl_c_while_the_command_line_loads_is_one_line() -> None:
    """A Ctrl-C that lands between the import and the command is told by main, not Python."""
    done = _python(
        "import os, signal, sys\n"
        "import broadcastctl.cli as cli\n"
        "os.kill(os.getpid(), signal.SIGINT)\n"
        "sys.argv = ['broadcastctl', 'schema', '--path']\n"
        "raise SystemExit(cli.main())\n"
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        EXIT_INTERRUPTED, "", "broadcastctl: error: interrupted\n",
    )  # fmt: skip


def test_ctrl_c_once_the_command_ended_cannot_break_the_shutdown() -> None:
    """What the interpreter runs at exit (finalizers, joined threads) is not interrupted: the
    command has said its one line already."""
    done = _python(
        "import os, signal, sys\n"
        "from broadcastctl.cli import main\n"
        "sys.argv = ['broadcastctl', 'schema', '--path']\n"
        "code = main()\n"
        "os.kill(os.getpid(), signal.SIGINT)\n"
        "print('shut down whole')\n"
        "raise SystemExit(code)\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("shut down whole\n")
    assert done.stderr == ""
