"""The CSV file `results` writes: all or nothing, readable by its owner only (it holds phone
numbers), never over an existing file unless asked, and every cell through `csv_cell`: the
vendor's text reaches a spreadsheet as text, never as a formula, and never splits a row."""

from __future__ import annotations

import contextlib
import csv
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from broadcastctl.errors import BroadcastctlError, UsageError
from broadcastctl.visible import one_line

# What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection"): the first
# character, once the cell is stripped of its line breaks and tabs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A phone number as written in a numbers file, `+` or not: a spreadsheet reads `+8490...` as
# the number it is, and digits cannot call a function or name a cell, so it stays as written
# (a `'` before it would make it a text no longer equal to the number in the campaign).
_PLAIN_NUMBER = re.compile(r"\+?[0-9]{1,20}")


def refuse_existing(path: Path, force: bool) -> None:
    """Fail before any work when the file exists and --force was not given."""
    if path.exists() and not force:
        raise UsageError(f"{path} exists; pass --force to replace it")
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give a file name")


def csv_cell(value: object) -> str:
    """One cell as written: line breaks, tabs and control characters made spaces or `?` (a
    row never splits, a terminal showing the file is not driven), and a `'` before a cell a
    spreadsheet would read as a formula, unless it is a plain number."""
    text = one_line(str(value))
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return f"'{text}"
    return text


def write_csv(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[object]], *, force: bool
) -> int:
    """Write beside the file a row at a time (the rows may be a stream), flush it to disk,
    then put it in place in one step: a reader or a crash sees no file or the whole file.
    Without `force`, an existing file stays. Returns the rows written. Every cell is quoted,
    as OWASP advises: a spreadsheet splitting on `;` cannot cut a cell there into a formula."""
    folder = path.parent if str(path.parent) else Path()
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise BroadcastctlError(f"cannot write {path}: {error.strerror}") from error
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file, lineterminator="\n", quoting=csv.QUOTE_ALL)
            writer.writerow([csv_cell(name) for name in header])
            written = 0
            for row in rows:
                writer.writerow([csv_cell(value) for value in row])
                written += 1
            file.flush()
            os.fsync(file.fileno())
        _put_in_place(Path(temporary), path, force)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    return written


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
