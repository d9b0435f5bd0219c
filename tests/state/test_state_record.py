"""The state file: a round trip, compare-and-swap, and documents it refuses to read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from broadcastctl.state.entry import Entry, numbers_digest, recorded_body
from broadcastctl.state.snapshot import RemoteTask, Snapshot
from broadcastctl.state.store import FORMAT_VERSION, State, StateError, StateFile

NUMBERS = ["12025550101", "12025550102"]


def entry(name: str = "spring", job_id: int = 7) -> Entry:
    body = {"taskName": name, "numberList": NUMBERS, "smsContent": "Hi", "baseFile": "QUJD"}
    return Entry(
        name, job_id, f"campaigns/{name}.yaml", 2, numbers_digest(NUMBERS), recorded_body(body),
        "2026-11-28T10:00:00+00:00", None, "0.1.0",
    )  # fmt: skip


def test_a_state_is_read_back_as_written(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    snapshot = Snapshot(
        "the sandbox",
        "2026-11-28T10:00:00+00:00",
        "abc",
        (RemoteTask(job_id=7, task_name="spring", status=0, number_count=2, fields={"text": "x"}),),
    )
    state = State({"spring": entry()}, snapshot)
    StateFile(path).write(state)
    assert StateFile(path).read() == state


def test_the_state_holds_no_number_and_no_audio(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    StateFile(path).write(State({"spring": entry()}))
    text = path.read_text()
    assert not any(number in text for number in NUMBERS)
    assert "QUJD" not in text
    assert "sha256:" in text
    assert json.loads(text)["format_version"] == FORMAT_VERSION


def test_the_numbers_digest_ignores_order_and_repeats_but_not_a_swap() -> None:
    recorded = entry()
    assert recorded.same_numbers([*reversed(NUMBERS), NUMBERS[0]])
    assert recorded.same_numbers(["12025550101", "12025550103"]) is False
    assert numbers_digest(NUMBERS) != numbers_digest(NUMBERS)  # salted afresh each time


def test_a_write_is_refused_when_the_file_changed_since_it_was_read(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    first, second = StateFile(path), StateFile(path)
    first.read(), second.read()
    first.write(State({"spring": entry()}))
    with pytest.raises(StateError, match="changed since this run read it"):
        second.write(State({"autumn": entry("autumn", 8)}))
    assert set(StateFile(path).read().entries) == {"spring"}  # nothing lost


def test_a_second_holder_is_refused(tmp_path: Path) -> None:
    first, second = StateFile(tmp_path / "state.json"), StateFile(tmp_path / "state.json")
    with (
        first.held(),
        pytest.raises(StateError, match="another deploy is using the state"),
        second.held(),
    ):
        pass


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b'{"format_version": 1, "entries": [', "not JSON"),
        (b"\xff\xfe", "not JSON"),
        (b"[]", "not a state document"),
        (b'{"format_version": 99, "entries": [], "snapshot": null}', "upgrade broadcastctl"),
        (b'{"format_version": "1", "entries": [], "snapshot": null}', "format_version is '1'"),
        (b'{"format_version": 1, "entries": [{"task_name": "x"}], "snapshot": null}', "missing"),
        (b'{"format_version": 1, "entries": []}', "missing"),
    ],
)
def test_an_unreadable_state_is_one_line_and_left_as_it_is(
    tmp_path: Path, content: bytes, why: str
) -> None:
    path = tmp_path / "state.json"
    path.write_bytes(content)
    with pytest.raises(StateError, match=why) as raised:
        StateFile(path).read()
    assert "\n" not in str(raised.value)
    assert path.read_bytes() == content
