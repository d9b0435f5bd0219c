"""Read a file of phone numbers, a campaign's numberFile or a do-not-call list: each entry as
written, with the line and column where it stands.

A text file holds one number a line. A CSV file holds them in one column: the first, unless its
first row is a header (no cell of it is a number) that names a column of phone numbers (phone,
mobile, tel, ..., else number). Blank lines and lines starting with # are skipped in both.
"""

from __future__ import annotations

import csv
import re
from array import array
from dataclasses import dataclass, field

from broadcastctl.lint.registry import Group, Rule
from broadcastctl.output.words import plural

NUMBER_COLUMN = "number-column"
# The rules this module reports, as the registry lists them (`broadcastctl.checks.registry`).
RULES = (
    Rule(
        NUMBER_COLUMN,
        "a CSV file of numbers holds them in the column read: the first, or the one its "
        "header names",
        Group.FILE,
    ),
)
_SEPARATORS = re.compile(r"[\s().\-/+]")
_PHONE_NAME = re.compile(r"phone|mobile|\btel\b|telephone|msisdn|\bcell|e\.?164", re.IGNORECASE)
_NUMBER_NAME = re.compile(r"number|\bnum\b|\bno\b", re.IGNORECASE)


@dataclass(frozen=True, kw_only=True)
class Entries:
    """The entries of a numbers file in file order, and where the numbers were read from."""

    values: list[str] = field(default_factory=list)
    lines: array[int] = field(default_factory=lambda: array("I"))
    columns: array[int] = field(default_factory=lambda: array("I"))
    read_from: str = ""  # "column 2 `phone`" for a CSV file, "" for a text file
    wrong_column: tuple[int, str] | None = None  # (line, why): no entry is read at all then


def read_entries(text: str, *, csv: bool) -> Entries:
    """Every entry of a numbers file; for a CSV file, from the column of numbers."""
    return _csv_entries(text) if csv else _text_entries(text)


def looks_like_number(cell: str) -> bool:
    """Digits, perhaps with '+', spaces, dashes, dots or brackets: a number, if a bad one."""
    cleaned = _SEPARATORS.sub("", cell)
    return cleaned.isascii() and cleaned.isdigit()


def _text_entries(text: str) -> Entries:
    entries = Entries()
    for number, line in enumerate(text.split("\n"), start=1):
        value = line.strip()
        if value and not value.startswith("#"):
            _add(entries, value, number, len(line) - len(line.lstrip()) + 1)
    return entries


def _csv_entries(text: str) -> Entries:
    entries: Entries | None = None
    header: list[str] = []
    first_row: list[tuple[str, int]] = []
    index = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = _cells(line.rstrip("\r"))
        if entries is None:
            if not any(looks_like_number(value) for value, _ in cells):
                header = [value for value, _ in cells]
                index = _column_named(header)
                entries = Entries(read_from=_column(index, header))
                continue
            entries = Entries(read_from=_column(0, header))
        if not first_row:
            first_row = cells
        if index < len(cells) and cells[index][0]:
            _add(entries, cells[index][0], number, cells[index][1])
    if entries is None:
        return Entries(read_from=_column(0, header))
    return _checked_column(entries, index, header, first_row)


def _cells(line: str) -> list[tuple[str, int]]:
    """The cells of one CSV line, stripped, each with its 1-based column in the line."""
    if '"' in line:
        try:
            values = next(csv.reader([line]), [])
        except csv.Error:  # a cell over the csv module's size limit: no number is that long
            values = [cell.strip().strip('"') for cell in line.split(",")]
        found, at = [], 0
        for value in values:
            at = max(line.find(value, at), at) if value else at
            found.append((value.strip(), at + 1))
            at += len(value)
        return found
    cells, at = [], 0
    for raw in line.split(","):
        value = raw.strip()
        cells.append((value, at + len(raw) - len(raw.lstrip()) + 1))
        at += len(raw) + 1
    return cells


def _column_named(header: list[str]) -> int:
    """The column a header names as phone numbers: phone, mobile, tel... first, then number."""
    for pattern in (_PHONE_NAME, _NUMBER_NAME):
        for index, name in enumerate(header):
            if pattern.search(name):
                return index
    return 0


def _column(index: int, header: list[str]) -> str:
    if header and index < len(header) and header[index]:
        return f"column {index + 1} `{header[index]}`"
    return f"column {index + 1}"


def _add(entries: Entries, value: str, line: int, column: int) -> None:
    entries.values.append(value)
    entries.lines.append(line)
    entries.columns.append(column)


def _checked_column(
    entries: Entries, index: int, header: list[str], first_row: list[tuple[str, int]]
) -> Entries:
    """The entries; or, when none of them is a number, why, said once instead of on every row."""
    if not entries.values or any(map(looks_like_number, entries.values)):
        return entries
    others = [
        j for j, (value, _) in enumerate(first_row) if j != index and looks_like_number(value)
    ]
    rows = plural(len(entries.values), "row")
    why = f"numbers are read from {entries.read_from}, and none of its {rows} holds a number"
    if not others:
        why += "; write one number a row, with its country code (12025550143)"
    elif header:
        why += f"; {_column(others[0], header)} holds numbers: name it phone in the header"
    else:
        why += (
            f"; {_column(others[0], header)} holds numbers: put them in the first column, or "
            "start the file with a header row that names their column (for example name,phone)"
        )
    return Entries(read_from=entries.read_from, wrong_column=(entries.lines[0], why))
