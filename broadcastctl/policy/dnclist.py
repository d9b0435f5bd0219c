"""Read a do-not-call list the way libphonenumber reads its entries, fast enough for a national
registry's millions of lines, and say on its line every entry that is not a valid number.

An entry may be written as an export writes it: `+44 (0)121 234 4427`, `0044 121 234 4427`,
`tel:+1-201-555-1115`, `1.202.555.0143`, with a trailing `# comment`; line ends may be LF, CRLF
or CR, and the file may start with a BOM. A list whose policy entry declares a `country` may
write numbers in that country's national format (`(213) 555-0187`); without one, an entry
starts with its country code (`12025550143`, `+1 ...` or `00 1 ...`).

Most entries need no parsing of their own: the separators are taken out of a whole chunk of
lines at once, and `listbulk` makes its lines of digits integers and judges them by their
first digits, as `policy.numbers.valid_flags` judges a number of those digits. An entry that
is not valid as written that way is read by `phonenumbers.parse` itself (a `(0)` after the
country code, a national prefix, letters), and only if that fails too, it is a problem on its
line. tests/policy/test_dnclist.py proves the two ways agree.
"""

from __future__ import annotations

import datetime as dt
import re
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import compress
from types import ModuleType
from typing import TYPE_CHECKING

import phonenumbers

from broadcastctl.lint.numberfile import (
    NUMBER_COLUMN,
    _cells,
    _column,
    _column_named,
    looks_like_number,
    read_entries,
)

if TYPE_CHECKING:
    from broadcastctl.policy.listbulk import Judge

SUPPRESSION_LIST_ID = "suppression-list"  # declared in policy.policyfile
EXPLAINED_LINES = 50  # problem lines explained one by one; the rest are counted in one more
_BOM = b"\xef\xbb\xbf"
_EXPORTED = re.compile(rb"#\s*exported:\s*(\S*)\s*$")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_COMMENT = re.compile(rb"#[^\n]*")
_COMMENT_LINE = re.compile(rb"^[ \t]*#[^\n]*", re.MULTILINE)
_TEL = re.compile(rb"^[ \t]*tel:", re.MULTILINE | re.IGNORECASE)
_SEPARATORS = b" \t.-()/"
_PREFIX = re.compile(rb"^(?:\+|00)", re.MULTILINE)
CELL_LIMIT = 131_072  # the csv module's own limit on a cell


@dataclass(frozen=True)
class ListProblem:
    """A problem on one line of a list, as the diagnostic will say it."""

    line: int
    column: int
    message: str
    rule: str = SUPPRESSION_LIST_ID


@dataclass(frozen=True)
class ReadList:
    """A list read: its valid numbers (E.164 digits as integers, sorted), its problems, and the
    date of its `# exported:` first line as written (None without one)."""

    numbers: array[int]
    problems: tuple[ListProblem, ...]
    exported: str | None = None


def read_list(pieces: Iterable[bytes], *, csv_file: bool, country: str | None) -> ReadList:
    """Every entry of a list given as pieces of its bytes, in order."""
    reader = _Reader(csv_file=csv_file, country=country)
    for first, chunk in line_chunks(pieces):
        reader.feed(first, chunk)
    return reader.result()


def line_chunks(pieces: Iterable[bytes]) -> Iterator[tuple[int, bytes]]:
    """Whole lines, with `\\n` for every line end (LF, CRLF or CR), in chunks without their
    last line end, each with the number of its first line; a BOM at the start is left out."""
    carry, line, start = b"", 1, True
    for piece in pieces:
        data = carry + piece
        if start:
            if len(data) < len(_BOM) and _BOM.startswith(data):
                carry = data
                continue
            data, start = data.removeprefix(_BOM), False
        held = data.endswith(b"\r")  # a CR that may be the first half of a CRLF
        data = _lf(data[:-1] if held else data)
        cut = data.rfind(b"\n")
        if cut < 0:
            carry = data + (b"\r" if held else b"")
            continue
        chunk, carry = data[:cut], data[cut + 1 :] + (b"\r" if held else b"")
        yield line, chunk
        line += chunk.count(b"\n") + 1
    rest = _lf(carry.removeprefix(_BOM) if start else carry)
    if rest:
        yield line, rest.removesuffix(b"\n")


def _lf(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n") if b"\r" in data else data


@dataclass
class _Reader:
    csv_file: bool
    country: str | None
    numbers: array[int] = field(default_factory=lambda: array("Q"))  # read one by one
    judge: Judge = field(default_factory=lambda: _bulk().Judge())  # the rest, in bulk
    junk: list[ListProblem] = field(default_factory=list)
    more: list[int] = field(default_factory=list)  # lines of the problems past the first 50
    more_count: int = 0
    exported: str | None = None
    started: bool = False
    column: int | None = None  # the CSV column read; None until the first row is seen
    read_from: str = ""
    head: str = ""  # the first lines of a CSV file, to tell a wrong column
    first_digits: frozenset[str] = frozenset()  # of every entry so far
    lengths: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        code = phonenumbers.country_code_for_region(self.country) if self.country else 0
        self.code = str(code).encode() if code else b""
        if not self.csv_file:
            self.column = 0

    def feed(self, first: int, chunk: bytes) -> None:
        if not self.started:
            self.started = True
            first_line = chunk.split(b"\n", 1)[0]
            exported = _EXPORTED.match(first_line)
            if exported is not None:
                self.exported = exported[1].decode("utf-8", "replace")
            if self.csv_file:  # enough lines to tell a wrong column (whole lines only)
                lines = chunk[:65_536].decode("utf-8", "replace").split("\n")
                self.head = "\n".join(lines if len(chunk) <= 65_536 else lines[:-1])
        if self.csv_file and self.column is None:
            first, chunk = self._header(first, chunk)
        if self.csv_file:
            fields = self._fields(chunk)
        else:
            fields = _COMMENT.sub(b"", chunk) if b"#" in chunk else chunk
        self._entries(first, fields, chunk)

    def _header(self, first: int, chunk: bytes) -> tuple[int, bytes]:
        """The CSV column of numbers, from the first row that is neither blank nor a comment:
        a header (no cell of it is a number) names it, else it is the first column."""
        lines = chunk.split(b"\n")
        for index, raw in enumerate(lines):
            line = raw.decode("utf-8", "replace")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = _csv_cells(line)
            if cells is not None and not any(looks_like_number(value) for value, _ in cells):
                header = [value for value, _ in cells]
                self.column = _column_named(header)
                self.read_from = _column(self.column, header)
                blanked = [b""] * (index + 1) + lines[index + 1 :]
                return first, b"\n".join(blanked)
            self.column, self.read_from = 0, "column 1"
            return first, chunk
        return first, chunk  # comments only so far: the next chunk decides

    def _fields(self, chunk: bytes) -> bytes:
        """The chunk with each line cut down to the cell of its column (blank where none)."""
        chunk = _COMMENT_LINE.sub(b"", chunk) if b"#" in chunk else chunk
        column = self.column or 0
        if b'"' not in chunk:
            cells = _bulk().cells(chunk, column)
            return _COMMENT.sub(b"", cells) if b"#" in cells else cells
        return b"\n".join(self._quoted_cell(line, column) for line in chunk.split(b"\n"))

    def _quoted_cell(self, line: bytes, column: int) -> bytes:
        if not line.strip():
            return b""
        cells = _csv_cells(line.decode("utf-8", "replace"))
        if cells is None:  # a cell over the csv module's limit: no number is that long
            return b"\x00"  # not empty, and never a number: reported on its line
        value = cells[column][0] if column < len(cells) else ""
        return _COMMENT.sub(b"", value.encode("utf-8")).replace(b"\n", b" ")

    def _entries(self, first: int, fields: bytes, chunk: bytes) -> None:
        cleaned = _TEL.sub(b"", fields) if b":" in fields else fields  # tel: URIs
        cleaned = cleaned.translate(None, _SEPARATORS)
        where: list[int] | None = None  # the line of each entry, where blank lines are left out
        if not cleaned or b"\n\n" in cleaned or cleaned[:1] == b"\n" or cleaned[-1:] == b"\n":
            lines = cleaned.split(b"\n")
            where = list(compress(range(len(lines)), lines))
            if not where:
                return
            cleaned = b"\n".join(compress(lines, lines))
        parsed = _bulk().parse(self._international(cleaned))
        # one pattern for all chunks, built again only for new starts (in the first chunks)
        if not parsed.starts <= self.first_digits:
            self.first_digits = frozenset(self.first_digits | parsed.starts)
        if not parsed.lengths <= self.lengths:
            self.lengths = frozenset(self.lengths | parsed.lengths)
        left = self.judge.take(parsed, self.first_digits, self.lengths)
        if not left:
            return
        originals = fields.split(b"\n")
        raw = chunk.split(b"\n")
        for index in left:
            line = where[index] if where is not None else index
            read = read_entry(originals[line].decode("utf-8", "replace"), self.country)
            if read is not None:
                self.numbers.append(int(read))
            else:
                self._problem(first + line, originals[line], raw[line])

    def _international(self, joined: bytes) -> bytes:
        """Each entry with its country code first: a leading `+` or `00` left out, or with a
        declared country, its code put before every entry that does not start with `+`.
        Done with whole-chunk replacements where they do what the line-start patterns do."""
        if self.code:
            coded = (b"\n" + joined).replace(b"\n", b"\n" + self.code)
            return coded.replace(b"\n" + self.code + b"+", b"\n")[1:]
        double_zero = joined.startswith(b"00") or b"\n00" in joined
        if b"+" not in joined and not double_zero:
            return joined
        if not double_zero:
            return (b"\n" + joined).replace(b"\n+", b"\n")[1:]
        return _PREFIX.sub(b"", joined)

    def _problem(self, line: int, entry: bytes, raw: bytes) -> None:
        if len(self.junk) >= EXPLAINED_LINES:
            self.more_count += 1
            if len(self.more) < 5:
                self.more.append(line)
            return
        text = entry.decode("utf-8", "replace")
        self.junk.append(ListProblem(line, self._column_of(raw), self._why(line, text.strip())))

    def _column_of(self, raw: bytes) -> int:
        """Where the entry stands in its line: its cell in a CSV file, else its first sign."""
        text = raw.decode("utf-8", "replace")
        if self.csv_file and self.column is not None:
            cells = _csv_cells(text)
            if cells is not None and self.column < len(cells):
                return cells[self.column][1]
        return len(text) - len(text.lstrip()) + 1

    def _why(self, line: int, entry: str) -> str:
        where = f" (numbers are read from {self.read_from})" if self.read_from else ""
        if entry == "\x00":
            return (
                f"line {line} cannot be read{where}: a cell is over {CELL_LIMIT:,} characters; "
                "is it the right file?"
            )
        if self.country:
            return (
                f"line {line} is not a phone number{where}: not a valid number of "
                f"{self.country} (the list's `country`) nor one with its country code; write "
                "one number per line, or start the line with #"
            )
        hint = (
            "; a list of numbers without their country code names its country in the policy "
            "file (- {file: ..., country: US})"
            if _national_looking(entry)
            else ""
        )
        return (
            f"line {line} is not a phone number{where}; write one number per line, with its "
            f"country code (+1 202 555 0143 or 12025550143), or start the line with #{hint}"
        )

    def result(self) -> ReadList:
        problems = list(self.junk)
        if self.more_count:
            shown = ", ".join(str(line) for line in self.more)
            message = f"{self.more_count:,} more lines are not phone numbers (lines {shown}, ...)"
            problems.append(ListProblem(self.more[0], 1, f"{message}; is it the right file?"))
        if self.csv_file and not self.numbers and not self.judge.count() and problems:
            wrong = read_entries(self.head, csv=True).wrong_column
            if wrong is not None:
                problems = [ListProblem(wrong[0], 1, wrong[1], NUMBER_COLUMN)]
        return ReadList(self.judge.numbers(self.numbers), tuple(problems), self.exported)


def _bulk() -> ModuleType:
    """The bulk reading (numpy), loaded only when a list is read, not from its compiled form."""
    from broadcastctl.policy import listbulk  # noqa: PLC0415

    return listbulk


def _national_looking(entry: str) -> bool:
    cleaned = entry.translate({ord(c): None for c in " \t.-()/"})
    return cleaned.isdigit() and not cleaned.startswith("0") and len(cleaned) <= 10


def _csv_cells(line: str) -> list[tuple[str, int]] | None:
    """The cells of one CSV line with their columns; None for a line holding a cell over the
    csv module's limit (it is no list of phone numbers)."""
    return None if len(line) > CELL_LIMIT else _cells(line)


def read_entry(entry: str, country: str | None) -> str | None:
    """One entry as libphonenumber reads it: E.164 digits of a valid number, or None."""
    text = entry.split("#", 1)[0].strip()
    if not text:
        return None
    if country is None:
        bare = text[4:].lstrip() if text[:4].lower() == "tel:" else text
        if bare.startswith("+"):
            text = bare
        else:  # digits with their country code first, or after 00
            digits = bare.translate(_NOT_DIGITS)
            text = "+" + (digits[2:] if digits.startswith("00") else digits)
    try:
        parsed = phonenumbers.parse(text, country)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)[1:]


_NOT_DIGITS = {ord(c): None for c in " \t.-()/"}


def export_problem(exported: str | None, today: dt.date) -> str | None:
    """What is wrong with a list's export date as written, if anything: not a date, or a date
    after `today` (a list cannot be exported in the future; it would never grow old)."""
    if exported is None:
        return None
    day = export_day(exported)
    if day is None:
        return f"`# exported: {exported}` is not a date; write YYYY-MM-DD"
    if day > today:
        return f"`# exported: {exported}` is in the future (today is {today})"
    return None


def export_day(exported: str | None) -> dt.date | None:
    if exported is None or not _DATE.fullmatch(exported):
        return None
    try:
        return dt.date.fromisoformat(exported)
    except ValueError:
        return None
