"""Reading a do-not-call list: every entry as libphonenumber reads it, in the shapes exports
write, with a declared country for national formats; a non-number is a problem on its line."""

from __future__ import annotations

import random
import re

import phonenumbers
import pytest
from phonenumbers import PhoneNumberFormat

from broadcastctl.lint.numberfile import read_entries
from broadcastctl.policy.dnclist import ReadList, line_chunks, read_entry, read_list


def read(text: str, *, csv_file: bool = False, country: str | None = None) -> ReadList:
    return read_list([text.encode()], csv_file=csv_file, country=country)


def numbers(text: str, *, csv_file: bool = False, country: str | None = None) -> list[int]:
    found = read(text, csv_file=csv_file, country=country)
    assert found.problems == (), found.problems
    return list(found.numbers)


def test_a_national_prefix_in_brackets_after_the_country_code_is_left_out() -> None:
    """`+44 (0)121 234 4427` was read as 440121..., which is no number: nothing suppressed."""
    assert numbers("+44 (0)121 234 4427\n+49 (0)30 1234 5678\n") == [441212344427, 493012345678]


def test_export_shapes_are_read_as_libphonenumber_reads_them() -> None:
    text = (
        "tel:+1-201-555-1115\n"
        "+1 202 555 0143 # opted out 2026-11-02\n"
        "1.202.555.0144\n"
        "0012025550101\n"  # the international prefix 00, as many exports write it
        "  +1 (202) 555-0145\t\n"
    )
    assert numbers(text) == [12015551115, 12025550101, 12025550143, 12025550144, 12025550145]


@pytest.mark.parametrize(
    "ends", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"]
)  # CR alone: old spreadsheet exports
def test_every_line_end_and_a_bom(ends: str) -> None:
    text = "\ufeff# exported: 2026-11-01" + ends + ends.join(["12025550143", "12025550144", ""])
    found = read(text)
    assert list(found.numbers) == [12025550143, 12025550144]
    assert found.exported == "2026-11-01"


def test_a_first_line_comment_in_a_cr_file_does_not_swallow_it() -> None:
    assert numbers("# opt-outs\r12025550143\r12025550144") == [12025550143, 12025550144]


def test_a_list_of_a_declared_country_reads_its_national_format() -> None:
    """The US registry's own file: 10 digits, no country code."""
    text = "2025550143\n(213) 555-0187\n1 202 555 0144\n+44 121 234 4427\n"
    assert numbers(text, country="US") == [12025550143, 12025550144, 12135550187, 441212344427]
    assert numbers("0121 234 4427\n", country="GB") == [441212344427]


def test_national_numbers_without_a_declared_country_are_errors_on_their_lines() -> None:
    """Read with their first digits as a country code they are Egyptian and Algerian numbers
    that do not exist: said, not silently dropped."""
    found = read("# exported: 2026-11-01\n2025550143\n  (213) 555-0187\n12025550143\n")
    assert list(found.numbers) == [12025550143]
    assert [(p.line, p.column, p.rule) for p in found.problems] == [
        (2, 1, "suppression-list"),
        (3, 3, "suppression-list"),
    ]
    assert "line 2 is not a phone number" in found.problems[0].message
    assert "country: US" in found.problems[0].message


def test_junk_is_an_error_on_its_line_and_never_dropped() -> None:
    found = read("12025550143\nJane Doe\n+1 202 555 01\n\n# a comment\n12025550144\n")
    assert list(found.numbers) == [12025550143, 12025550144]
    assert [p.line for p in found.problems] == [2, 3]


def test_a_list_of_junk_gives_fifty_lines_and_a_count_not_one_error_a_line() -> None:
    text = "# exported: 2026-11-20\n12025550143\n" + "".join(f"name {i}\n" for i in range(1000))
    found = read(text)
    assert list(found.numbers) == [12025550143]
    assert len(found.problems) == 51
    assert [p.line for p in found.problems[:2]] == [3, 4]
    assert found.problems[-1].line == 53
    assert found.problems[-1].message == (
        "950 more lines are not phone numbers (lines 53, 54, 55, 56, 57, ...); "
        "is it the right file?"
    )


def test_csv_lists_read_the_column_a_header_names() -> None:
    text = 'id,phone,date\n1,+1 (202) 555-0143,2026-11-01\n2,"12025550144",x\n3,,x\n'
    assert numbers(text, csv_file=True) == [12025550143, 12025550144]
    found = read("name,phone\nJane,12025550143\nJoe,nobody\n", csv_file=True)
    assert [(p.line, p.column) for p in found.problems] == [(3, 5)]
    assert "numbers are read from column 2 `phone`" in found.problems[0].message


def test_a_csv_list_with_numbers_in_another_column_is_one_error() -> None:
    found = read("Jane,12025550143\nJoe,12025550144\n", csv_file=True)
    assert list(found.numbers) == []
    assert [(p.line, p.rule) for p in found.problems] == [(1, "number-column")]


def test_a_cell_over_the_csv_limit_is_a_problem_on_its_line_not_a_crash() -> None:
    text = '"' + "x" * 140_000 + '",12025550143\n12025550144\n'
    found = read(text, csv_file=True)
    assert list(found.numbers) == [12025550144]
    [problem] = found.problems
    assert problem.line == 1
    assert "over 131,072 characters" in problem.message
    # a numbers file of a campaign too: its cell is read, not refused with a traceback
    entries = read_entries(text, csv=True)
    assert entries.values[1:] == ["12025550144"]


def test_chunks_split_anywhere_give_the_same_lines() -> None:
    rng = random.Random(2026)
    for _ in range(300):
        text = "".join(rng.choice(["1", "2", "\r", "\n", "\r\n", "#", " "]) for _ in range(40))
        raw = ("\ufeff" + text).encode()
        whole = list(line_chunks([raw]))
        cuts = sorted(rng.sample(range(1, len(raw)), 5))
        pieces = [raw[a:b] for a, b in zip([0, *cuts], [*cuts, len(raw)], strict=True)]
        assert _lines(line_chunks(pieces)) == _lines(whole), repr(text)
        normal = text.replace("\r\n", "\n").replace("\r", "\n").removesuffix("\n")
        assert [line for _, line in _lines(whole)] == (normal.split("\n") if normal else [])


def _lines(chunks: object) -> list[tuple[int, str]]:
    found = []
    for first, chunk in chunks:  # type: ignore[attr-defined]
        for offset, line in enumerate(chunk.decode().split("\n")):
            found.append((first + offset, line))
    return found


REGIONS = ("US", "CA", "GB", "DE", "FR", "IT", "ES", "NL", "AU", "BR", "AR", "MX", "RU", "IN")


def _shapes(number: phonenumbers.PhoneNumber, rng: random.Random) -> list[str]:
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    international = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    shapes = [
        e164,
        e164[1:],
        "00" + e164[1:],
        international,
        phonenumbers.format_number(number, PhoneNumberFormat.RFC3966),
        f"{international} # opted out",
        national,
        e164[1:].replace(str(number.country_code), f"{number.country_code} (0)", 1),
        re.sub(r"[0-9]", lambda m: m[0] if rng.random() < 0.9 else "9", e164),
    ]
    return [shape.replace(" ", rng.choice([" ", ".", "-", "  "])) for shape in shapes]


def test_the_fast_reading_agrees_with_libphonenumber_entry_by_entry() -> None:
    """Whole chunks of entries, judged at once, give what `phonenumbers.parse` gives for each
    entry alone, with and without a declared country, in many shapes and countries."""
    rng = random.Random(2026)
    for country in (None, *REGIONS[:6]):
        entries = []
        for region in REGIONS:
            for kind in (
                phonenumbers.PhoneNumberType.FIXED_LINE,
                phonenumbers.PhoneNumberType.MOBILE,
            ):
                example = phonenumbers.example_number_for_type(region, kind)
                if example is None:
                    continue
                for _ in range(6):
                    varied = str(example.national_number)
                    varied = varied[:-3] + f"{rng.randrange(1000):03}"
                    number = phonenumbers.parse(f"+{example.country_code}{varied}")
                    entries += _shapes(number, rng)
        rng.shuffle(entries)
        expected = sorted(
            int(digits) for entry in entries if (digits := _libphonenumber(entry, country))
        )
        found = read("\n".join(entries), country=country)
        assert list(found.numbers) == expected, country
        refused = len(entries) - len(expected)
        assert sum(1 for p in found.problems if p.rule == "suppression-list") == min(refused, 51)


def _libphonenumber(entry: str, country: str | None) -> str | None:
    """An entry read by libphonenumber alone (no fast path): a list without a country writes
    the country code first, with '+', 00 or neither."""
    assert read_entry(entry, country) == _parse_alone(entry, country)
    return _parse_alone(entry, country)


def _parse_alone(entry: str, country: str | None) -> str | None:
    text = entry.split("#", 1)[0].strip()
    if country is None and not text.startswith(("+", "tel:")):
        digits = re.sub(r"[ .()\-/\t]", "", text)
        text = "+" + (digits[2:] if digits.startswith("00") else digits)
    try:
        number = phonenumbers.parse(text, country)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)[1:]


def test_the_csv_column_is_cut_as_a_csv_reader_cuts_it() -> None:
    rng = random.Random(7)
    for column in range(3):
        header = ["name", "date", "note"]
        header[column] = "phone"
        rows = [",".join(header)]
        expected = []
        for _ in range(200):
            cells = [rng.choice(["x", "", "a b"]) for _ in range(3)]
            number = f"1202555{rng.randrange(10_000):04}"
            if rng.random() < 0.9:
                cells[column] = number
                expected.append(int(number))
            else:
                cells = cells[: rng.randrange(column + 1)]
            rows.append(",".join(cells))
        found = read("\n".join(rows), csv_file=True)
        assert list(found.numbers) == sorted(expected)
