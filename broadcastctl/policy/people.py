"""The people a campaign calls, as a plan shows them: numbers by country, and when each calling
window rings in each of their time zones. Counts and times only, never a number.

The windows are placed in time as the calling-hours rule places them (`hours`), so the plan
and lint always agree on when a phone rings.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import TypeVar

from broadcastctl.lint.campaigns import Campaign
from broadcastctl.policy.audience import Audience
from broadcastctl.policy.countries import country_rules, summary
from broadcastctl.policy.hours import (
    LOCAL_KEY,
    SENT_KEY,
    Span,
    campaign_windows,
    local_key,
    run_day,
    zone_named,
)
from broadcastctl.policy.localrules import allowed_day, outside_rules, purpose_of
from broadcastctl.policy.policyfile import Policy, Window
from broadcastctl.windowzone import WindowZone

Key = TypeVar("Key", str, tuple[str, str])


@dataclass(frozen=True)
class ZoneHours:
    """One time zone of a campaign's numbers, and its calling windows in local time."""

    region: str
    zone: str
    numbers: int  # a number whose country has several zones counts in each
    local: tuple[Span, ...]  # each calling window, read in this zone
    allowed: Window | str  # the local hours the rules allow there on the window's local day
    late: tuple[bool, ...]  # for each window, whether part of it falls outside those hours


@dataclass(frozen=True)
class People:
    """Who a campaign calls and when, by country and time zone."""

    day: dt.date  # the day it runs, in vendor time
    windows: tuple[Window, ...]  # its calling windows in vendor time; () means any hour
    by_region: tuple[tuple[str, int], ...]  # most numbers first
    zones: tuple[ZoneHours, ...]  # most numbers first
    unplaced: int = 0  # numbers of no known country (an excepted invalid-number)
    purpose: str | None = None  # the campaign's `purpose`; None: the strictest reading
    rules: tuple[tuple[str, str], ...] = ()  # (country, the rule set applied, in a line)
    # The windows are each callee's local time, and why (localWindows, or the setting); None:
    # vendor time.
    reading: str | None = None


def people_of(  # noqa: PLR0917 - who is called, from all it rests on
    campaign: Campaign,
    audience: Audience,
    policy: Policy,
    now: dt.datetime,
    vendor: dt.tzinfo,
    window_zone: WindowZone = WindowZone.VENDOR,
) -> People:
    """Windows read in each callee's zone (`hours.local_key`) are placed in each zone itself;
    others in the vendor's zone, then read in each zone."""
    day = run_day(campaign, now, vendor, window_zone)
    purpose = purpose_of(campaign)
    key = local_key(campaign, window_zone)
    placed = campaign_windows(campaign, day, vendor, key or SENT_KEY)
    windows = tuple(window.window for window in placed if window.index is not None)
    by_region, by_zone = _counted_once(audience)
    zones = []
    for (region, name), count in _most_first(by_zone):
        zone = zone_named(name)
        if zone is not None:
            if key is not None:  # the windows are this zone's own wall-clock times
                placed = campaign_windows(campaign, day, zone, key)
            local = tuple(_read_in(window.span, zone) for window in placed)
            rules = country_rules(region, policy.calling_rules)
            wrong = [
                outside_rules(w.span, w.span.start.tzinfo, rules, purpose, zone) for w in placed
            ]
            late = tuple(bool(parts) for parts in wrong)
            first = local[0].start.date() if local else day
            allowed = allowed_day(rules, purpose, first)
            hours = ", ".join(map(str, allowed.windows)) or f"no calls on {first:%A}"
            zones.append(ZoneHours(region, name, count, local, hours, late))
    unplaced = len(set(audience.digits)) - sum(by_region.values())
    applied = tuple(
        (region, summary(country_rules(region, policy.calling_rules), purpose))
        for region, _ in _most_first(by_region)
    )
    reading = None if key is None else reading_of(key)
    return People(
        day, windows, tuple(_most_first(by_region)), tuple(zones), unplaced, purpose, applied,
        reading,
    )  # fmt: skip


def reading_of(key: str) -> str:
    """Why windows are read in each callee's zone."""
    return key if key == LOCAL_KEY else "BROADCASTCTL_WINDOW_ZONE=callee"


def _counted_once(audience: Audience) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    """Numbers by region and by zone, each number once: deploy sends a repeated number once
    (duplicate-number warns of it), so the plan counts it once too."""
    digits = audience.digits
    first = dict(zip(reversed(digits), range(len(digits) - 1, -1, -1), strict=True))
    if len(first) == len(digits):
        return audience.by_region, audience.by_zone
    survey = audience.survey
    by_region: Counter[str] = Counter()
    by_zone: Counter[tuple[str, str]] = Counter()
    for index in first.values():  # as Audience counts them, each number once
        region, zones = survey.regions[index], survey.zones[index]
        if region is None:
            continue
        if survey.valid[index]:
            by_region[region] += 1
        if zones != ("Etc/Unknown",):
            by_zone.update((region, zone) for zone in zones)
    return by_region, by_zone


def _most_first(counted: Counter[Key]) -> list[tuple[Key, int]]:
    return sorted(counted.items(), key=lambda item: (-item[1], item[0]))


def _read_in(span: Span, zone: dt.tzinfo) -> Span:
    return Span(span.start.astimezone(zone), span.end.astimezone(zone))
