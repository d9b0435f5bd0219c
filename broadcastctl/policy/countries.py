"""Calling rules by country: the built-in data file (`calling-rules.yaml`, with a source for
every figure) and a policy file's overrides, resolved into the rules one campaign is judged by.

A purpose the campaign does not give is read the strictest way: on each day, only the hours
every purpose allows, and every purpose's frequency limits.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from broadcastctl.policy.policyfile import EVERY_COUNTRY, CountryOverride, Window

PURPOSES = ("marketing", "informational", "collection")
DAY_KINDS = ("weekday", "saturday", "sunday", "holiday")
DEFAULT = "default"  # the entry for every country the data does not name
RULES_FILE = "calling-rules.yaml"


@dataclass(frozen=True)
class Source:
    """Where a figure comes from, and when it was read."""

    id: str
    url: str
    title: str
    read: str
    confirmed: bool
    note: str = ""


_STATUS = {"law": "law", "guidance": "guidance, not law", "silent": "the law is silent"}


@dataclass(frozen=True)
class Origin:
    """Who says so: the law, guidance or nothing (`status`) with its source, or a policy file."""

    status: str  # law, guidance, silent, policy
    source: Source | None = None
    policy: str = ""  # "broadcastctl.yaml line 7" for an override

    def short(self) -> str:
        """The status and the address, for a message."""
        if self.source is None:
            return f"the policy, {self.policy}"
        unconfirmed = "" if self.source.confirmed else ", unconfirmed"
        return f"{_STATUS.get(self.status, self.status)}, {self.source.url}, read " + (
            f"{self.source.read}{unconfirmed}"
        )

    def __str__(self) -> str:
        if self.source is None:
            return f"the policy, {self.policy}"
        unconfirmed = "" if self.source.confirmed else ", unconfirmed"
        return (
            f"{_STATUS.get(self.status, self.status)}: {self.source.title} "
            f"({self.source.url}, read {self.source.read}{unconfirmed})"
        )


@dataclass(frozen=True)
class DayRule:
    """The local hours a phone may ring on one kind of day; no window: no calls that day."""

    windows: tuple[Window, ...]
    origin: Origin

    def __str__(self) -> str:
        return ", ".join(map(str, self.windows)) if self.windows else "no calls"


@dataclass(frozen=True)
class Frequency:
    """At most `calls` calls to one number within any `days` consecutive days."""

    calls: int
    days: int
    origin: Origin
    purpose: str = ""

    def __str__(self) -> str:
        return f"at most {self.calls} call{'s' if self.calls != 1 else ''} in {self.days} day" + (
            "s" if self.days != 1 else ""
        )


@dataclass(frozen=True)
class Registry:
    id: str
    name: str
    country: str
    max_age_days: int
    origin: Origin


@dataclass(frozen=True)
class PurposeRules:
    """One purpose's hours in one country, by day kind (no `holiday`: judged by its weekday)."""

    purpose: str
    days: tuple[tuple[str, DayRule], ...]

    def on(self, kind: str) -> DayRule | None:
        return dict(self.days).get(kind)


@dataclass(frozen=True)
class CountryRules:
    """The rules in force in one country: built-in, with a policy's overrides applied."""

    country: str  # ISO code, or "default"
    name: str
    purposes: tuple[PurposeRules, ...]  # one per purpose, in PURPOSES order
    holidays: bool  # False: a policy turned public holidays off; they count as their weekday
    frequency: tuple[Frequency, ...]
    registry: Registry | None

    def for_purpose(self, purpose: str | None) -> tuple[PurposeRules, ...]:
        """The hours a campaign of this purpose keeps; no purpose: every purpose's."""
        if purpose is None:
            return self.purposes
        return tuple(rules for rules in self.purposes if rules.purpose == purpose)

    def limits(self, purpose: str | None) -> tuple[Frequency, ...]:
        return tuple(f for f in self.frequency if purpose is None or f.purpose == purpose)


@dataclass(frozen=True)
class BuiltIn:
    read: str
    purposes: Mapping[str, str]
    sources: Mapping[str, Source]
    registries: Mapping[str, Registry]
    countries: Mapping[str, Any]


@functools.cache
def builtin() -> BuiltIn:
    """The shipped data file, read once (the C loader when there is one: about 2 ms)."""
    from ruamel.yaml import YAML  # noqa: PLC0415 - only when a rule needs the data

    text = resources.files("broadcastctl.policy").joinpath(RULES_FILE).read_text("utf-8")
    data = YAML(typ="safe", pure=False).load(text)
    sources = {
        key: Source(
            key,
            value["url"],
            value["title"],
            str(value["read"]),
            bool(value["confirmed"]),
            value.get("note", ""),
        )
        for key, value in data["sources"].items()
    }
    registries = {
        key: Registry(
            key,
            value["name"],
            value["country"],
            int(value["max_age_days"]),
            Origin("law", sources[value["source"]]),
        )
        for key, value in data["registries"].items()
    }
    return BuiltIn(str(data["read"]), data["purposes"], sources, registries, data["countries"])


def known_countries() -> list[str]:
    return sorted(code for code in builtin().countries if code != DEFAULT)


def country_rules(country: str, overrides: Mapping[str, CountryOverride]) -> CountryRules:
    """The rules of `country` (ISO code; one the data does not name takes the default's), with
    the policy's overrides for it (or for `default`) applied."""
    data = builtin()
    entry = data.countries.get(country)
    named = entry is not None
    own = overrides.get(country) or (None if named else overrides.get(DEFAULT))
    every = overrides.get(EVERY_COUNTRY)
    if every is not None:
        own = every if own is None else _over(every, own)
    return _resolved(country if named else DEFAULT, own, country)


def _over(under: CountryOverride, over: CountryOverride) -> CountryOverride:
    """`over` where it says something, `under` elsewhere."""
    return CountryOverride(
        over.where,
        {**under.hours, **over.hours},
        under.holidays if over.holidays is None else over.holidays,
        over.frequency or under.frequency,
        over.registry_max_age_days or under.registry_max_age_days,
    )


@functools.lru_cache(maxsize=512)
def _resolved(key: str, own: CountryOverride | None, country: str) -> CountryRules:
    data = builtin()
    entry = data.countries[key]
    fallback = data.countries[DEFAULT]["hours"]
    purposes = []
    for purpose in PURPOSES:
        raw = entry["hours"].get(purpose) or fallback[purpose]
        origin = Origin(raw["status"], data.sources[raw["source"]])
        days = {
            kind: DayRule(tuple(Window.parse(text) for text in raw[kind]), origin)
            for kind in DAY_KINDS
            if kind in raw
        }
        if own is not None:
            for kind, windows in own.hours.items():
                built_in = days.get(kind)
                if built_in is None or built_in.windows != windows:  # the same: keep its source
                    days[kind] = DayRule(windows, Origin("policy", policy=own.where))
        purposes.append(PurposeRules(purpose, tuple(days.items())))
    frequency = tuple(
        Frequency(
            int(value["calls"]),
            int(value["days"]),
            Origin(value["status"], data.sources[value["source"]]),
            purpose,
        )
        for purpose, value in entry.get("frequency", {}).items()
    )
    if own is not None and own.frequency is not None:
        calls, period = own.frequency
        frequency = tuple(
            Frequency(calls, period, Origin("policy", policy=own.where), purpose)
            for purpose in PURPOSES
        )
    registry = data.registries.get(entry.get("registry") or "")
    if (
        registry is not None
        and own is not None
        and own.registry_max_age_days not in (None, registry.max_age_days)
    ):
        registry = Registry(
            registry.id,
            registry.name,
            registry.country,
            own.registry_max_age_days,
            Origin("policy", policy=own.where),
        )
    holidays = own.holidays if own is not None and own.holidays is not None else True
    name = entry["name"] if key != DEFAULT else f"{country} (no rule of its own)"
    return CountryRules(country, name, tuple(purposes), holidays, frequency, registry)


@dataclass(frozen=True)
class Allowed:
    """The hours one campaign may ring a country's phones on one local date, and why."""

    windows: tuple[Window, ...]
    kind: str  # weekday, saturday, sunday, holiday
    holiday: str  # the holiday's name, "" on other days
    origin: Origin
    purpose: str | None


def kind_of(day: dt.date) -> str:
    weekday = day.weekday()
    return "weekday" if weekday < 5 else "saturday" if weekday == 5 else "sunday"


def allowed_on(
    rules: CountryRules, purpose: str | None, day: dt.date, holiday: str | None
) -> Allowed:
    """The hours on `day` (its public holiday's name, if it is one and the rules count them):
    with no purpose, the hours every purpose allows, and the strictest purpose's reason."""
    kind = "holiday" if holiday and rules.holidays else kind_of(day)
    chosen: list[tuple[tuple[Window, ...], Origin]] = []
    for purpose_rules in rules.for_purpose(purpose):
        rule = purpose_rules.on(kind) or purpose_rules.on(kind_of(day))
        if rule is not None:
            chosen.append((rule.windows, rule.origin))
    windows = chosen[0][0] if chosen else ()
    for other, _ in chosen[1:]:
        windows = intersect(windows, other)
    # the reason given is the rule that allows least (a rule of law before a silent default)
    ranked = sorted(chosen, key=lambda item: (item[1].status == "silent", _minutes(item[0])))
    origin = ranked[0][1] if ranked else Origin("silent")
    named = holiday or "" if kind == "holiday" else ""
    return Allowed(windows, kind, named, origin, purpose)


def needs_holidays(rules: CountryRules, purpose: str | None, day: dt.date) -> bool:
    """Whether a public holiday on `day` would change the hours (else it need not be looked up)."""
    if not rules.holidays:
        return False
    kind = kind_of(day)
    for purpose_rules in rules.for_purpose(purpose):
        holiday, usual = purpose_rules.on("holiday"), purpose_rules.on(kind)
        if holiday is not None and (usual is None or holiday.windows != usual.windows):
            return True
    return False


def intersect(one: tuple[Window, ...], two: tuple[Window, ...]) -> tuple[Window, ...]:
    """The hours both lists of windows allow."""
    found = []
    for a in one:
        for b in two:
            start, end = max(a.start, b.start), min(a.end, b.end)
            if start < end:
                found.append(Window(start, end))
    return tuple(sorted(found, key=lambda w: (w.start, w.end)))


def _minutes(windows: tuple[Window, ...]) -> int:
    return sum(w.end - w.start for w in windows)


_SAMPLE_DAYS = {  # a day of each kind, to read a rule set's hours by kind
    "Mon-Fri": (dt.date(2024, 1, 1), None),
    "Sat": (dt.date(2024, 1, 6), None),
    "Sun": (dt.date(2024, 1, 7), None),
    "holidays": (dt.date(2024, 1, 1), "a public holiday"),
}


def summary(rules: CountryRules, purpose: str | None) -> str:
    """The hours by kind of day, in a line, with the reason of the strictest: what a plan shows
    of the rule set applied to one country."""
    parts, origins = [], []
    for label, (day, holiday) in _SAMPLE_DAYS.items():
        allowed = allowed_on(rules, purpose, day, holiday)
        hours = ", ".join(map(str, allowed.windows)) or "no calls"
        parts.append(f"{label} {hours}")
        if allowed.origin.short() not in origins:
            origins.append(allowed.origin.short())
    limits = [f"{limit} ({limit.origin.short()})" for limit in rules.limits(purpose)]
    return "; ".join(parts + limits) + f" ({' | '.join(origins)})"
