"""Hostile state files: each is refused as one line naming the file and the part, before
anything is sent; none hangs, none reads without bound, none ends in an internal error."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from broadcastctl.api import Client
from broadcastctl.cli import main
from broadcastctl.plan.window import Window
from broadcastctl.sandbox import SandboxServer
from broadcastctl.state.regularfile import MAX_STATE_BYTES
from broadcastctl.state.store import StateError, StateFile

ENTRY: dict[str, Any] = {
    "task_name": "spring",
    "job_id": 7,
    "file": "campaigns/spring.yaml",
    "number_count": 2,
    "numbers_digest": "ab12$" + "0" * 64,
    "sent": {"taskName": "spring", "loopCount": 1},
    "time": "2026-11-28T10:00:00+00:00",
    "commit": None,
    "version": "0.1.0",
}
TASK: dict[str, Any] = {
    "job_id": 7,
    "task_name": "spring",
    "status": 0,
    "number_count": 2,
    "fields": {"text": "x"},
}


def document(entry: dict[str, Any] | None = None, **snapshot: Any) -> dict[str, Any]:
    shot = {"target": "the sandbox", "taken_at": "2026-11-28T10:00:00+00:00", "commit": None}
    return {
        "format_version": 1,
        "entries": [{**ENTRY, **(entry or {})}],
        "snapshot": {**shot, "tasks": [{**TASK, **snapshot.pop("task", {})}], **snapshot},
    }


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def written(document: dict[str, Any]) -> bytes:
    return json.dumps(document).encode()


HOSTILE = {
    "lone surrogate name": (
        written(document({"task_name": "x"})).replace(b'"x"', b'"\\ud800"'),
        "entries[0].task_name holds a character",
    ),
    "integer name": (written(document({"task_name": 5})), "entries[0].task_name is not text"),
    "null name": (written(document({"task_name": None})), "entries[0].task_name is not text"),
    "sent 900 deep": (
        written(document({"sent": {}})).replace(
            b'"sent": {}', f'"sent": {{"a": {nested(900)}}}'.encode()
        ),
        "entries[0].sent nests deeper than 16",
    ),
    "sent 100,000 deep": (
        written(document({"sent": {}})).replace(
            b'"sent": {}', f'"sent": {{"a": {nested(100_000)}}}'.encode()
        ),
        "nests deeper than any state",
    ),
    "sent a list": (written(document({"sent": [1]})), "entries[0].sent is not an object"),
    "numeric digest": (written(document({"numbers_digest": 5})), "numbers_digest is not text"),
    "a digest of no numbers": (
        written(document({"numbers_digest": "5"})),
        "numbers_digest is not a digest",
    ),
    "job_id Infinity": (
        written(document(task={"job_id": 1})).replace(b'"job_id": 1,', b'"job_id": Infinity,'),
        "Infinity",
    ),
    "job_id 1e999": (
        written(document(task={"job_id": 1})).replace(b'"job_id": 1,', b'"job_id": 1e999,'),
        "it holds 1e999, a number too large",
    ),
    "huge job_id": (written(document({"job_id": 2**70})), "entries[0].job_id is not a whole"),
    "a float in sent out of range": (
        written(document({"sent": {"loopCount": 1.5}})).replace(b"1.5", b"1e999"),
        "it holds 1e999, a number too large",
    ),
    "garbage taken_at": (written(document(taken_at="yesterday")), "taken_at is not a date"),
    "naive taken_at": (written(document(taken_at="2026-11-28T10:00:00")), "has no time zone"),
    "a name twice": (
        written({**document(), "entries": [ENTRY, ENTRY]}),
        "entries name a task twice",
    ),
    "an unknown part": (written(document({"extra\x1b": 1})), "'extra\\x1b'"),
    "an intent of no known kind": (
        written({**document(), "intents": [{"task_name": "a"}]}),
        "intents[0] has parts missing",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_state_is_one_line_naming_the_part(tmp_path: Path, case: str) -> None:
    content, why = HOSTILE[case]
    path = tmp_path / "state.json"
    path.write_bytes(content)
    with pytest.raises(StateError) as raised:
        StateFile(path).read()
    message = str(raised.value)
    assert why in message
    assert str(path) in message
    assert "\n" not in message
    assert "\x1b" not in message
    assert path.read_bytes() == content


def test_a_valid_state_of_every_part_is_read(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_bytes(written(document()))
    state = StateFile(path).read()
    assert state.entries["spring"].job_id == 7
    assert state.snapshot is not None


def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    os.mkfifo(path)
    with pytest.raises(StateError, match="a FIFO"):
        StateFile(path).read()


def test_a_link_to_dev_zero_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.symlink_to("/dev/zero")
    with pytest.raises(StateError, match="a device"):
        StateFile(path).read()


def test_a_link_to_nothing_and_a_folder_are_refused(tmp_path: Path) -> None:
    link = tmp_path / "state.json"
    link.symlink_to(tmp_path / "gone.json")
    with pytest.raises(StateError, match="a symlink to a file that does not exist"):
        StateFile(link).read()
    folder = tmp_path / "folder.json"
    folder.mkdir()
    with pytest.raises(StateError, match="a folder"):
        StateFile(folder).read()


def test_a_state_past_the_size_cap_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    with open(path, "wb") as handle:  # sparse: 300 MB of apparent size, no disk
        handle.write(b'{"format_version": 1, "entries": [], "snapshot": null, "pad": "')
        handle.seek(300 * 1024 * 1024)
        handle.write(b'"}')
    assert path.stat().st_size > MAX_STATE_BYTES
    with pytest.raises(StateError, match="the limit is 64 MiB"):
        StateFile(path).read()


@pytest.mark.parametrize("case", ["integer name", "sent 900 deep", "job_id Infinity"])
def test_deploy_on_a_hostile_state_sends_nothing(
    project: Path,
    vendor: SandboxServer,
    client: Client,
    capsys: pytest.CaptureFixture[str],
    case: str,
) -> None:
    state = project / ".broadcastctl" / "state.json"
    state.parent.mkdir()
    state.write_bytes(HOSTILE[case][0])
    assert main(["deploy", "--yes"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert ".broadcastctl/state.json" in err
    window = Window.last_days(30, client.now())
    assert client.list_tasks(created_from=window.start, created_to=window.end) == []
