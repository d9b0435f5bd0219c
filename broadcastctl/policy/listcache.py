"""Do-not-call lists read once: the compiled form of each list (its numbers as sorted integers,
its problems, its export date) is kept in `.broadcastctl/lists/`, keyed by a digest of the
list's bytes and of how it is read, so that a registry of millions of lines is parsed again
only when it changes.

The folder is never committed and safe to delete. A compiled file is trusted only when its
header names the same key and a digest of its numbers matches them; anything else (a file cut
short, edited, from another version) is read again from the list and written anew. Failing to
write it (a read-only checkout) costs only the time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from broadcastctl.policy.dnclist import ListProblem, ReadList, read_list
from broadcastctl.safefile import UnreadableFile, open_regular_file, read_regular_file

FOLDER = Path(".broadcastctl") / "lists"
VERSION = 1  # of the reading rules and of the compiled form: a new one reads every list again
_MAGIC = b"broadcastctl compiled do-not-call list\n"
_PIECE = 4 << 20


def read_compiled(
    path: Path, root: Path, *, max_bytes: int, csv_file: bool, country: str | None
) -> ReadList:
    """A list's compiled form: from the cache under `root` when it holds this very content,
    else read from the list (and kept). UnreadableFile when the list cannot be read."""
    with open_regular_file(path, max_bytes) as handle:
        digest = _digest(_pieces(handle, max_bytes))
    key = _key(digest, csv_file, country)
    cache = root / FOLDER / f"{owner(path)}-{key}.bin"
    cached = _load(cache, key, max_bytes)
    if cached is not None:
        return cached
    hasher = hashlib.sha256()
    with open_regular_file(path, max_bytes) as handle:
        read = read_list(_hashed(_pieces(handle, max_bytes), hasher), csv_file=csv_file,
                         country=country)  # fmt: skip
    key = _key(hasher.digest(), csv_file, country)  # what was read, if it changed meanwhile
    _store(root / FOLDER, f"{owner(path)}-{key}.bin", key, read)
    return read


def _pieces(handle: BinaryIO, max_bytes: int) -> Iterator[bytes]:
    total = 0
    while piece := handle.read(_PIECE):
        total += len(piece)
        if total > max_bytes:  # it grew after it was measured
            raise UnreadableFile(f"it grew past the limit of {max_bytes / 2**20:g} MiB")
        yield piece


def _hashed(pieces: Iterator[bytes], hasher: Any) -> Iterator[bytes]:
    for piece in pieces:
        hasher.update(piece)
        yield piece


def _digest(pieces: Iterator[bytes]) -> bytes:
    hasher = hashlib.sha256()
    for piece in pieces:
        hasher.update(piece)
    return hasher.digest()


def _key(digest: bytes, csv_file: bool, country: str | None) -> str:
    how = f"{VERSION}\0{'csv' if csv_file else 'text'}\0{country or ''}\0".encode()
    return hashlib.sha256(how + digest).hexdigest()


def owner(path: Path) -> str:
    """A short name for the list's path: a list's older compiled forms are removed by it."""
    return hashlib.sha256(os.fsencode(os.path.abspath(path))).hexdigest()[:16]


def _load(cache: Path, key: str, max_bytes: int) -> ReadList | None:
    try:
        raw = read_regular_file(cache, 2 * max_bytes + (1 << 20))
    except UnreadableFile:
        return None
    try:
        return _parsed(raw, key)
    except (ValueError, KeyError, TypeError, OverflowError):
        return None


def _parsed(raw: bytes, key: str) -> ReadList | None:
    if not raw.startswith(_MAGIC):
        return None
    end = raw.index(b"\n", len(_MAGIC))
    header = json.loads(raw[len(_MAGIC) : end])
    payload = memoryview(raw)[end + 1 :]
    if (
        not isinstance(header, dict)
        or header.get("key") != key
        or header.get("byteorder") != sys.byteorder
        or header.get("count") != len(payload) // 8
        or len(payload) % 8
        or header.get("sha256") != hashlib.sha256(payload).hexdigest()
    ):
        return None
    numbers = array("Q")
    numbers.frombytes(payload)
    problems = tuple(
        ListProblem(int(line), int(column), str(message), str(rule))
        for line, column, message, rule in header["problems"]
    )
    exported = header.get("exported")
    return ReadList(numbers, problems, exported if isinstance(exported, str) else None)


def _store(folder: Path, name: str, key: str, read: ReadList) -> None:
    payload = read.numbers.tobytes()
    header = {
        "key": key,
        "byteorder": sys.byteorder,
        "count": len(read.numbers),
        "sha256": hashlib.sha256(payload).hexdigest(),
        "exported": read.exported,
        "problems": [[p.line, p.column, p.message, p.rule] for p in read.problems],
    }
    head = _MAGIC + json.dumps(header, ensure_ascii=True).encode() + b"\n"
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(head)
                handle.write(payload)
            os.replace(temporary, folder / name)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        _remove_older(folder, name)


def _remove_older(folder: Path, name: str) -> None:
    """The same list's compiled forms of earlier contents."""
    owner = name.split("-", 1)[0]
    for other in folder.glob(f"{owner}-*.bin"):
        if other.name != name:
            with contextlib.suppress(OSError):
                other.unlink()
