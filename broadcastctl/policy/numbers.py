"""Phone numbers judged by libphonenumber's own metadata, fast enough for 200,000 at a time.

`phonenumbers.parse`, `is_valid_number` and `time_zones_for_number` cost about 40 µs a number.
The survey below uses the same metadata, the same order of tests and the same time-zone table,
but skips parsing (the numbers are already digits, country code first) and runs one pattern,
built from the metadata of the countries present, once over all the numbers joined into one
text, instead of the library's tests once per number.
tests/policy/test_numbers.py proves the two agree on generated numbers of many countries.

A number counts as valid when libphonenumber finds it valid *and* its E.164 form is the digits
as written: `1 1 202 555 0143` parses (the library drops a national prefix after the country
code), but the vendor would dial the digits as written.
"""

from __future__ import annotations

import collections
import functools
import operator
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import compress, repeat

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
    """Verdicts of many numbers: the classifier's group each one matched, read through the
    group's class. The counts by region and zone come from the groups (a few dozen) and the
    starts that decide the time zones of the numbers that have a place (`zone_key`); the
    per-number lists are built only when a rule asks for them (200,000 of anything costs)."""

    numbers: Sequence[str]
    groups: list[int]  # per number: the group its line matched
    classes: Sequence[_Class]  # by group
    # the numbers' starts without their last STRETCH_DIGITS digits, when the survey found them
    # (a few hundred for 200,000 numbers; the do-not-call lists are looked up by them)
    stretches: frozenset[str] | None = None
    stretched: Sequence[str] | None = None  # per number, its stretch, when `stretches` is known

    def __getitem__(self, index: int) -> Verdict:
        verdict = self.classes[self.groups[index]]
        zones = _zones_of(self.numbers[index]) if verdict.geographic else verdict.zones
        return Verdict(verdict.region, verdict.valid, zones)

    @functools.cached_property
    def counts(self) -> collections.Counter[int]:
        return collections.Counter(self.groups)

    @property
    def all_valid(self) -> bool:
        return all(self.classes[group].valid for group in self.counts)

    @functools.cached_property
    def valid(self) -> bytearray:
        """1 where the number is valid."""
        flags = bytes(verdict.valid for verdict in self.classes)
        return bytearray(map(flags.__getitem__, self.groups))

    @functools.cached_property
    def regions(self) -> list[str | None]:
        return list(map(_REGION, map(self.classes.__getitem__, self.groups)))

    @functools.cached_property
    def zones(self) -> list[tuple[str, ...]]:
        zones = list(map(_ZONES, map(self.classes.__getitem__, self.groups)))
        places = self._places()
        listed = list(map(self.numbers.__getitem__, places))
        heads = list(map(_HEAD_OF, listed))
        found: list[tuple[str, ...] | None] = list(map(_zones_by_head(heads).get, heads))
        for at in list(compress(range(len(found)), map(operator.is_, found, repeat(None)))):
            found[at] = _zones_of(listed[at])  # its first digits leave its zones open
        collections.deque(map(operator.setitem, repeat(zones), places, found), maxlen=0)
        return zones

    def by_region(self) -> collections.Counter[str]:
        """Valid numbers by region (ISO code)."""
        counted: collections.Counter[str] = collections.Counter()
        for group, count in self.counts.items():
            verdict = self.classes[group]
            if verdict.valid and verdict.region is not None:
                counted[verdict.region] += count
        return counted

    def by_zone(self) -> collections.Counter[tuple[str, str]]:
        """Numbers by (region, time zone), a number with several zones counted in each; those
        of no region or no known zone are left out."""
        counted: collections.Counter[tuple[str, str]] = collections.Counter()
        for verdict, count in self._zoned:
            _count_zones(counted, verdict.region, verdict.zones, count)
        return counted

    def unzoned(self) -> int:
        """Valid numbers of no known time zone (non-geographic ones: +800, +979, ...)."""
        return sum(
            count
            for verdict, count in self._zoned
            if verdict.valid and verdict.zones == UNKNOWN_ZONES
        )

    @functools.cached_property
    def _zoned(self) -> list[tuple[Verdict, int]]:
        """The numbers' verdicts with their counts: by the group they matched, and for those
        with a place, by the start that decides their time zones too (a few dozen entries, not
        200,000)."""
        found = [
            (Verdict(verdict.region, verdict.valid, verdict.zones), count)
            for group, count in self.counts.items()
            if not (verdict := self.classes[group]).geographic
        ]
        present = sorted(group for group in self.counts if self.classes[group].geographic)
        for group in present:  # the numbers of each, read by their stretch or first digits
            if self.stretched is not None:
                found += self._zoned_by_stretch(group)
                continue
            mine = list(compress(self.numbers, self._of_group(group)))
            heads = collections.Counter(map(_HEAD_OF, mine))
            decided = _zones_by_head(heads)
            for head, count in heads.items():
                if head in decided:
                    found.append((self._verdict(group, decided[head]), count))
            undecided = heads.keys() - decided.keys()
            if undecided:  # the others, number by number
                others = compress(mine, map(undecided.__contains__, map(_HEAD_OF, mine)))
                for key, count in collections.Counter(map(zone_key, others)).items():
                    found.append((self._verdict(group, _zones_by_prefix(key)), count))
        return found

    def _zoned_by_stretch(self, group: int) -> list[tuple[Verdict, int]]:
        """The numbers of a group by the zones of their stretch (its text is cut already), where
        no key of the time-zone table is longer than the stretch and begins with it; the
        others by their own deciding start."""
        assert self.stretched is not None
        flags = self._of_group(group)
        starts = collections.Counter(compress(self.stretched, flags))
        found = []
        undecided = set()
        for stretch, count in starts.items():
            if stretch in _open_prefixes():
                undecided.add(stretch)
            else:
                found.append((self._verdict(group, _zones_by_prefix(stretch)), count))
        if undecided:
            chosen = map(undecided.__contains__, compress(self.stretched, flags))
            others = compress(compress(self.numbers, flags), chosen)
            for key, count in collections.Counter(map(zone_key, others)).items():
                found.append((self._verdict(group, _zones_by_prefix(key)), count))
        return found

    def _of_group(self, group: int) -> bytes:
        """1 for each number that matched `group`: by one translation of the groups as bytes
        (a few dozen groups), else number by number."""
        if self._group_bytes is None:
            return bytes(map(group.__eq__, self.groups))
        return self._group_bytes.translate(bytes(index == group for index in range(256)))

    @functools.cached_property
    def _group_bytes(self) -> bytes | None:
        return bytes(self.groups) if len(self.classes) <= 256 else None

    def _verdict(self, group: int, zones: tuple[str, ...]) -> Verdict:
        verdict = self.classes[group]
        return Verdict(verdict.region, verdict.valid, zones)

    def _places(self) -> list[int]:
        """The numbers whose time zones are those of their prefix."""
        geographic = bytes(verdict.geographic for verdict in self.classes)
        return list(compress(range(len(self.groups)), map(geographic.__getitem__, self.groups)))


def _count_zones(
    counted: collections.Counter[tuple[str, str]],
    region: str | None,
    zones: tuple[str, ...],
    count: int,
) -> None:
    if region is None or zones == UNKNOWN_ZONES:
        return
    for zone in zones:
        counted[(region, zone)] += count


def _descs(metadata: PhoneMetadata, names: Iterable[str]) -> list[tuple[str, tuple[int, ...]]]:
    """(pattern, possible lengths) of the named descriptions that have a pattern."""
    found = []
    for name in names:
        desc = getattr(metadata, name)
        if desc is not None and desc.national_number_pattern:
            found.append((desc.national_number_pattern, tuple(desc.possible_length or ())))
    return found


def _metadata(region: str, country_code: int) -> PhoneMetadata | None:
    if region == NON_GEOGRAPHIC:
        metadata = PhoneMetadata.metadata_for_nongeo_region(country_code, None)
    else:
        metadata = PhoneMetadata.metadata_for_region(region, None)
    if metadata is None or not getattr(metadata.general_desc, "national_number_pattern", None):
        return None
    return metadata


@dataclass(frozen=True)
class _Class:
    """What the classifier tells of a number by the group it matched."""

    region: str | None
    valid: bool
    geographic: bool  # its time zones are those of its prefix
    zones: tuple[str, ...]  # otherwise


class _Classifier:
    """One pattern over all the numbers, one a line, that decides each number as the library
    does: by country code, then by region (on a shared country code, the first region whose
    leading digits it starts with, or else in which it is valid), then by the first number
    type whose description matches, with the lengths each description allows. Each way a
    line can be decided is one capturing group, so the group a line matched (`lastindex`) is
    its verdict, and one pass of `finditer` decides every number in order.
    """

    def __init__(
        self, lengths: dict[str, set[int]], unreached: frozenset[str] = frozenset()
    ) -> None:
        self.classes: list[_Class] = [_UNKNOWN]  # by group number; group 0 is never last
        self.unreached = unreached  # regions no number can be in (`unreached_regions`)
        countries = "|".join(self._country(code, lengths[code]) for code in sorted(lengths))
        unknown = self._group(_UNKNOWN, "[^\\n]*")
        body = f"(?=[0-9]{{3}})(?:{countries})|{unknown}" if countries else unknown
        self.pattern = re.compile(f"^(?:{body})$", re.MULTILINE | re.ASCII)

    def _group(self, verdict: _Class, pattern: str) -> str:
        self.classes.append(verdict)
        return f"({pattern})"

    def _country(self, code: str, totals: set[int]) -> str:
        country_code = int(code)
        regions = [
            (region, metadata)
            for region in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(country_code, ())
            if (metadata := _metadata(region, country_code)) is not None
        ]
        lengths = {total - len(code) for total in totals}
        single = regions[0][0] if len(regions) == 1 else None
        zones = _zones_by_prefix(code)
        geo_mobile = country_code in phonenumberutil._GEO_MOBILE_COUNTRIES
        branches = []
        for region, metadata in regions:
            if region in self.unreached:
                continue  # its leading digits start no number: its branch would never match
            valid = self._valid(region, metadata, lengths, zones, geo_mobile)
            if single is None and metadata.leading_digits:
                invalid = self._group(_Class(region, False, False, UNKNOWN_ZONES), "[0-9]*")
                alternatives = "|".join(filter(None, [valid, invalid]))
                branches.append(f"(?={metadata.leading_digits})(?:{alternatives})")
            elif valid:
                branches.append(valid)
        branches.append(self._group(_Class(single, False, False, UNKNOWN_ZONES), "[0-9]*"))
        return f"{code}(?:{'|'.join(branches)})"

    def _valid(
        self,
        region: str,
        metadata: PhoneMetadata,
        lengths: set[int],
        zones: tuple[str, ...],
        geo_mobile: bool,
    ) -> str:
        """The numbers valid in the region, one group for each kind of verdict."""
        general = _descs(metadata, ["general_desc"])
        allowed = set(general[0][1] or _ANY_LENGTH)
        mobile = [] if metadata.same_mobile_and_fixed_line_pattern else _descs(metadata, ["mobile"])
        kinds = [
            (_descs(metadata, _TYPES[:-2]), _Class(region, True, False, zones)),
            (_descs(metadata, ["fixed_line"]), _Class(region, True, True, UNKNOWN_ZONES)),
            (mobile, _Class(region, True, geo_mobile, UNKNOWN_ZONES if geo_mobile else zones)),
        ]
        found = []
        for length in sorted(lengths & allowed):
            typed = [
                self._group(verdict, part)
                for descs, verdict in kinds
                if (part := _allowing(descs, length))
            ]
            if typed:
                found.append(
                    f"(?=[0-9]{{{length}}}$)(?=(?:{_allowing(general, length)})$)"
                    f"(?:{'|'.join(typed)})$"
                )
        return "|".join(found)


def _allowing(descs: list[tuple[str, tuple[int, ...]]], length: int) -> str:
    """The descriptions that allow this length, as one pattern ("" for none)."""
    return "|".join(f"(?:{p})" for p, allowed in descs if not allowed or length in allowed)


# Longer than any number a country allows: the length range when a description lists none.
_ANY_LENGTH = range(1, 18)
_UNKNOWN = _Class(None, False, False, UNKNOWN_ZONES)
_LASTINDEX = operator.attrgetter("lastindex")


@functools.cache
def _classifier(
    lengths: frozenset[tuple[str, int]], unreached: frozenset[str] = frozenset()
) -> _Classifier:
    by_code: dict[str, set[int]] = defaultdict(set)
    for code, total in lengths:
        by_code[code].add(total)
    return _Classifier(by_code, unreached)


# How many digits of each number are looked at to leave regions out of the pattern.
_START = 5
# From this many numbers, the regions no number can be in are left out of the pattern: its
# compilation (20 to 40 ms) is paid for by the shorter pass (0.2 µs a number for +1).
OWN_PATTERN_FROM = 10_000


def unreached_regions(starts: Iterable[str]) -> frozenset[str]:
    """Regions that share their country code and that none of these numbers can be in: the
    region's leading digits (how libphonenumber tells the regions of +1, +44, ... apart)
    match none of their starts. Matching them looks at no more digits than their widest
    alternative, so the first `_START` digits of a number decide it exactly; a region whose
    leading digits may look further, or that has none, is kept."""
    nationals: dict[str, set[str]] = defaultdict(set)
    for start in starts:
        code = _CODE_BY_PREFIX.get(start[:3])
        if code is not None:
            nationals[code].add(start[len(code) :])
    return frozenset(
        region
        for code, found in nationals.items()
        for region in _shared_regions(code)
        if not _may_lead(region, code, found)
    )


def _shared_regions(code: str) -> tuple[str, ...]:
    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(int(code), ())
    return regions if len(regions) > 1 else ()


def _may_lead(region: str, code: str, nationals: set[str]) -> bool:
    metadata = _metadata(region, int(code))
    leading = metadata.leading_digits if metadata is not None else None
    if not leading:
        return True
    width = max_width(leading)
    if width is None or len(code) + width > _START:
        return True
    pattern = re.compile(leading)
    return any(pattern.match(national) for national in nationals)


_ATOM = re.compile(r"[0-9]|\[[0-9-]+\]")


def max_width(pattern: str) -> int | None:
    """The most characters `pattern` can match, for a pattern of digits, digit classes,
    alternatives and (?:...) groups (as leading digits are written); None for any other."""
    width, rest = _alternatives(pattern)
    return width if rest == "" else None


def _alternatives(text: str) -> tuple[int | None, str]:
    """The widest of `a|b|...` at the start of `text`, and the text after it (from a ')')."""
    widest = 0
    while True:
        width, text = _sequence(text)
        if width is None:
            return None, text
        widest = max(widest, width)
        if not text.startswith("|"):
            return widest, text
        text = text[1:]


def _sequence(text: str) -> tuple[int | None, str]:
    width = 0
    while text and text[0] not in "|)":
        if text.startswith("(?:"):
            inner, text = _alternatives(text[3:])
            if inner is None or not text.startswith(")"):
                return None, text
            width, text = width + inner, text[1:]
            continue
        atom = _ATOM.match(text)
        if atom is None:
            return None, text  # a quantifier or anything else: its width is not worked out
        width, text = width + 1, text[atom.end() :]
    return width, text


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


def survey(numbers: Sequence[str], joined: str | None = None) -> Survey:
    """Region, validity and time zones of each number (digits, country code first); `joined`,
    if given, is the numbers joined by line ends (the caller has it already)."""
    if not numbers:  # the classifier's pattern would match the empty text once
        return Survey([], [], [])
    text = "\n".join(numbers) if joined is None else joined
    if text.count("\n") != max(len(numbers) - 1, 0):  # an item holding a line break
        return survey(["" if "\n" in number else number for number in numbers])
    stretched, stretches, starts = _starts(numbers)
    lengths = {(_CODE_BY_PREFIX.get(start[:3]), total) for start, total in starts}
    # A large campaign is judged by a pattern of its own regions; small ones share the pattern
    # of all the regions of their country codes (compiled once for them all, where a pattern
    # per campaign would be compiled per campaign).
    many = len(numbers) >= OWN_PATTERN_FROM
    unreached = unreached_regions(start for start, _ in starts) if many else frozenset()
    classifier = _classifier(frozenset((c, n) for c, n in lengths if c is not None), unreached)
    if stretched is not None and stretches is not None and _stretches_pay(numbers, stretches):
        found = _by_stretch(numbers, stretched, stretches, classifier, text)
    else:
        found = _matched(text, len(numbers), classifier)
    return Survey(numbers, found, classifier.classes, stretches, stretched)


def _matched(text: str, count: int, classifier: _Classifier) -> list[int]:
    """The group each line of `text` (`count` lines) matched."""
    if not count:  # the pattern would match the empty text once
        return []
    found = list(map(_LASTINDEX, classifier.pattern.finditer(text)))
    if len(found) != count:
        raise AssertionError("the classifier must match every line once")
    return found


def _all_digits(text: str) -> bool:
    """Only ASCII digits and line ends: nothing is left once they are deleted (2 ms for
    200,000 numbers, where `isdigit` takes ten times as long)."""
    return text.isascii() and not text.encode("ascii").translate(None, _DIGITS_AND_LINE_ENDS)


_DIGITS_AND_LINE_ENDS = b"0123456789\n"


# A stretch: the numbers that share all but their last digits (an exchange's line numbers).
STRETCH_DIGITS = 4
# From this many numbers, those whose stretch decides their verdict are judged by stretch,
# when the stretches hold this many numbers each on average (numbers spread over as many
# stretches as there are numbers would be matched twice as often, not less).
BY_STRETCH_FROM = 1000
NUMBERS_BY_STRETCH = 4


def _stretches_pay(numbers: Sequence[str], stretches: frozenset[str]) -> bool:
    return len(numbers) >= BY_STRETCH_FROM and len(stretches) * NUMBERS_BY_STRETCH <= len(numbers)


def _by_stretch(
    numbers: Sequence[str],
    stretched: list[str],
    stretches: frozenset[str],
    classifier: _Classifier,
    text: str,
) -> list[int]:
    """The group of each number (digits only), judged once per stretch where the digits that
    decide the verdict (`decisive`) lie within the stretch: every number of such a stretch
    has one length and shares its verdict with the stretch followed by zeros. The others are
    matched one by one: of the policy benchmark's 200,000 numbers in 528 stretches, the
    pattern matches 44,000 and one number of each deciding stretch. `text` is the numbers
    joined by line ends."""
    from broadcastctl.policy.decisive import stretch_decides  # noqa: PLC0415 - it reads this module

    chosen = [s for s in stretches if stretch_decides(s, classifier.unreached)]
    if not chosen or not _all_digits(text):
        return _matched(text, len(numbers), classifier)
    zeros = "0" * STRETCH_DIGITS
    judged = _matched("\n".join(s + zeros for s in chosen), len(chosen), classifier)
    by_stretch: dict[str, int | None] = dict(zip(chosen, judged, strict=True))
    found = list(map(by_stretch.get, stretched))
    left = list(compress(range(len(found)), map(operator.is_, found, repeat(None))))
    if left:
        rest = _matched("\n".join(map(numbers.__getitem__, left)), len(left), classifier)
        collections.deque(map(operator.setitem, repeat(found), left, rest), maxlen=0)
    return found  # type: ignore[return-value]  # every None was filled above


def _starts(
    numbers: Sequence[str],
) -> tuple[list[str] | None, frozenset[str] | None, set[tuple[str, int]]]:
    """Each number's stretch and the distinct ones, if every number is long enough for its
    stretch to hold its first `_START` digits, and the first digits and length of each number:
    from the few hundred stretches, so that 200,000 numbers are cut once (for the verdicts and
    the lists too), not twice."""
    stretched = list(map(_STRETCH_OF, numbers))
    stretches = frozenset(stretched)
    if min(map(len, stretches)) >= _START:
        starts = {(stretch[:_START], len(stretch) + STRETCH_DIGITS) for stretch in stretches}
        return stretched, stretches, starts
    return None, None, set(zip(map(_FIRST_DIGITS, numbers), map(len, numbers), strict=True))


_FIRST_DIGITS = operator.itemgetter(slice(_START))
_STRETCH_OF = operator.itemgetter(slice(None, -STRETCH_DIGITS))
_REGION = operator.attrgetter("region")
_ZONES = operator.attrgetter("zones")


def _zones_of(number: str) -> tuple[str, ...]:
    return _zones_by_prefix(zone_key(number))


def zone_key(number: str) -> str:
    """The shortest start of the number that decides its time zones: no longer key of
    libphonenumber's table begins with it, so `_zones_by_prefix` of it is that of the number.
    For most of +1 it is the area code (`1212`): 200,000 numbers have a few dozen keys."""
    key = _head_key(number[:_HEAD])
    return key if key is not None else _longer_key(number)


def _zones_by_head(heads: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """The zones of each of these first `_HEAD` digits that decide them (most of them: the
    numbers are read by the few thousand distinct ones, not one by one)."""
    return {
        head: _zones_by_prefix(key) for head in set(heads) if (key := _head_key(head)) is not None
    }


def _longer_key(number: str) -> str:
    """The deciding start of a number whose first `_HEAD` digits do not decide it."""
    for length in range(_HEAD + 1, TIMEZONE_LONGEST_PREFIX + 1):
        if number[:length] not in _open_prefixes():
            return number[:length]
    return number[:TIMEZONE_LONGEST_PREFIX]


_HEAD = 4  # the first digits whose deciding start is kept (+1 and its area code)
_HEAD_OF = operator.itemgetter(slice(_HEAD))


@functools.cache
def _head_key(head: str) -> str | None:
    """The deciding start of every number beginning with `head`, if it lies within it."""
    for length in range(1, len(head) + 1):
        if head[:length] not in _open_prefixes():
            return head[:length]
    return None


@functools.cache
def _open_prefixes() -> frozenset[str]:
    """The starts of the time-zone table's keys that a longer key begins with."""
    return frozenset(key[:length] for key in TIMEZONE_DATA for length in range(1, len(key)))


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


def starts_of(numbers: Sequence[str]) -> tuple[set[str], set[int]]:
    """The first digits and the lengths of these numbers: what `valid_flags` builds its
    pattern from."""
    return set(map(_FIRST_DIGITS, numbers)), set(map(len, numbers))


def valid_flags(numbers: Sequence[str], first: frozenset[str], lengths: frozenset[int]) -> bytes:
    """1 where a number is valid (as `survey` finds it), 0 elsewhere, by the pattern of the
    first digits and lengths given: those of these numbers, and perhaps of others (a
    do-not-call list read in chunks builds one pattern for all its chunks; more lengths than
    a country has only cost time). No number may hold a line break."""
    if not numbers:
        return b""
    classifier = _classifier_of(first, lengths)
    flags = bytes(verdict.valid for verdict in classifier.classes)
    matches = classifier.pattern.finditer("\n".join(numbers))
    found = bytes(map(flags.__getitem__, map(_LASTINDEX, matches)))
    if len(found) != len(numbers):
        raise AssertionError("the classifier must match every line once")
    return found


@functools.lru_cache(maxsize=4)
def _classifier_of(first: frozenset[str], lengths: frozenset[int]) -> _Classifier:
    codes = {_CODE_BY_PREFIX.get(start[:3]) for start in first} - {None}
    pairs = frozenset((code, total) for code in codes if code for total in lengths)
    return _classifier(pairs, unreached_regions(first))
