"""Tasks, files, ids and the clock survive a restart on the same SQLite file."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from broadcastctl.api import Client
from broadcastctl.sandbox import SandboxError, SandboxServer


def test_a_restarted_sandbox_serves_the_same_tasks(
    tmp_path: Path, make_client: Callable[..., Client], task_body: Callable[..., dict[str, Any]]
) -> None:
    db = tmp_path / "kept.sqlite3"
    with SandboxServer(db, api_key="k", api_secret="s") as first:
        api = make_client(first)
        job_id = api.create_task(task_body(numberList=["84901234567", "84907654321"]))
        file_id = api.upload_voice_file("kept.mp3", b"ID3")
        first.clock.advance(600)
        detail_before = dict(api.get_task(job_id).fields)

    with SandboxServer(db, api_key="k", api_secret="s") as second:
        api = make_client(second)
        detail_after = dict(api.get_task(job_id).fields)
        next_id = api.create_task(task_body("next"))
        offset = second.clock.offset
        files = api.list_voice_files()

    assert detail_after == detail_before
    assert detail_after["status"] == 2
    assert next_id == job_id + 1
    assert 599 < offset < 601
    assert [voice_file.file_id for voice_file in files] == [file_id]


def test_the_numbers_are_stored_compressed_not_as_rows(
    tmp_path: Path, make_client: Callable[..., Client], task_body: Callable[..., dict[str, Any]]
) -> None:
    db = tmp_path / "compact.sqlite3"
    numbers = [f"849{index:08d}" for index in range(20_000)]
    with SandboxServer(db, api_key="k", api_secret="s") as server:
        make_client(server).create_task(task_body(numberList=numbers))

    # 20,000 numbers are 240 kB as text; one compressed blob keeps the file far smaller.
    assert db.stat().st_size < 150_000


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "notes.txt"
    db.write_text("not a database, " * 100)

    with pytest.raises(SandboxError, match=r"notes\.txt"):
        SandboxServer(db, api_key="k", api_secret="s")
