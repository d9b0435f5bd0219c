"""A list judged in bulk, one verdict per prefix, gives every line the verdict it gets alone;
the patterns' reach is worked out soundly; cells and country codes are cut as the line-by-line
patterns cut them."""

from __future__ import annotations

import random
import re

import phonenumbers
import pytest

from broadcastctl.policy import listbulk
from broadcastctl.policy.decisive import pattern_reach, region_reach
from broadcastctl.policy.dnclist import _Reader, read_entry, read_list
from broadcastctl.policy.numbers import _TYPES, _descs, _metadata, valid_flags

REGIONS = ("US", "CA", "BB", "JM", "GB", "JE", "DE", "FR", "IT", "BR", "AR", "IN", "CH", "MX")


def _patterns() -> list[str]:
    found = set()
    for code, regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items():
        for region in regions:
            metadata = _metadata(region, code)
            if metadata is None:
                continue
            found |= {p for p, _ in _descs(metadata, ["general_desc", *_TYPES])}
            if metadata.leading_digits:
                found.add(metadata.leading_digits)
    return sorted(found)


def test_past_its_reach_a_pattern_asks_only_for_digits() -> None:
    """Every pattern of the metadata: a text and the same text with its digits past the reach
    changed match alike, as a whole and as a start (leading digits are matched as a start)."""
    rng = random.Random(25)
    refused = 0
    for pattern in _patterns():
        reach = pattern_reach(pattern)
        if reach is None:
            refused += 1
            continue
        compiled = re.compile(pattern)
        matching = _a_match(compiled, rng)
        for attempt in range(16):
            length = rng.randrange(1, 18)
            text = "".join(rng.choice("0123456789") for _ in range(length))
            if attempt % 2 and matching:  # a text of the pattern, its tail then changed
                text = matching
            other = text[:reach] + "".join(rng.choice("0123456789") for _ in text[reach:])
            assert bool(compiled.fullmatch(text)) == bool(compiled.fullmatch(other)), pattern
            assert bool(compiled.match(text)) == bool(compiled.match(other)), pattern
    assert refused == 0  # every pattern is in the language read; none judged digit by digit


def _a_match(compiled: re.Pattern[str], rng: random.Random) -> str | None:
    for _ in range(100):
        text = "".join(rng.choice("0123456789") for _ in range(rng.randrange(4, 13)))
        if compiled.fullmatch(text):
            return text
    return None


def test_the_reach_of_a_pattern() -> None:
    assert pattern_reach(r"[2-9]\d{6}") == 1
    assert pattern_reach(r"(?:20|3\d)\d{2}5") == 5
    assert pattern_reach(r"\d{1,2}5\d") == 3
    assert pattern_reach(r"(?:\d{2})?\d{4}") == 0
    assert pattern_reach(r"1(?:2|34)?5\d{3}") == 4
    assert pattern_reach(r"[2-9]\d*") is None  # not the metadata's language
    assert region_reach("US", 1) == 6  # area code and exchange: a list judged per 7 digits


def _numbers(rng: random.Random, count: int) -> list[str]:
    """Numbers of many regions near their examples, some valid, many not: each digit of an
    example changed alone (so that numbers differing only at the last digit that decides
    share every digit before it), varied last digits, varied lengths, a leading 0, letters."""
    found = []
    for region in REGIONS:
        for kind in (phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.MOBILE):
            example = phonenumbers.example_number_for_type(region, kind)
            if example is not None:
                digits = f"{example.country_code}{example.national_number}"
                found += [
                    digits[:at] + d + digits[at + 1 :]
                    for at in range(1, len(digits))
                    for d in "0123456789"
                ]
    for _ in range(count):
        region = rng.choice(REGIONS)
        kind = rng.choice(
            [phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.MOBILE]
        )
        example = phonenumbers.example_number_for_type(region, kind)
        if example is None:
            continue
        digits = f"{example.country_code}{example.national_number}"
        cut = rng.randrange(1, len(digits))
        tail = "".join(rng.choice("0123456789") for _ in range(len(digits) - cut))
        number = digits[:cut] + tail
        roll = rng.random()
        if roll < 0.05:
            number = number[:-1]
        elif roll < 0.1:
            number += rng.choice("0123456789")
        elif roll < 0.12:
            number = "0" + number
        elif roll < 0.13:
            number = number[:4] + "x" + number[4:]
        found.append(number)
    return found


@pytest.mark.parametrize("seed", [1, 2])
def test_verdicts_by_prefix_are_the_verdicts_line_by_line(seed: int) -> None:
    """Read in pieces, so that later chunks bring new first digits (a new pattern) and reuse
    the verdicts of the prefixes judged before."""
    rng = random.Random(seed)
    entries = _numbers(rng, 3_000)
    text = "\n".join(entries).encode()
    cuts = sorted(rng.sample(range(1, len(text)), 4))
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    found = read_list(pieces, csv_file=False, country=None)
    digits = [entry for entry in entries if entry.isdigit()]
    alone = valid_flags(digits, frozenset(e[:5] for e in digits), frozenset(map(len, digits)))
    flags = dict(zip(digits, alone, strict=True))
    alone_read = [entry if flags.get(entry) else read_entry(entry, None) for entry in entries]
    expected = sorted(int(digits) for digits in alone_read if digits)
    assert list(found.numbers) == expected
    assert all(phonenumbers.is_valid_number(phonenumbers.parse(f"+{n}")) for n in expected)


def test_the_cells_of_a_column_are_those_the_pattern_finds() -> None:
    rng = random.Random(4)
    for _ in range(200):
        text = "".join(
            rng.choice(["1", "22", ",", ",", "\n", " "]) for _ in range(rng.randrange(60))
        )
        for column in range(4):
            pattern = re.compile(rb"^(?:(?:[^,\n]*,){%d}([^,\n]*))?[^\n]*$" % column, re.M)
            expected = b"\n".join(pattern.findall(text.encode()))
            assert listbulk.cells(text.encode(), column) == expected, (text, column)


@pytest.mark.parametrize("country", [None, "US", "GB"])
def test_country_codes_are_put_as_the_line_start_patterns_put_them(country: str | None) -> None:
    plus = re.compile(rb"^\+", re.MULTILINE)
    not_plus = re.compile(rb"^(?!\+)", re.MULTILINE)
    prefix = re.compile(rb"^(?:\+|00)", re.MULTILINE)
    reader = _Reader(csv_file=False, country=country)
    rng = random.Random(9)
    for _ in range(500):
        lines = [
            "".join(
                rng.choice(["+", "0", "00", "1", "44", "+0"]) for _ in range(rng.randrange(1, 4))
            )
            for _ in range(rng.randrange(1, 6))
        ]
        joined = "\n".join(lines).encode()
        if reader.code:
            expected = plus.sub(b"", not_plus.sub(reader.code, joined))
        else:
            expected = prefix.sub(b"", joined)
        assert reader._international(joined) == expected, lines
