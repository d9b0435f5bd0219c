"""The calling rules by country applied to the days a campaign calls: each calling window, on
each calling day, read in each time zone of its numbers, against the hours the callee's country
allows on that local day (its weekday, or its public holiday). Windows in the callee's local
time (`localWindows`, or `allowSendTime` under BROADCASTCTL_WINDOW_ZONE=callee) are placed at
each calling day's local date in each zone instead of being converted from vendor time.

The days come in as a list (`calling_days`): the first window on or after `sendTime`, and each
following day the task may still be calling at the pace assumed below.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from broadcastctl.lint.campaigns import Campaign
from broadcastctl.lint.diagnostics import Diagnostic, error
from broadcastctl.lint.sourcemap import value_mark
from broadcastctl.policy.audience import Audience
from broadcastctl.policy.countries import (
    PURPOSES,
    Allowed,
    CountryRules,
    allowed_on,
    country_rules,
    needs_holidays,
)
from broadcastctl.policy.holidays import holiday_name
from broadcastctl.policy.hours import (
    LOCAL_KEY,
    CampaignWindow,
    Span,
    campaign_windows,
    local_key,
    minutes_left,
    run_day,
    start_of,
    windows_of,
    zone_named,
)
from broadcastctl.policy.policyfile import Policy
from broadcastctl.windowzone import WINDOW_ZONE_VARIABLE, WindowZone

CALLING_HOURS_ID = "calling-hours"  # declared in policy.rules
KIND_WORDS = {
    "weekday": "weekdays",
    "saturday": "Saturdays",
    "sunday": "Sundays",
    "holiday": "public holidays",
}


@dataclass(frozen=True)
class Calling:
    """One campaign's calls: its numbers, its policy, the days it calls each of its numbers
    (a task calls each once, counted on its first day) and the last day it may still call."""

    campaign: Campaign
    audience: Audience
    policy: Policy
    days: tuple[dt.date, ...]
    until: dt.date | None = None  # None: the last of `days`

    @property
    def last_day(self) -> dt.date:
        return self.until or max(self.days)


# The vendor states no pace (api/voice-group-call.md: no rate documented; maxCalls is talk
# time, not concurrency). A slow pace is the careful guess: it judges more days, never fewer.
CALLS_PER_MINUTE = 60


def calling_days(  # noqa: PLR0917 - the campaign, its numbers, its policy, when and where
    campaign: Campaign,
    numbers: int,
    policy: Policy,
    now: dt.datetime,
    vendor: dt.tzinfo,
    window_zone: WindowZone = WindowZone.VENDOR,
) -> list[dt.date]:
    """The days (vendor time) the task may be calling: the day of its first window on or after
    its start (sendTime, or now), then each following day until `numbers` could have been
    called at CALLS_PER_MINUTE within its windows; at most the policy's `max_calling_days`.
    The last is the last day it may call. Windows in the callee's local time (`localWindows`
    when given, as many minutes a day in every zone) count from the day it starts, whole: where
    they stand against the start differs from zone to zone."""
    start, windows = start_of(campaign, now, vendor), windows_of(campaign)
    first = run_day(campaign, now, vendor, window_zone)
    local = local_key(campaign, window_zone) is not None
    left = numbers - CALLS_PER_MINUTE * minutes_left(
        windows, start if first == start.date() and not local else None
    )
    days = [first]
    while left > 0 and len(days) < policy.max_calling_days:
        days.append(days[-1] + dt.timedelta(days=1))
        left -= CALLS_PER_MINUTE * minutes_left(windows)
    return days


def purpose_of(campaign: Campaign) -> str | None:
    """The campaign's `purpose`, None when it gives none (or one the schema refuses)."""
    value = campaign.data.get("purpose")
    return value if isinstance(value, str) and value in PURPOSES else None


def local_rules(  # noqa: PLR0917 - the campaign, whom it calls, when, and how to read it
    campaign: Campaign,
    audience: Audience,
    policy: Policy,
    days: Iterable[dt.date],
    vendor: dt.tzinfo,
    window_zone: WindowZone = WindowZone.VENDOR,
    start: dt.datetime | None = None,
) -> Iterator[Diagnostic]:
    """Each window, on each calling day, that rings a zone's numbers outside the hours their
    country allows there on that local day: one diagnostic per day, window and zone. Windows
    in the callee's local time are placed in each zone at each day's local date (and at the
    local date the task starts, `start`, from that moment on)."""
    key = local_key(campaign, window_zone)
    if key is not None:
        yield from _local_windows(campaign, audience, policy, days, key, start)
        return
    purpose = purpose_of(campaign)
    for day in days:
        for window in campaign_windows(campaign, day, vendor):
            for (region, name), count in sorted(audience.by_zone.items()):
                zone = zone_named(name)
                if zone is None:
                    continue
                rules = country_rules(region, policy.calling_rules)
                span = window.span
                wrong = outside_rules(span, span.start.tzinfo, rules, purpose, zone)
                if wrong:
                    yield _report(campaign, audience, window, rules, purpose, name, count, wrong)


def _local_windows(  # noqa: PLR0917 - as local_rules
    campaign: Campaign,
    audience: Audience,
    policy: Policy,
    days: Iterable[dt.date],
    key: str,
    start: dt.datetime | None,
) -> Iterator[Diagnostic]:
    purpose = purpose_of(campaign)
    days = sorted(set(days))
    for (region, name), count in sorted(audience.by_zone.items()):
        zone = zone_named(name)
        if zone is None:
            continue
        rules = country_rules(region, policy.calling_rules)
        for window in _placed(campaign, days, zone, key, start):
            wrong = outside_rules(window.span, zone, rules, purpose, zone)
            if wrong:
                yield _report(campaign, audience, window, rules, purpose, name, count, wrong)


def _placed(
    campaign: Campaign,
    days: list[dt.date],
    zone: dt.tzinfo,
    key: str,
    start: dt.datetime | None,
) -> Iterator[CampaignWindow]:
    """The windows at each calling day's local date in `zone`, and at the local date of the
    start if earlier, from the start on."""
    reading = (
        f"local time ({LOCAL_KEY})"
        if key == LOCAL_KEY
        else f"local time ({WINDOW_ZONE_VARIABLE}=callee)"
    )
    first = start.astimezone(zone).date() if start is not None else None
    dates = sorted({*days, *([first] if first is not None else [])})
    for day in dates:
        if first is not None and day < first:
            continue
        for placed in campaign_windows(campaign, day, zone, key):
            span = placed.span
            if start is not None and span.end <= start:
                continue  # over before the task starts
            if start is not None and span.start < start:
                span = Span(start.astimezone(zone), span.end)
            yield replace(placed, span=span, local=reading)


# Campaigns of one repository share a few windows, days, zones and rules: each is judged once.
@functools.lru_cache(maxsize=4096)
def outside_rules(
    span: Span,
    span_zone: dt.tzinfo | None,
    rules: CountryRules,
    purpose: str | None,
    zone: dt.tzinfo,
) -> tuple[tuple[Span, Allowed], ...]:
    """The parts of `span` outside the hours allowed on each local day it touches, each with
    what that day allows."""
    del span_zone  # part of the key: equal spans may be written in other zones
    parts = [span]
    day = span.start.astimezone(zone).date() - dt.timedelta(days=1)
    last = span.end.astimezone(zone).date()
    allowed: dict[dt.date, Allowed] = {}
    while day <= last:
        allowed[day] = allowed_day(rules, purpose, day)
        for window in allowed[day].windows:
            permitted = Span(at_local(day, window.start, zone), at_local(day, window.end, zone))
            parts = [piece for part in parts for piece in part.minus(permitted)]
        day += dt.timedelta(days=1)
    return tuple((part, allowed[part.start.astimezone(zone).date()]) for part in parts)


def allowed_day(rules: CountryRules, purpose: str | None, day: dt.date) -> Allowed:
    """What the rules allow on a local date, looking the public holidays up only when one would
    change the hours."""
    holiday = None
    if needs_holidays(rules, purpose, day) and len(rules.country) == 2:
        holiday = holiday_name(rules.country, day)
    return allowed_on(rules, purpose, day, holiday)


def at_local(day: dt.date, minutes: int, zone: dt.tzinfo) -> dt.datetime:
    """Wall-clock minutes after midnight of `day` in `zone`, as an absolute moment."""
    midnight = dt.datetime.combine(day, dt.time(), tzinfo=zone)
    wall = midnight + dt.timedelta(minutes=minutes)
    return wall.astimezone(dt.UTC).astimezone(zone)


def _report(  # noqa: PLR0917 - one finding, told with all it needs
    campaign: Campaign,
    audience: Audience,
    window: CampaignWindow,
    rules: CountryRules,
    purpose: str | None,
    name: str,
    count: int,
    wrong: tuple[tuple[Span, Allowed], ...],
) -> Diagnostic:
    zone = zone_named(name)
    assert zone is not None
    first, allowed = wrong[0]
    local_day = first.start.astimezone(zone).date()
    bad = " and ".join(_local(part, zone) for part, _ in wrong)
    numbers = f"{count:,} number{'s' if count != 1 else ''} in {rules.country}"
    rule = _rule_text(rules, purpose, allowed)
    if window.local is not None:
        what, hint = _local_what(window, numbers, name, local_day, allowed, bad)
        where = value_mark(campaign.positions, [window.key, window.index or 0, "strTime"])
        pointer = f"/{window.key}/{window.index or 0}"
        return error(campaign.file, where, CALLING_HOURS_ID, f"{what}: {rule}; {hint}", pointer)
    vendor_day = window.span.start.date()
    fit = fitting(vendor_day, rules, purpose, zone, window.span.start.tzinfo or dt.UTC)
    hint = (
        f"calls there fit within {fit} vendor time on {vendor_day}"
        if fit
        else "no vendor-time window fits that day"
    )
    if window.index is None:
        key = "numberList" if audience.numbers.pointer else "numberFile"
        where, pointer = campaign.key_at(key), f"/{key}"
        what = (
            f"with no allowSendTime, the campaign may call at any hour: {numbers} ({name}) "
            f"would ring at {bad} local time on {_day_text(local_day, allowed)}"
        )
    else:
        path: list[str | int] = ["allowSendTime", window.index, "strTime"]
        where, pointer = value_mark(campaign.positions, path), f"/allowSendTime/{window.index}"
        what = (
            f"window {window.index + 1} ({window.window} vendor time on "
            f"{window.span.start.date()}) rings {numbers} at {_local(window.span, zone)} local "
            f"time ({name}) on {_day_text(local_day, allowed)}; {bad} falls outside"
        )
    return error(campaign.file, where, CALLING_HOURS_ID, f"{what}: {rule}; {hint}", pointer)


def _local_what(  # noqa: PLR0917 - one finding's parts
    window: CampaignWindow,
    numbers: str,
    name: str,
    local_day: dt.date,
    allowed: Allowed,
    bad: str,
) -> tuple[str, str]:
    """What a window read in the callee's local time rings, and the local hours that fit."""
    zone = zone_named(name)
    assert zone is not None
    what = (
        f"window {(window.index or 0) + 1} ({window.window} {window.local}) rings {numbers} at "
        f"{_local(window.span, zone)} local time ({name}) on {_day_text(local_day, allowed)}; "
        f"{bad} falls outside"
    )
    fit = " and ".join(map(str, allowed.windows))
    hint = (
        f"calls there fit within {fit} local time on {local_day}"
        if fit
        else "no local-time window fits that day"
    )
    return what, hint


def _day_text(day: dt.date, allowed: Allowed) -> str:
    text = f"{day:%A} {day}"
    return f"{text}, a public holiday ({allowed.holiday})" if allowed.kind == "holiday" else text


def _rule_text(rules: CountryRules, purpose: str | None, allowed: Allowed) -> str:
    whose = (
        f"the rule of {rules.name} for {purpose} calls" if purpose else f"the rule of {rules.name}"
    )
    if purpose is None:
        whose += " (no purpose given: the strictest reading)"
    hours = ", ".join(map(str, allowed.windows)) if allowed.windows else "no calls"
    return f"{whose} allows {hours} on {KIND_WORDS[allowed.kind]} ({allowed.origin.short()})"


def _local(span: Span, zone: dt.tzinfo) -> str:
    start, end = span.start.astimezone(zone), span.end.astimezone(zone)
    days = (end.date() - start.date()).days
    later = f" (+{days} day)" if days == 1 else f" (+{days} days)" if days else ""
    return f"{start:%H:%M}-{end:%H:%M}{later}"


def fitting(
    vendor_day: dt.date,
    rules: CountryRules,
    purpose: str | None,
    zone: dt.tzinfo,
    vendor: dt.tzinfo,
) -> str:
    """The hours of `vendor_day`, as windows to write in vendor time, that ring `zone` within
    what each local day they touch allows ("" when none): on a day the clocks change there,
    the local days on either side are placed each with its own offset."""
    day = Span(at_local(vendor_day, 0, vendor), at_local(vendor_day, 24 * 60, vendor))
    local = day.start.astimezone(zone).date()
    fits: list[Span] = []
    while local <= day.end.astimezone(zone).date():
        for window in allowed_day(rules, purpose, local).windows:
            start = max(at_local(local, window.start, zone), day.start)
            end = min(at_local(local, window.end, zone), day.end)
            if start < end:
                fits.append(Span(start, end))
        local += dt.timedelta(days=1)
    return " and ".join(_in_vendor(span, day, vendor) for span in _merged(fits))


def _merged(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in sorted(spans, key=lambda span: span.start):
        if merged and span.start <= merged[-1].end:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return merged


def _in_vendor(span: Span, day: Span, vendor: dt.tzinfo) -> str:
    # a window ends at 23:59 at the latest (the vendor's clock has no 24:00)
    end = "23:59" if span.end == day.end else f"{span.end.astimezone(vendor):%H:%M}"
    return f"{span.start.astimezone(vendor):%H:%M}-{end}"


def rules_applied(audience: Audience, policy: Policy) -> dict[str, CountryRules]:
    """The rules in force for each country of the campaign's numbers (for the plan)."""
    return {region: country_rules(region, policy.calling_rules) for region in audience.by_region}
