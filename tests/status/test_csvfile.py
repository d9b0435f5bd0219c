"""The results file's one cell writer: no cell a spreadsheet reads as a formula, no row split,
and a phone number still a number."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from broadcastctl.privacy import mask_number
from broadcastctl.status.csvfile import csv_cell, write_csv


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ('=HYPERLINK("http://x.example","y")', '\'=HYPERLINK("http://x.example","y")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'=1+1"),
        ("\r=1+1", "'=1+1"),
        ("busy\r\n=1+1", "busy =1+1"),
        ("a\x1b]52;c;Y2FsYw==\x07", "a?]52;c;Y2FsYw==?"),
        ("+84901234567", "+84901234567"),  # a number, readable as one
        ("84901234567", "84901234567"),
        (mask_number("+84901234567"), "'+849****567"),  # masked: text, said so
        ("+8490123456789012345678", "'+8490123456789012345678"),  # too long to be a number
        ("user busy", "user busy"),
        (17, "17"),
    ],
)
def test_a_cell_is_never_a_formula(value: object, written: str) -> None:
    assert csv_cell(value) == written


def test_every_column_goes_through_the_cell_writer_and_rows_never_split(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    rows = [("=1+1", "\r=2", "-3", "@4\n=5", "+84901234567"), ("a", "b", "c", "d", "e")]

    assert write_csv(path, ("=h", "b", "c", "d", "e"), iter(rows), force=False) == 2

    text = path.read_text(encoding="utf-8")
    assert "\r" not in text
    assert len(text.splitlines()) == 3
    with path.open(newline="") as file:
        read = list(csv.reader(file))
    assert read[0][0] == "'=h"
    assert read[1] == ["'=1+1", "'=2", "'-3", "'@4 =5", "+84901234567"]
    assert all(not cell.startswith(("=", "-", "@")) for line in read for cell in line)
