"""Do-not-call lists read once: the compiled form of each list (its numbers as sorted integers,
its problems, its export date) is kept in `.broadcastctl/lists/`, keyed by a digest of the
list's bytes and of how it is read, so that a registry of millions of lines is parsed again
only when it changes.

The folder is never committed and safe to delete. A compiled file is trusted only when its
header names the same key and a digest of its numbers matches them; anything else (a file cut
short, edited, from another version) is read again from the list and written anew. Failing to
write it (a read-only checkout) costs only the time.

Hashing the list is most of a later run's cost (0.2 s for 175 MiB), so beside the compiled
form `{owner}.seen` remembers the list's digest with what `stat` said of the file when it was
hashed: device, inode, size, and modification and change times to the nanosecond, and a digest
of 18 samples of its bytes (its first and last 64 KiB and 16 blocks between). A later run
that finds all of them the same takes that digest instead of hashing the file again. Any write
to the file sets its change time to the clock's time, which no program can set back (only
turning the system clock back can), so an edit is seen even when the editor keeps the size
and restores the modification time. As git does for its index, the record is kept only for
a file last changed more than 2 seconds before it was hashed, so that a filesystem that keeps
times by the second (or by two) cannot show an edit made just after the hashing with the
times recorded. What remains: a filesystem that keeps no change time, a file rewritten through
a shared memory mapping (whose times need not change on every write), or a clock set back
and a file edited to the same size at that very instant. On Windows, where the change time
is the creation time, no record is kept. Deleting `.broadcastctl/lists/` makes the next run
hash and read every list.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import sys
import tempfile
import time
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, cast

from broadcastctl.policy.dnclist import ListProblem, ReadList, read_list
from broadcastctl.safefile import UnreadableFile, open_regular_file, read_regular_file

FOLDER = Path(".broadcastctl") / "lists"
VERSION = 2  # of the reading rules and of the compiled form: a new one reads every list again
_MAGIC = b"broadcastctl compiled do-not-call list\n"
_PIECE = 4 << 20


def read_compiled(
    path: Path, root: Path, *, max_bytes: int, csv_file: bool, country: str | None
) -> ReadList:
    """A list's compiled form: from the cache under `root` when it holds this very content,
    else read from the list (and kept). UnreadableFile when the list cannot be read."""
    folder, name = root / FOLDER, owner(path)
    record = folder / f"{name}.seen"
    started = time.time_ns()
    with open_regular_file(path, max_bytes) as handle:
        seen = _identity(handle)
        digest = _remembered(record, seen, handle)
        noted = None
        if digest is None:
            handle.seek(0)
            digest = _digest(_pieces(handle, max_bytes))
            noted = _noted(handle, seen, started, digest)
    key = _key(digest, csv_file, country)
    cached = _load(folder / f"{name}-{key}.bin", key, max_bytes)
    if cached is not None:
        if noted is not None:
            _write(folder, record.name, noted)
        return cached
    hasher = hashlib.sha256()
    started = time.time_ns()
    with open_regular_file(path, max_bytes) as handle:
        seen = _identity(handle)
        read = read_list(_hashed(_pieces(handle, max_bytes), hasher), csv_file=csv_file,
                         country=country)  # fmt: skip
        noted = _noted(handle, seen, started, hasher.digest())
    key = _key(hasher.digest(), csv_file, country)  # what was read, if it changed meanwhile
    _store(folder, f"{name}-{key}.bin", key, read)
    if noted is not None:
        _write(folder, record.name, noted)
    else:  # a record of an older content must not outlive it
        with contextlib.suppress(OSError):
            record.unlink()
    return read


# What stat says of a file: device, inode, size, modification and change times (ns).
_Identity = tuple[int, int, int, int, int]
_RACY_NS = 2_000_000_000  # a change closer than this to the hashing: the record is not kept
# On Windows st_ctime is the creation time, which an edit leaves alone: no record is kept there.
_CHANGE_TIME = os.name != "nt"
_SAMPLE = 64 << 10
_BLOCKS = 16


def _identity(handle: BinaryIO) -> _Identity:
    status = os.fstat(handle.fileno())
    return (
        status.st_dev,
        status.st_ino,
        status.st_size,
        status.st_mtime_ns,
        status.st_ctime_ns,
    )


def _sample(handle: BinaryIO, size: int) -> str:
    """A digest of the file's first and last 64 KiB and of 16 blocks of 4 KiB between."""
    hasher = hashlib.sha256(str(size).encode())
    places = [0, max(size - _SAMPLE, 0)]
    places += [size * n // (_BLOCKS + 1) for n in range(1, _BLOCKS + 1)]
    for place, length in zip(places, [_SAMPLE, _SAMPLE] + [4096] * _BLOCKS, strict=True):
        handle.seek(place)
        hasher.update(handle.read(length))
    return hasher.hexdigest()


def _remembered(record: Path, seen: _Identity, handle: BinaryIO) -> bytes | None:
    """The digest recorded for this very file, unchanged since (see the module's note)."""
    try:
        kept = json.loads(read_regular_file(record, 1 << 16))
        if kept.get("identity") != list(seen) or kept.get("sample") != _sample(handle, seen[2]):
            return None
        return bytes.fromhex(kept["digest"])
    except (UnreadableFile, ValueError, TypeError, KeyError, AttributeError):
        return None


def _noted(handle: BinaryIO, seen: _Identity, started: int, digest: bytes) -> bytes | None:
    """The record of a digest just taken, if the file was last changed long enough before
    (see the module's note) and did not change while it was hashed; else None."""
    if not _CHANGE_TIME or started - max(seen[3], seen[4]) <= _RACY_NS:
        return None
    sample = _sample(handle, seen[2])
    if _identity(handle) != seen:
        return None
    return json.dumps({"identity": list(seen), "sample": sample, "digest": digest.hex()}).encode()


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
        with open_regular_file(cache, 2 * max_bytes + (1 << 20)) as handle:
            return _parsed(handle, key)
    except (UnreadableFile, OSError, ValueError, KeyError, TypeError, OverflowError):
        return None


def _parsed(handle: BinaryIO, key: str) -> ReadList | None:
    if handle.read(len(_MAGIC)) != _MAGIC:
        return None
    header = json.loads(handle.readline(1 << 20))
    if (
        not isinstance(header, dict)
        or header.get("key") != key
        or header.get("byteorder") != sys.byteorder
        or not isinstance(header.get("count"), int)
        or header["count"] * 8 != os.fstat(handle.fileno()).st_size - handle.tell()
    ):
        return None
    numbers = array("Q", [0]) * header["count"]  # read straight into it: one copy, not two
    payload = memoryview(numbers).cast("B")
    reader, filled = cast(io.BufferedReader, handle), 0
    while filled < len(payload) and (got := reader.readinto(payload[filled:])):
        filled += got
    if filled < len(payload) or handle.read(1):
        return None
    if header.get("sha256") != hashlib.sha256(payload).hexdigest():
        return None
    problems = tuple(
        ListProblem(int(line), int(column), str(message), str(rule))
        for line, column, message, rule in header["problems"]
    )
    exported = header.get("exported")
    return ReadList(numbers, problems, exported if isinstance(exported, str) else None)


def _store(folder: Path, name: str, key: str, read: ReadList) -> None:
    payload = memoryview(read.numbers).cast("B")
    header = {
        "key": key,
        "byteorder": sys.byteorder,
        "count": len(read.numbers),
        "sha256": hashlib.sha256(payload).hexdigest(),
        "exported": read.exported,
        "problems": [[p.line, p.column, p.message, p.rule] for p in read.problems],
    }
    head = _MAGIC + json.dumps(header, ensure_ascii=True).encode() + b"\n"
    if _write(folder, name, head, payload):
        _remove_older(folder, name)


def _write(folder: Path, name: str, *parts: bytes | memoryview) -> bool:
    """Write a file whole or not at all (a temporary file renamed); False if it cannot be."""
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                for part in parts:
                    handle.write(part)
            os.replace(temporary, folder / name)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        return True
    return False


def _remove_older(folder: Path, name: str) -> None:
    """The same list's compiled forms of earlier contents."""
    owner = name.split("-", 1)[0]
    for other in folder.glob(f"{owner}-*.bin"):
        if other.name != name:
            with contextlib.suppress(OSError):
                other.unlink()
