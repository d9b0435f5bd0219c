"""The CSV file `results` writes: all or nothing, readable by its owner only (it holds phone
numbers), and never over an existing file unless asked."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from broadcastctl.errors import BroadcastctlError, UsageError


def refuse_existing(path: Path, force: bool) -> None:
    """Fail before any work when the file exists and --force was not given."""
    if path.exists() and not force:
        raise UsageError(f"{path} exists; pass --force to replace it")
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give a file name")


def write_csv(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[str]], *, force: bool
) -> None:
    """Write beside the file, flush it to disk, then put it in place in one step: a reader or
    a crash sees no file or the whole file. Without `force`, an existing file stays."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    folder = path.parent if str(path.parent) else Path()
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise BroadcastctlError(f"cannot write {path}: {error.strerror}") from error
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text.getvalue())
            file.flush()
            os.fsync(file.fileno())
        _put_in_place(Path(temporary), path, force)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _put_in_place(temporary: Path, path: Path, force: bool) -> None:
    if force:
        os.replace(temporary, path)
        return
    try:
        os.link(temporary, path)  # fails, atomically, if the file appeared meanwhile
    except FileExistsError as error:
        raise UsageError(f"{path} exists; pass --force to replace it") from error
    except OSError:  # a file system without hard links: check, then rename
        refuse_existing(path, force=False)
        os.replace(temporary, path)
