"""A compiled list is found again without hashing the list only while the file is the very
file that was hashed: any write to it is seen, even one that keeps its size and restores its
modification time, and a file changed just before it was hashed is hashed every time."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from broadcastctl.policy import listcache
from broadcastctl.policy.dnclist import ReadList


def _compiled(listed: Path, repo: Path) -> ReadList:
    return listcache.read_compiled(listed, repo, max_bytes=1 << 20, csv_file=False, country=None)


def _no_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> bytes:
        raise AssertionError("hashed")

    monkeypatch.setattr(listcache, "_digest", fail)
    monkeypatch.setattr(listcache, "read_list", fail)


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if every file had been written long before it is read: its record may be kept."""
    monkeypatch.setattr(listcache, "_RACY_NS", -1_000_000_000)


@pytest.mark.usefixtures("settled")
def test_an_unchanged_list_is_not_hashed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = tmp_path / "opt-outs.txt"
    listed.write_text("+1 (202) 555-0143\n12025550144\n")
    first = _compiled(listed, tmp_path)
    assert list(first.numbers) == [12025550143, 12025550144]
    with monkeypatch.context() as patched:
        _no_hashing(patched)
        assert _compiled(listed, tmp_path) == first


@pytest.mark.usefixtures("settled")
def test_an_edit_keeping_size_and_modification_time_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The change time moves on any write, and no program can set it back; the edit is where
    the samples do not look."""
    listed = tmp_path / "opt-outs.txt"
    lines = [f"1202555{n:04}" for n in range(10_000)] * 3  # 360,000 bytes
    listed.write_text("\n".join(lines) + "\n")
    _compiled(listed, tmp_path)
    before = listed.stat()
    at = before.st_size * 9 // 34 // 12  # a line between the 4th and 5th sampled blocks
    assert at * 12 > 65_536
    assert before.st_size * 4 // 17 + 4096 < at * 12 < before.st_size * 5 // 17
    lines[at] = "12025559999"  # same size
    listed.write_text("\n".join(lines) + "\n")
    os.utime(listed, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert listed.stat().st_size == before.st_size
    assert listed.stat().st_mtime_ns == before.st_mtime_ns
    with monkeypatch.context() as patched:
        _no_hashing(patched)
        with pytest.raises(AssertionError, match="hashed"):
            _compiled(listed, tmp_path)
    assert 12025559999 in _compiled(listed, tmp_path).numbers


@pytest.mark.usefixtures("settled")
def test_a_list_replaced_by_another_file_is_hashed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = tmp_path / "opt-outs.txt"
    listed.write_text("12025550143\n")
    _compiled(listed, tmp_path)
    other = tmp_path / "new.txt"
    other.write_text("12025550145\n")
    os.replace(other, listed)
    assert list(_compiled(listed, tmp_path).numbers) == [12025550145]


def test_a_list_changed_just_before_it_was_hashed_is_hashed_every_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A filesystem keeping times by the second could show an edit made in that second with
    the times recorded: no record is kept for such a file."""
    listed = tmp_path / "opt-outs.txt"
    listed.write_text("12025550143\n")
    first = _compiled(listed, tmp_path)
    assert not list((tmp_path / listcache.FOLDER).glob("*.seen"))
    with monkeypatch.context() as patched:
        _no_hashing(patched)
        with pytest.raises(AssertionError, match="hashed"):
            _compiled(listed, tmp_path)
    assert _compiled(listed, tmp_path) == first


@pytest.mark.usefixtures("settled")
def test_a_record_that_does_not_fit_is_ignored(tmp_path: Path) -> None:
    listed = tmp_path / "opt-outs.txt"
    listed.write_text("12025550143\n")
    _compiled(listed, tmp_path)
    [record] = (tmp_path / listcache.FOLDER).glob("*.seen")
    for junk in (b"", b"[]", b'{"identity": 1}', b"\xff"):
        record.write_bytes(junk)
        assert list(_compiled(listed, tmp_path).numbers) == [12025550143]


@pytest.mark.usefixtures("settled")
def test_without_a_change_time_no_record_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows keeps the creation time in st_ctime: an edit would not move it."""
    monkeypatch.setattr(listcache, "_CHANGE_TIME", False)
    listed = tmp_path / "opt-outs.txt"
    listed.write_text("12025550143\n")
    _compiled(listed, tmp_path)
    _compiled(listed, tmp_path)
    assert not list((tmp_path / listcache.FOLDER).glob("*.seen"))
