"""Reading a file of numbers: which column a CSV file's numbers come from, its header, and a
wrong column said once; problems in a numbers file name the campaigns that read it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from broadcastctl.checks.pipeline import check_files
from broadcastctl.lint.numberfile import read_entries

NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)
CAMPAIGN = """appId: app-1
taskName: task {name}
source: 3
text: Hello
lan: EN
numberFile: {file}
loopCount: 1
maxCalls: 60
allowSendTime:  # vendor time, UTC here: 08:00-18:00 in New York
  - strTime: "13:00"
    endTime: "23:00"
"""


def entries(text: str) -> list[tuple[str, int, int]]:
    read = read_entries(text, csv=True)
    return list(zip(read.values, read.lines, read.columns, strict=True))


def test_a_header_naming_a_phone_column_picks_that_column_wherever_it_stands() -> None:
    read = read_entries("name,phone\nJane,12025550143\n Joe , 12025550144\n", csv=True)
    assert read.values == ["12025550143", "12025550144"]
    assert list(read.lines) == [2, 3]
    assert list(read.columns) == [6, 8]  # where the number stands in its line
    assert read.read_from == "column 2 `phone`"
    assert read.wrong_column is None


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("id,Mobile Number,name", 2),
        ("account number,tel,name", 2),  # a phone word before a mere "number"
        ("name,Phone number", 2),
        ("name,number", 2),
        ("name,city", 1),  # no column named like a phone: the first
    ],
)
def test_the_column_a_header_names(header: str, column: int) -> None:
    cells = ["x", "x", "x"]
    cells[column - 1] = "12025550143"
    assert entries(f"{header}\n{','.join(cells)}\n") == [("12025550143", 2, 1 + 2 * (column - 1))]


def test_a_first_row_holding_a_number_is_data_not_a_header() -> None:
    assert entries("12025550143,phone\n12025550144,x\n") == [
        ("12025550143", 1, 1),
        ("12025550144", 2, 1),
    ]


def test_quoted_cells_comments_and_blank_lines() -> None:
    text = '# exported: 2026-11-01\n\n"name, first","phone"\n"Doe, Jane","+1 202 555 0143"\r\n'
    assert entries(text) == [("+1 202 555 0143", 4, 14)]  # at the value, inside its quotes


def test_numbers_in_the_wrong_column_are_said_once_not_on_every_row() -> None:
    read = read_entries("Jane,12025550143\nJoe,12025550144\nAda,12025550145\n", csv=True)
    assert read.values == []
    assert read.wrong_column is not None
    line, why = read.wrong_column
    assert line == 1
    assert why.startswith("numbers are read from column 1, and none of its 3 rows holds a number")
    assert "column 2 holds numbers" in why
    assert "header row" in why


def test_a_header_that_names_no_phone_column_is_told_which_column_to_name() -> None:
    read = read_entries("name,id\nJane,12025550143\n", csv=True)
    assert read.wrong_column == (
        2,
        "numbers are read from column 1 `name`, and none of its 1 row holds a number; "
        "column 2 `id` holds numbers: name it phone in the header",
    )


def test_a_text_file_is_one_number_a_line() -> None:
    read = read_entries("# list\n12025550143\n  12025550144\n\n", csv=False)
    assert list(zip(read.values, read.lines, read.columns, strict=True)) == [
        ("12025550143", 2, 1),
        ("12025550144", 3, 3),
    ]
    assert read.read_from == ""


def write_campaigns(folder: Path, numbers: str, *names: str) -> list[Path]:
    (folder / ".git").mkdir()
    (folder / "numbers.csv").write_text(numbers)
    paths = []
    for name in names:
        path = folder / f"{name}.yaml"
        path.write_text(CAMPAIGN.format(name=name, file="numbers.csv"))
        paths.append(path)
    return paths


def test_a_problem_in_a_numbers_file_names_every_campaign_that_reads_it_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    paths = write_campaigns(tmp_path, "name,phone\nJane,12025550143\nJoe,1202555014x\n", "a", "b")
    [found] = check_files(paths, NOW, dt.UTC).diagnostics
    assert (found.file, found.line, found.column, found.rule) == ("numbers.csv", 3, 5, "bad-number")
    assert found.message.endswith("numbers are read from column 2 `phone` (read by a.yaml, b.yaml)")


def test_a_wrong_column_is_one_error_for_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    paths = write_campaigns(tmp_path, "Jane,12025550143\n" * 50, "a")
    [found] = check_files(paths, NOW, dt.UTC).diagnostics
    assert (found.file, found.line, found.rule) == ("numbers.csv", 1, "number-column")
    assert found.message.endswith("(read by a.yaml)")
