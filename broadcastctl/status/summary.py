"""A task's call records summed up: calls placed, answered and failed with their reasons, the
answer rate by the callee's local hour and by country, keys pressed, SMS sent, talk time.

Plain data with no number in it: a `Summary` holds counts only, so every view of it (and two
of them side by side: a task and its re-call; a campaign in zone parts and each part) is safe
to show. The callee's country and zone
come from libphonenumber's prefix tables (the same data the policy reads), loaded only here.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from broadcastctl.api.callrecords import CallRecord

HOURS = tuple(f"{hour:02d}" for hour in range(24))
UNKNOWN = "unknown"
NON_GEOGRAPHIC = "001"  # libphonenumber's region of +800, +979…
NO_ZONE = "Etc/Unknown"
# Digits after a shared country code that tell its regions apart (+1 684 American Samoa,
# +44 1481 Guernsey, +61 89162 Cocos, +262 269 Mayotte): the numbers that share these many
# take the region libphonenumber gives the first of them.
SHARED_CODE_PREFIX = 5


@dataclass(frozen=True)
class Tally:
    """Calls and answered calls under one heading (an hour, a country)."""

    key: str
    calls: int
    answered: int

    @property
    def rate(self) -> float:
        """Answered calls in percent, one decimal; 0 without calls."""
        return round(100 * self.answered / self.calls, 1) if self.calls else 0.0


@dataclass(frozen=True)
class Summary:
    """What one task's records add up to. `placed` counts the records read; `listed` is what
    the vendor's task list counts placed; `ambiguous` the records another task may have placed
    (counted in the figures); `sms_sent` is None when the task's SMS settings are unknown."""

    task_name: str
    job_id: int | None  # None: a campaign in zone parts, its parts' figures summed
    placed: int
    listed: int
    answered: int
    failed: int
    reasons: tuple[tuple[str, int], ...]  # failed calls by reason, most first
    by_hour: tuple[Tally, ...]  # every hour 00-23 of the callee's local time
    hour_unknown: int  # calls whose callee's local hour cannot be told
    by_country: tuple[Tally, ...]  # most calls first; "unknown" where no country is told
    keys: tuple[tuple[str, int], ...]  # keys pressed, by key
    sms_sent: int | None
    talk_seconds: int
    ambiguous: int = 0
    part: str | None = None  # a campaign's zone part: its label
    parts: tuple[Summary, ...] = ()  # a campaign in zone parts: each part's figures

    @property
    def answer_rate(self) -> float:
        return Tally("", self.placed, self.answered).rate


@dataclass(frozen=True)
class Place:
    """Where a number rings: its country (ISO region, or "unknown") and its time zones."""

    country: str
    zones: tuple[str, ...]


def summarize(
    task_name: str,
    job_id: int | None,
    listed: int,
    records: Sequence[CallRecord],
    *,
    sms: Callable[[CallRecord], bool] | None = None,
    ambiguous: int = 0,
) -> Summary:
    """The summary of a task's records; `sms` tells whether a call sent the hang-up SMS."""
    failed = [record for record in records if not record.answered]
    hours = Counter[str]()
    hours_answered = Counter[str]()
    countries = Counter[str]()
    countries_answered = Counter[str]()
    for record in records:
        place = place_of(record.callee)
        hour = local_hour(record.call_time, place.zones)
        hours[hour] += 1
        countries[place.country] += 1
        if record.answered:
            hours_answered[hour] += 1
            countries_answered[place.country] += 1
    return Summary(
        task_name=task_name,
        job_id=job_id,
        placed=len(records),
        listed=listed,
        answered=len(records) - len(failed),
        failed=len(failed),
        reasons=_most_first(record.reason or UNKNOWN for record in failed),
        by_hour=tuple(Tally(hour, hours[hour], hours_answered[hour]) for hour in HOURS),
        hour_unknown=hours[UNKNOWN],
        by_country=tuple(
            Tally(country, calls, countries_answered[country])
            for country, calls in sorted(countries.items(), key=lambda item: (-item[1], item[0]))
        ),
        keys=tuple(sorted(Counter(r.key for r in records if r.key is not None).items())),
        sms_sent=None if sms is None else sum(1 for record in records if sms(record)),
        talk_seconds=sum(record.duration for record in records),
        ambiguous=ambiguous,
    )


def rolled_up(task_name: str, parts: Sequence[Summary], records: Sequence[CallRecord]) -> Summary:
    """A campaign in zone parts: the figures of every part's `records` together, each part's
    beside them. SMS sent is the parts' sum (unknown if any part's is)."""
    whole = summarize(
        task_name, None, sum(part.listed for part in parts), records,
        ambiguous=sum(part.ambiguous for part in parts),
    )  # fmt: skip
    sent = [part.sms_sent for part in parts]
    sms = None if None in sent else sum(count for count in sent if count is not None)
    return replace(whole, sms_sent=sms, parts=tuple(parts))


def place_of(number: str) -> Place:
    """The country and time zones libphonenumber's tables give the digits (country code
    first), by prefix: the zones of the longest prefix in its time-zone table (what it does for
    a number with a place), the country of the country code, or where regions share one (+1,
    +44, +7...) libphonenumber's region for the first number of the same first digits (the
    code's main region for a number no region takes). Prefix lookups, not a parse a number:
    200,000 numbers take seconds, not more than a minute."""
    return Place(_country(number), _zones_of(number))


def _zones_of(number: str) -> tuple[str, ...]:
    table, longest = _zone_table()
    for length in range(min(len(number), longest), 0, -1):
        zones = table.get(number[:length])
        if zones is not None:
            return tuple(zone for zone in zones if zone != NO_ZONE)
    return ()


@functools.cache
def _zone_table() -> tuple[dict[str, tuple[str, ...]], int]:
    from phonenumbers.tzdata import TIMEZONE_DATA, TIMEZONE_LONGEST_PREFIX  # noqa: PLC0415

    return TIMEZONE_DATA, TIMEZONE_LONGEST_PREFIX


def _country(number: str) -> str:
    code = next((number[:n] for n in (1, 2, 3) if int(number[:n] or 0) in _regions()), None)
    if code is None:
        return UNKNOWN
    regions = _regions()[int(code)]
    if len(regions) == 1:
        return _named(regions[0])
    prefix = number[: len(code) + SHARED_CODE_PREFIX]
    known = _SHARED.get(prefix)
    if known is None:
        known = _SHARED[prefix] = _shared_code_country(number)
    return known


_SHARED: dict[str, str] = {}  # by prefix: a few thousand at most


def _shared_code_country(number: str) -> str:
    """The region libphonenumber gives the number; its code's main region where it places it
    in none."""
    import phonenumbers  # noqa: PLC0415 - its tables load only when a summary is asked for

    try:
        parsed = phonenumbers.parse(f"+{number}")
    except phonenumbers.NumberParseException:
        return UNKNOWN
    region = phonenumbers.region_code_for_number(parsed)
    return _named(region or phonenumbers.region_code_for_country_code(parsed.country_code or 0))


@functools.cache
def _regions() -> dict[int, tuple[str, ...]]:
    import phonenumbers  # noqa: PLC0415

    return {
        code: tuple(regions) for code, regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items()
    }


def _named(region: str | None) -> str:
    return region if region and region not in ("ZZ", NON_GEOGRAPHIC) else UNKNOWN


def local_hour(call_time: str, zones: Iterable[str]) -> str:
    """The hour ("00" to "23") the call rang at for the callee; "unknown" without a time, a zone,
    or when the number's zones disagree on the hour."""
    if not call_time:
        return UNKNOWN
    moment = dt.datetime.fromisoformat(call_time)
    hours = {f"{moment.astimezone(zone).hour:02d}" for zone in _zones(tuple(zones))}
    return hours.pop() if len(hours) == 1 else UNKNOWN


@functools.lru_cache(maxsize=1024)
def _zones(names: tuple[str, ...]) -> tuple[ZoneInfo, ...]:
    found = []
    for name in names:
        try:
            found.append(ZoneInfo(name))
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return tuple(found)


def _most_first(items: Iterable[str]) -> tuple[tuple[str, int], ...]:
    counts = Counter(items)
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
