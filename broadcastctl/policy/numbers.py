"""Phone numbers judged by libphonenumber's own metadata, fast enough for 200,000 at a time.

`phonenumbers.parse`, `is_valid_number` and `time_zones_for_number` cost about 40 µs a number.
The survey below uses the same metadata, the same order of tests and the same time-zone table,
but skips parsing (the numbers are already digits, country code first) and runs each region's
patterns once over all of its numbers joined into one text, instead of once per number.
tests/policy/test_numbers.py proves the two agree on generated numbers of many countries.

A number counts as valid when libphonenumber finds it valid *and* its E.164 form is the digits
as written: `1 1 202 555 0143` parses (the library drops a national prefix after the country
code), but the vendor would dial the digits as written.
"""

from __future__ import annotations

import collections
import functools
import itertools
import operator
import re
from collections import defaultdict
from collections.abc import Iterable, MutableSequence, Sequence
from dataclasses import dataclass
from typing import Any

import phonenumbers
from phonenumbers import PhoneMetadata, phonenumberutil
from phonenumbers.tzdata import TIMEZONE_DATA, TIMEZONE_LONGEST_PREFIX

UNKNOWN_ZONES = ("Etc/Unknown",)
NON_GEOGRAPHIC = "001"
# The number types in the order libphonenumber tests them (phonenumberutil._number_type_helper):
# the first that matches is the number's type. Fixed lines (and in some countries mobiles) have
# a place, hence time zones of their own; the others take every zone of their country.
_TYPES = (
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
    "fixed_line",
    "mobile",
)
_COUNTRY_CODES = {str(code) for code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE}


@dataclass(frozen=True)
class Verdict:
    """One number: its region (None if none could be told), validity and time zones."""

    region: str | None
    valid: bool
    zones: tuple[str, ...]


@dataclass(frozen=True)
class Survey:
    """Verdicts of many numbers, as parallel lists (200,000 objects would cost more)."""

    regions: list[str | None]
    valid: bytearray  # 1 where the number is valid
    zones: list[tuple[str, ...]]

    def __getitem__(self, index: int) -> Verdict:
        return Verdict(self.regions[index], bool(self.valid[index]), self.zones[index])


# Patterns by number length: a description applies only to its possible lengths (or, when it
# lists none, to those of the country's general description). Grouping the numbers by length
# replaces the library's length test, and keeps lookaheads (slow in `re`) out of the patterns.
# A pattern is compiled when a number of its length first needs it: compiling every length of
# every region a campaign touches would cost more than matching 200,000 numbers.
_Descs = list[tuple[str, tuple[int, ...]]]  # (pattern, possible lengths) of descriptions


class _ByLength:
    """For each length, one line pattern: any of the descriptions that allow that length."""

    def __init__(self, descs: _Descs, lengths: Iterable[int]) -> None:
        self._descs = descs
        self._lengths = frozenset(lengths)
        self._compiled: dict[int, re.Pattern[str] | None] = {}

    def get(self, length: int) -> re.Pattern[str] | None:
        if length not in self._compiled:
            self._compiled[length] = self._compile(length)
        return self._compiled[length]

    def _compile(self, length: int) -> re.Pattern[str] | None:
        if length not in self._lengths:
            return None
        alternatives = [p for p, allowed in self._descs if not allowed or length in allowed]
        if not alternatives:
            return None
        joined = "|".join(f"(?:{pattern})" for pattern in alternatives)
        return re.compile(f"^(?:{joined})$", re.MULTILINE | re.ASCII)


@dataclass(frozen=True)
class _Region:
    code: str
    leading: re.Pattern[str] | None  # on a shared country code: the numbers that are this region's
    general: _ByLength
    earlier: _ByLength  # the types tested before fixed line and mobile (premium rate, ...)
    fixed_line: _ByLength
    mobile: _ByLength
    geographic_mobile: bool

    def kinds(self, numbers: Iterable[str]) -> tuple[set[str], set[str]]:
        """The valid numbers among these, and those of them whose type has a place."""
        general = _matching(self.general, _by_length(numbers))
        earlier = _matching(self.earlier, general)
        rest = _without(general, earlier)
        fixed = _matching(self.fixed_line, rest)
        mobile = _matching(self.mobile, _without(rest, fixed))
        valid = _union(earlier, fixed, mobile)
        geographic = _union(fixed, mobile) if self.geographic_mobile else _union(fixed)
        return valid, geographic


_Buckets = dict[int, list[str]]  # numbers by their length


def _by_length(numbers: Iterable[str]) -> _Buckets:
    numbers = list(numbers)
    lengths = set(map(len, numbers))
    if len(lengths) == 1:  # the usual case: one country, one length
        return {lengths.pop(): numbers}
    grouped: _Buckets = defaultdict(list)
    for number in numbers:
        grouped[len(number)].append(number)
    return grouped


def _matching(patterns: _ByLength, buckets: _Buckets) -> _Buckets:
    """The numbers that match the pattern of their length entirely (one pass per length)."""
    return {
        length: pattern.findall("\n".join(numbers))
        for length, numbers in buckets.items()
        if numbers and (pattern := patterns.get(length)) is not None
    }


def _without(buckets: _Buckets, removed: _Buckets) -> _Buckets:
    return {
        length: [n for n in numbers if n not in gone]
        if (gone := set(removed.get(length, ())))
        else numbers
        for length, numbers in buckets.items()
    }


def _union(*buckets: _Buckets) -> set[str]:
    return {number for group in buckets for numbers in group.values() for number in numbers}


def _descs(metadata: PhoneMetadata, names: Iterable[str]) -> _Descs:
    """(pattern, possible lengths) of the named descriptions that have a pattern."""
    found = []
    for name in names:
        desc = getattr(metadata, name)
        if desc is not None and desc.national_number_pattern:
            found.append((desc.national_number_pattern, tuple(desc.possible_length or ())))
    return found


# Longer than any number a country allows: the length range when a description lists none.
_ANY_LENGTH = range(1, 18)


def _region(code: str, country_code: int) -> _Region | None:
    if code == NON_GEOGRAPHIC:
        metadata = PhoneMetadata.metadata_for_nongeo_region(country_code, None)
    else:
        metadata = PhoneMetadata.metadata_for_region(code, None)
    if metadata is None or not getattr(metadata.general_desc, "national_number_pattern", None):
        return None
    general = _descs(metadata, ["general_desc"])
    lengths = general[0][1] or _ANY_LENGTH
    # with one pattern for both, the library never tests mobile on its own
    same = metadata.same_mobile_and_fixed_line_pattern
    return _Region(
        code,
        re.compile(metadata.leading_digits) if metadata.leading_digits else None,
        _ByLength(general, lengths),
        _ByLength(_descs(metadata, _TYPES[:-2]), lengths),
        _ByLength(_descs(metadata, ["fixed_line"]), lengths),
        _ByLength([] if same else _descs(metadata, ["mobile"]), lengths),
        country_code in phonenumberutil._GEO_MOBILE_COUNTRIES,
    )


@functools.cache
def _regions(country_code: int) -> tuple[_Region, ...]:
    codes = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(country_code, ())
    return tuple(r for code in codes if (r := _region(code, country_code)) is not None)


def country_code_of(digits: str) -> str | None:
    """The country code a number starts with (none begins with 0), as written."""
    return _CODE_BY_PREFIX.get(digits[:3])


def _code_by_prefix() -> dict[str, str]:
    """Every three-digit start of a number, and the country code it begins with."""
    found = {}
    for prefix in (f"{n:03}" for n in range(100, 1000)):
        for length in (1, 2, 3):
            if prefix[:length] in _COUNTRY_CODES:
                found[prefix] = prefix[:length]
                break
    return found


_CODE_BY_PREFIX = _code_by_prefix()


def survey(numbers: Sequence[str]) -> Survey:
    """Region, validity and time zones of each number (digits, country code first)."""
    count = len(numbers)
    result = Survey([None] * count, bytearray(count), [UNKNOWN_ZONES] * count)
    codes = list(map(_CODE_BY_PREFIX.get, map(_FIRST_THREE, numbers)))
    if not _ALL_DIGITS.fullmatch("\n".join(numbers)):
        codes = [
            c if n.isascii() and n.isdigit() else None for c, n in zip(codes, numbers, strict=True)
        ]
    if len(set(codes)) == 1 and codes[0] is not None:  # one country: no need to split
        _survey_country(codes[0], list(numbers), range(count), result)
        return result
    by_country: dict[str, list[int]] = defaultdict(list)
    for index, code in enumerate(codes):
        if code is not None:
            by_country[code].append(index)
    for code, indexes in by_country.items():
        _survey_country(code, list(map(numbers.__getitem__, indexes)), indexes, result)
    return result


_FIRST_THREE = operator.itemgetter(slice(3))
_ALL_DIGITS = re.compile(r"[0-9\n]*")
_TIME_ZONE_PREFIX = operator.itemgetter(slice(TIMEZONE_LONGEST_PREFIX))

# Work on 200,000 numbers is done with map() over C functions and methods, not Python loops
# or comprehensions, which would cost as much again.


def _survey_country(code: str, numbers: list[str], indexes: Sequence[int], into: Survey) -> None:
    regions = _regions(int(code))
    nationals = list(map(operator.itemgetter(slice(len(code), None)), numbers))
    owner, valid, geographic = _kinds(regions, set(nationals))
    single = regions[0].code if len(regions) == 1 else None
    owners = list(map(owner.get, nationals, itertools.repeat(single))) if owner else None
    flags = bytes(map(valid.__contains__, nationals))
    zones = _zones(code, numbers, nationals, flags, geographic)
    if isinstance(indexes, range) and len(indexes) == len(into.valid):
        into.regions[:] = owners or [single] * len(numbers)
        into.zones[:], into.valid[:] = zones, flags
        return
    _scatter(into.regions, indexes, owners or itertools.repeat(single))
    _scatter(into.zones, indexes, zones)
    _scatter(into.valid, indexes, flags)


def _scatter(into: MutableSequence[Any], indexes: Iterable[int], values: Iterable[Any]) -> None:
    """into[i] = v for each index and value."""
    collections.deque(map(operator.setitem, itertools.repeat(into), indexes, values), maxlen=0)


def _zones(
    code: str, numbers: list[str], nationals: list[str], flags: bytes, geographic: set[str]
) -> list[tuple[str, ...]]:
    """Time zones: a geographic number's by its prefix, another valid one its country's."""
    zones = list(map((UNKNOWN_ZONES, _zones_by_prefix(code)).__getitem__, flags))
    if not geographic:
        return zones
    places = list(
        itertools.compress(range(len(nationals)), map(geographic.__contains__, nationals))
    )
    prefixes = map(_TIME_ZONE_PREFIX, map(numbers.__getitem__, places))
    _scatter(zones, places, map(_zones_by_prefix, prefixes))
    return zones


def _kinds(
    regions: tuple[_Region, ...], nationals: set[str]
) -> tuple[dict[str, str], set[str], set[str]]:
    """Which region each number belongs to (on a shared country code), valid and geographic.

    As the library decides: the first region whose leading digits the number starts with, or
    else (for a region without leading digits) in which the number is valid.
    """
    if len(regions) == 1:
        valid, geographic = regions[0].kinds(nationals)
        return {}, valid, geographic
    owner: dict[str, str] = {}
    valid, geographic = set(), set()
    remaining = nationals
    for region in regions:
        if region.leading is None:
            mine, places = region.kinds(remaining)
            valid |= mine
        else:
            mine = {n for n in remaining if region.leading.match(n)}
            good, places = region.kinds(mine)
            valid |= good
        geographic |= places
        owner.update(dict.fromkeys(mine, region.code))
        remaining = remaining - mine
        if not remaining:
            break
    return owner, valid, geographic


@functools.lru_cache(maxsize=1 << 16)
def _zones_by_prefix(digits: str) -> tuple[str, ...]:
    """libphonenumber's time zones of the longest prefix of the number that it knows."""
    for length in range(min(TIMEZONE_LONGEST_PREFIX, len(digits)), 0, -1):
        zones = TIMEZONE_DATA.get(digits[:length])
        if zones is not None:
            return tuple(zones)
    return UNKNOWN_ZONES


def judge(digits: str) -> Verdict:
    """The verdict for one number."""
    return survey([digits])[0]
