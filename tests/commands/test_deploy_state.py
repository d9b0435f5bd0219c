"""The state through the command line, against a sandbox over real HTTP: swapped numbers,
hidden fields, orphans, adoption, and state files that cannot be used."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from broadcastctl.api import Client
from broadcastctl.cli import main
from broadcastctl.sandbox import SandboxServer
from broadcastctl.state.store import StateFile

STATE = Path(".broadcastctl") / "state.json"


def test_a_swapped_number_is_blocked_and_nothing_is_sent(
    project: Path, vendor: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy", "--yes"]) == 0
    reminder = project / "campaigns" / "reminder.yaml"
    reminder.write_text(reminder.read_text().replace("12025550105", "12025550199"))
    capsys.readouterr()
    assert main(["plan"]) == 1
    out = capsys.readouterr().out
    assert "! blocked  renewal reminder" in out
    assert "numbers as sent →" in out
    assert "not all the same" in out
    assert "give it a new taskName" in out
    before = StateFile(STATE).read()
    assert main(["deploy", "--yes"]) == 1
    out = capsys.readouterr().out
    assert "updated" not in out
    assert StateFile(STATE).read().entries == before.entries


def test_a_deleted_file_leaves_an_orphan_shown_first_and_left_alone(
    project: Path,
    vendor: SandboxServer,
    write_campaign: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    write_campaign("spring", **{"loopCount: 1": "loopCount: 3"})
    assert main(["deploy", "--yes"]) == 0
    (project / "campaigns" / "spring.yaml").unlink()
    capsys.readouterr()
    assert main(["plan", "--detailed-exitcode"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Target: http://127.0.0.1:")
    assert out.splitlines()[1].startswith("- orphaned spring  (task ")
    assert "campaigns/spring.yaml: 2 numbers, message played 3× a call" in out
    assert "will call up to 2 numbers" in out
    assert "deploy --prune or `broadcastctl cancel` cancels it" in out
    assert "1 orphaned (1 waiting; their campaigns gone)" in out
    assert "remote tasks that no file describes" not in out


def test_a_renamed_task_says_its_numbers_may_be_called_twice(
    project: Path,
    vendor: SandboxServer,
    write_campaign: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    write_campaign("spring")
    assert main(["deploy", "--yes"]) == 0
    path = project / "campaigns" / "spring.yaml"
    path.write_text(path.read_text().replace("taskName: spring", "taskName: spring v2"))
    capsys.readouterr()
    assert main(["plan"]) == 0
    out = capsys.readouterr().out
    assert "+ create   spring v2" in out
    assert "its file campaigns/spring.yaml now names 'spring v2'" in out
    assert "It was renamed to 'spring v2': those numbers may be called twice" in out


def test_a_rename_is_matched_by_its_file_before_numbers_and_pruned_as_such(
    project: Path,
    vendor: SandboxServer,
    write_campaign: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """c and d share their numbers; c is deleted and d renamed: only d was renamed."""
    write_campaign("camp c")
    d = write_campaign("camp d")
    assert main(["deploy", "--yes"]) == 0
    (project / "campaigns" / "camp c.yaml").unlink()
    d.write_text(d.read_text().replace("taskName: camp d", "taskName: camp d v2"))
    capsys.readouterr()
    assert main(["plan"]) == 0
    blocks = capsys.readouterr().out.split("\n- orphaned ")
    c_block = next(block for block in blocks if block.startswith("camp c "))
    d_block = next(block for block in blocks if block.startswith("camp d "))
    assert "no file describes it any more (it came from campaigns/camp c.yaml)" in c_block
    assert "renamed" not in c_block
    assert "its file campaigns/camp d.yaml now names 'camp d v2'" in d_block
    assert "It was renamed to 'camp d v2'" in d_block
    assert "2 orphaned (2 waiting; their campaigns gone)" in d_block
    assert main(["deploy", "--yes", "--prune", "--format", "json"]) == 0
    messages = {t["name"]: t["message"] for t in json.loads(capsys.readouterr().out)["tasks"]}
    assert messages["camp c"] == "its file is gone"
    assert messages["camp d"] == "its file campaigns/camp d.yaml names another task now"


def test_a_task_made_elsewhere_is_adopted_once_and_never_a_no_op_its_numbers_unknown(
    project: Path,
    vendor: SandboxServer,
    client: Client,
    task_body: Callable[..., dict[str, Any]],
    write_campaign: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    write_campaign("spring")
    body = task_body(
        "spring", numberList=["12025550101", "12025550102"], sendTime="2030-01-01 09:00:00"
    )
    client.create_task(body | {"text": "Hello"})
    assert main(["deploy", "--yes", "campaigns/spring.yaml"]) == 0
    out = capsys.readouterr().out
    assert "Adopted 1 task that broadcastctl did not create into the state (spring)" in out
    entry = StateFile(STATE).read().entries["spring"]
    assert entry.numbers_digest is None
    assert entry.sent is None
    assert main(["deploy", "--yes", "campaigns/spring.yaml"]) == 1  # blocked: not confirmed
    out = capsys.readouterr().out
    assert "Adopted" not in out
    assert "cannot be confirmed" in out
    assert main(["plan", "campaigns/spring.yaml"]) == 1  # a blocked plan fails
    out = capsys.readouterr().out
    assert "! blocked  spring" in out
    assert "no-op" not in out


@pytest.mark.parametrize(
    "content", [b"{not json", b'{"format_version": 1, "entr', b'{"format_version": 2}']
)
@pytest.mark.parametrize("command", ["plan", "deploy"])
def test_an_unusable_state_stops_with_one_line_and_is_kept(
    project: Path,
    vendor: SandboxServer,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    command: str,
) -> None:
    STATE.parent.mkdir(exist_ok=True)
    STATE.write_bytes(content)
    assert main([command, "--yes"] if command == "deploy" else [command]) == 1
    captured = capsys.readouterr()
    errors = [line for line in captured.err.splitlines() if line.startswith("broadcastctl:")]
    assert len(errors) == 1  # one line, whatever lint warned about the files
    assert "cannot use the state" in captured.err
    assert "Traceback" not in captured.err
    assert STATE.read_bytes() == content


def test_state_option_and_environment_choose_the_file(
    project: Path,
    vendor: SandboxServer,
    monkeypatch: pytest.MonkeyPatch,
    write_campaign: Callable[..., Path],
) -> None:
    write_campaign("spring")
    assert main(["deploy", "--yes", "--state", "one.json", "campaigns/spring.yaml"]) == 0
    monkeypatch.setenv("BROADCASTCTL_STATE", "two.json")
    write_campaign("autumn")
    assert main(["deploy", "--yes", "campaigns/autumn.yaml"]) == 0
    assert set(StateFile(Path("one.json")).read().entries) == {"spring"}
    assert set(StateFile(Path("two.json")).read().entries) == {"autumn"}
    assert not STATE.exists()
