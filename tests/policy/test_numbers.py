"""The fast path of number checks agrees with libphonenumber's own functions.

Generated numbers of every region libphonenumber knows (valid and not): variations of each
region's example numbers (a digit changed, added or dropped) and random digits after its country
code. For each, the fast path must give what `phonenumbers.is_valid_number` and
`phonenumbers.timezone.time_zones_for_number` give for the digits as written (a number
libphonenumber reads differently, such as one with a national prefix after the country code, is
not valid as written). The fast tier checks a sample of 5,000; the slow tier 100,000, every
region many times over (asking libphonenumber takes about half a millisecond a number).
"""

from __future__ import annotations

import functools
import random
from collections import Counter

import phonenumbers
import pytest
from phonenumbers import PhoneNumberType, timezone
from phonenumbers.tzdata import TIMEZONE_DATA, TIMEZONE_LONGEST_PREFIX

from broadcastctl.policy import numbers as policy_numbers
from broadcastctl.policy.decisive import stretch_decides
from broadcastctl.policy.numbers import (
    UNKNOWN_ZONES,
    Survey,
    judge,
    max_width,
    survey,
    unreached_regions,
    zone_key,
)

SAMPLES = [
    pytest.param(5_000, id="5k"),
    pytest.param(100_000, id="100k", marks=pytest.mark.slow),
]
KINDS = [
    PhoneNumberType.FIXED_LINE,
    PhoneNumberType.MOBILE,
    PhoneNumberType.TOLL_FREE,
    PhoneNumberType.PREMIUM_RATE,
    PhoneNumberType.VOIP,
    PhoneNumberType.UAN,
]


def generated(count: int, seed: int = 2026) -> list[str]:
    rng = random.Random(seed)
    regions = sorted(phonenumbers.SUPPORTED_REGIONS)
    numbers = []
    for _ in range(count):
        region = rng.choice(regions)
        code = phonenumbers.country_code_for_region(region)
        example = _example(region, rng.choice(KINDS))
        if example is not None and rng.random() < 0.7:
            national = _vary(example, rng)
        else:
            national = "".join(rng.choice("0123456789") for _ in range(rng.randint(4, 13)))
        numbers.append(f"{code}{national}")
    return numbers


@functools.cache
def _example(region: str, kind: int) -> str | None:
    example = phonenumbers.example_number_for_type(region, kind)
    return None if example is None else phonenumbers.national_significant_number(example)


def _vary(national: str, rng: random.Random) -> str:
    changed = rng.randint(0, min(4, len(national)))
    varied = national[: len(national) - changed]
    varied += "".join(rng.choice("0123456789") for _ in range(changed))
    roll = rng.random()
    if roll < 0.1:
        return varied + rng.choice("0123456789")
    if roll < 0.2:
        return varied[:-1]
    return varied


@functools.cache  # asked again by later tests of the same sample: the answer cannot change
def library(digits: str) -> tuple[bool, tuple[str, ...], str | None]:
    """What libphonenumber says of the digits as written: valid, its time zones, its region."""
    try:
        parsed = phonenumbers.parse("+" + digits)
    except phonenumbers.NumberParseException:
        return False, UNKNOWN_ZONES, None
    as_written = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    if as_written != "+" + digits or not phonenumbers.is_valid_number(parsed):
        return False, UNKNOWN_ZONES, None
    zones = tuple(timezone.time_zones_for_number(parsed))
    return True, zones, phonenumbers.region_code_for_number(parsed)


def fast(found: Survey, index: int) -> tuple[bool, tuple[str, ...], str | None]:
    valid = bool(found.valid[index])
    return valid, found.zones[index], found.regions[index] if valid else None


@pytest.fixture(scope="module", params=SAMPLES)
def numbers(request: pytest.FixtureRequest) -> list[str]:
    count: int = request.param
    return generated(count)


def test_the_generated_numbers_cover_many_countries_valid_and_not(numbers: list[str]) -> None:
    first = numbers[:5000]
    regions = Counter(
        phonenumbers.region_code_for_number(phonenumbers.parse("+" + n)) for n in first
    )
    assert len(numbers) in (5_000, 100_000)
    assert len(regions) >= 30
    valid = sum(library(n)[0] for n in first)
    assert 1000 < valid < 4000


def test_the_fast_path_agrees_with_libphonenumber(numbers: list[str]) -> None:
    found = survey(numbers)
    verdicts = [fast(found, i) for i in range(len(numbers))]
    expected = [library(digits) for digits in numbers]
    differ = [(n, e, f) for n, e, f in zip(numbers, expected, verdicts, strict=True) if e != f]
    assert differ == []


def test_counts_by_region_and_zone_are_those_of_the_verdicts(numbers: list[str]) -> None:
    """Counted from the groups and the prefixes, they equal counting each number's verdict
    (libphonenumber's, as the test above holds them)."""
    found = survey(numbers)
    by_region: Counter[str] = Counter()
    by_zone: Counter[tuple[str, str]] = Counter()
    for index in range(len(numbers)):
        verdict = found[index]
        assert (verdict.valid, verdict.zones, verdict.region) == (
            bool(found.valid[index]), found.zones[index], found.regions[index],
        )  # fmt: skip
        if verdict.region is None:
            continue
        by_region[verdict.region] += verdict.valid
        if verdict.zones != UNKNOWN_ZONES:
            by_zone.update((verdict.region, zone) for zone in verdict.zones)
    assert found.by_region() == +by_region
    assert found.by_zone() == by_zone
    assert found.all_valid is all(found.valid)
    assert survey(numbers[:1]).all_valid is bool(found.valid[0])


def test_counts_of_few_countries_are_those_of_the_verdicts_too(numbers: list[str]) -> None:
    """A survey of a few countries has fewer than 256 groups, and finds each group's numbers
    by translating the groups as bytes (the whole sample above has more, and compares them
    one by one): the counts are the same."""
    few = [n for n in numbers if n[:1] in ("1", "7") or n[:2] in ("33", "44", "61")]
    found = survey(few)
    assert len(found.classes) <= 256 < len(survey(numbers).classes)
    by_zone: Counter[tuple[str, str]] = Counter()
    for index in range(len(few)):
        verdict = found[index]
        if verdict.region is not None and verdict.zones != UNKNOWN_ZONES:
            by_zone.update((verdict.region, zone) for zone in verdict.zones)
    assert found.by_zone() == by_zone
    assert len({region for region, _ in by_zone}) >= 5


def test_the_stretches_are_the_numbers_without_their_last_four_digits(numbers: list[str]) -> None:
    """Kept when every number is long enough for its first digits to be read from its stretch
    (nine digits or more), which then serves the do-not-call lists; else not kept."""
    long = [n for n in numbers if len(n) >= 9]
    assert survey(long).stretches == frozenset(n[:-4] for n in long)
    assert min(map(len, numbers)) < 9
    assert survey(numbers).stretches is None


def test_numbers_judged_once_per_stretch_get_the_librarys_verdicts(numbers: list[str]) -> None:
    """Numbers of nine digits or more, digits only, are judged once per stretch where the
    digits that decide lie within it: their verdicts are libphonenumber's, and their groups
    those the pattern gives each number (an item that is no number makes the survey match
    every line)."""
    rng = random.Random(4)
    long = [
        n[:-4] + f"{rng.randrange(10_000):04}"  # four numbers in each stretch
        for n in numbers
        if len(n) >= 9 and n.isascii() and n.isdigit()
        for _ in range(4)
    ]
    assert len(long) >= policy_numbers.BY_STRETCH_FROM
    found = survey(long)
    assert found.stretches is not None
    assert policy_numbers._stretches_pay(long, found.stretches)
    assert any(stretch_decides(s, frozenset()) for s in found.stretches)
    assert not all(stretch_decides(s, frozenset()) for s in found.stretches)
    assert [fast(found, i) for i in range(len(long))] == [library(n) for n in long]
    assert survey([*long, "x"]).groups[:-1] == found.groups
    by_zone: Counter[tuple[str, str]] = Counter()  # counted by stretch, as by each verdict
    for index in range(len(long)):
        verdict = found[index]
        if verdict.region is not None and verdict.zones != UNKNOWN_ZONES:
            by_zone.update((verdict.region, zone) for zone in verdict.zones)
    assert found.stretched is not None
    assert found.by_zone() == by_zone
    decided = next(
        i for i, n in enumerate(long) if stretch_decides(n[:-4], frozenset()) and found[i].valid
    )
    for odd in ("12x4", "١٢٣٤"):  # in a stretch that decides, a tail that is not ASCII digits
        with_odd = survey([*long, long[decided][:-4] + odd])
        assert with_odd.groups[:-1] == found.groups
        assert not with_odd[len(long)].valid


def test_a_stretch_that_leaves_the_zones_open_is_read_number_by_number() -> None:
    """Counted by stretch, the numbers of a stretch that a longer key of the time-zone table
    begins with take each the zones of their own longest known prefix: as counted number by
    number (the same survey without its stretches)."""
    zones = policy_numbers._zones_by_prefix
    keys = [
        key
        for key in TIMEZONE_DATA
        if len(key) >= 6 and zones(key) != zones(key[:-1] + ("0" if key[-1] != "0" else "1"))
    ][:50]
    assert keys
    listed = [
        f"{key[:-1]}{first}{tail:03}"
        for key in keys
        for first in (key[-1], "0" if key[-1] != "0" else "1")
        for tail in (7, 123)
    ]
    place = policy_numbers._Class("ZZ", True, True, UNKNOWN_ZONES)
    classes = [policy_numbers._UNKNOWN, place]
    groups = [1] * len(listed)
    stretched = [number[:-4] for number in listed]
    by_stretch = Survey(listed, groups, classes, frozenset(stretched), stretched)
    assert by_stretch.by_zone() == Survey(listed, groups, classes).by_zone()


def test_one_country_at_a_time_agrees_too(numbers: list[str]) -> None:
    """The single-country path (no split by country code) gives the same verdicts."""
    american = [n for n in numbers if n.startswith("1")][:3000]
    found = survey(american)
    assert [fast(found, i) for i in range(len(american))] == [library(n) for n in american]


@pytest.mark.parametrize(
    "listed",
    [
        ["1", "12", "33", "330", "44", "3", "", "999999", "0", "001", "١٢٣٤٥٦٧٨"],
        ["12025550143", "12025550143", "12\n025550143", "1202555014a", "+12025550143"],
        ["33123456789", "", "12025550143", "33", "4420794600"],
    ],
)
def test_short_repeated_and_odd_items_get_the_librarys_verdict(listed: list[str]) -> None:
    found = survey(listed)
    assert [fast(found, i) for i in range(len(listed))] == [
        library(n) if n.isascii() and n.isdigit() else (False, UNKNOWN_ZONES, None) for n in listed
    ]


@pytest.mark.parametrize(
    ("digits", "region", "zones"),
    [
        ("12025550143", "US", ("America/New_York",)),
        ("13125550143", "US", ("America/Chicago",)),
        ("84901234567", "VN", ("Asia/Ho_Chi_Minh",)),
        ("14165550143", "CA", ("America/Toronto",)),
        ("12423456789", "BS", ("America/Nassau",)),
    ],
)
def test_known_numbers(digits: str, region: str, zones: tuple[str, ...]) -> None:
    verdict = judge(digits)
    assert (verdict.region, verdict.valid, verdict.zones) == (region, True, zones)


def test_a_mobile_number_of_a_country_with_several_zones_takes_them_all() -> None:
    verdict = judge("61491570156")  # an Australian mobile: no place of its own
    assert verdict.valid
    assert {"Australia/Perth", "Australia/Sydney"} <= set(verdict.zones)


@pytest.mark.parametrize(
    "digits", ["07700900123", "441000123456", "112025550143", "1+2025550143", "", "١٢٣٤٥٦٧٨"]
)
def test_not_valid(digits: str) -> None:
    assert not judge(digits).valid


@pytest.mark.parametrize(
    ("pattern", "width"),
    [
        ("268", 3),
        ("8001|8[024]9", 4),
        ("(?:1|23)4", 3),
        ("1[03-79]|[2-9]", 2),
        ("74576|(?:16|7[56])24", 5),
        ("12?", None),  # a quantifier: not worked out
        ("[^0]1", None),
        ("(?:12", None),
        ("12)", None),
    ],
)
def test_the_width_of_leading_digits(pattern: str, width: int | None) -> None:
    assert max_width(pattern) == width


def test_regions_no_number_can_be_in_are_left_out_and_the_others_kept() -> None:
    unreached = unreached_regions(["12025", "14165"])  # Washington, Toronto
    assert {"AG", "JM", "PR", "DO", "VI"} <= unreached
    assert not {"US", "CA"} & unreached  # no leading digits: decided by validity
    assert "JM" not in unreached_regions(["12025", "18765"])
    assert "DO" not in unreached_regions(["18295"])
    assert "IM" not in unreached_regions(["44745"])  # its leading digits look further


def test_verdicts_with_regions_left_out_are_the_librarys(
    numbers: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A campaign of +1, +44 or +7 numbers is judged by a pattern without the regions none of
    them can be in (here from one number on); each verdict is still libphonenumber's."""
    monkeypatch.setattr(policy_numbers, "OWN_PATTERN_FROM", 1)
    rng = random.Random(7)
    shared = [n for n in numbers if n[:1] == "1" or n[:2] in ("44", "47", "39", "35")]
    rounds = 60 if len(numbers) >= 100_000 else 15  # each compiles its own pattern
    for _ in range(rounds):
        chosen = rng.sample(shared, rng.randint(1, 40))
        found = survey(chosen)
        assert [fast(found, i) for i in range(len(chosen))] == [library(n) for n in chosen]


def test_small_campaigns_share_one_pattern_and_a_large_one_has_its_own() -> None:
    washington, toronto = survey(["12025550143"]), survey(["14165550143"])
    assert washington.classes is toronto.classes  # compiled once for both
    assert "AG" in {verdict.region for verdict in washington.classes}
    many = [f"1202555{n:04}" for n in range(policy_numbers.OWN_PATTERN_FROM)]
    regions = {verdict.region for verdict in survey(many).classes}
    assert "US" in regions
    assert "AG" not in regions  # no number of it starts 1268


def test_zones_read_by_the_deciding_start_are_those_of_the_longest_known_prefix() -> None:
    """`zone_key` cuts a number at the first digits that no longer key of libphonenumber's
    time-zone table begins with: the zones of that start must be those of the longest key the
    whole number begins with, for every key and every start of a key followed by each digit
    and random digits, for random numbers of every country code, and for short numbers."""
    rng = random.Random(25)
    starts = {key[:length] for key in TIMEZONE_DATA for length in range(1, len(key) + 1)}
    numbers = {
        f"{start}{digit}{rng.randrange(10**8):08}"[: rng.randint(len(start) + 1, 15)]
        for start in starts
        for digit in "0123456789"
    }
    numbers |= {f"{code}{rng.randrange(10**10):010}" for code in range(1, 1000) for _ in range(20)}
    numbers |= {f"{rng.randrange(10**length)}" for length in range(1, 6) for _ in range(200)}
    assert len(numbers) > 50_000
    ordered = sorted(numbers)
    differ = [
        number
        for number in ordered
        if policy_numbers._zones_by_prefix(zone_key(number))
        != longest_prefix_zones(number[:TIMEZONE_LONGEST_PREFIX])
    ]
    assert differ == []


def test_most_numbers_of_north_america_are_decided_by_their_area_code() -> None:
    assert zone_key("12125550143") == "1212"
    assert len(zone_key("12082345678")) > 4  # Idaho's zones split within its area code


def longest_prefix_zones(digits: str) -> tuple[str, ...]:
    """The table read as libphonenumber reads it, with no cache: the longest key first."""
    for length in range(len(digits), 0, -1):
        if digits[:length] in TIMEZONE_DATA:
            return tuple(TIMEZONE_DATA[digits[:length]])
    return UNKNOWN_ZONES


def test_zones_of_numbers_whose_first_digits_leave_them_open_are_read_number_by_number() -> None:
    """Idaho's 208 has zones of its own below the area code (Boise, Coeur d'Alene), New York's
    212 none: a survey of both gives each number the zones of its longest known prefix, in
    the per-number list and in the counts alike."""
    rng = random.Random(208)
    listed = [f"1{area}{rng.randrange(2_000_000, 10_000_000)}" for area in ("208", "212")]
    listed += [
        f"1{rng.choice(['208', '212'])}{rng.randrange(2_000_000, 10_000_000)}" for _ in range(4000)
    ]
    found = survey(listed)
    expected = [
        longest_prefix_zones(number[:TIMEZONE_LONGEST_PREFIX])
        if found.classes[found.groups[i]].geographic
        else found.classes[found.groups[i]].zones
        for i, number in enumerate(listed)
    ]
    assert found.zones == expected
    idaho = [zones for zones, number in zip(expected, listed, strict=True) if "208" in number[:4]]
    assert len(set(idaho)) > 1
    counted: Counter[tuple[str, str]] = Counter()
    for index, zones in enumerate(expected):
        region = found.regions[index]
        if region is not None and zones != UNKNOWN_ZONES:
            counted.update((region, zone) for zone in zones)
    assert found.by_zone() == counted
