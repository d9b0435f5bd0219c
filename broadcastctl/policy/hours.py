"""Local calling hours: when a campaign's calling windows ring its numbers, in their own zones.

A window (`allowSendTime`, vendor time) on the day the campaign runs (its `sendTime` date, else
today) is placed on the time line, then read in each time zone of the campaign's numbers with
`zoneinfo`, so daylight saving applies on that very day.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from broadcastctl.lint.campaigns import Campaign
from broadcastctl.lint.diagnostics import Diagnostic, error
from broadcastctl.lint.sourcemap import value_mark
from broadcastctl.policy.audience import Audience
from broadcastctl.policy.policyfile import Policy, Window

SEND_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
WHOLE_DAY = Window(0, 24 * 60)
CALLING_HOURS_ID = "calling-hours"  # listed, with its check, in policy.rules.RULES


@dataclass(frozen=True)
class Span:
    """A stretch of absolute time, [start, end)."""

    start: dt.datetime
    end: dt.datetime

    def minus(self, other: Span) -> list[Span]:
        parts = []
        if self.start < min(other.start, self.end):
            parts.append(Span(self.start, min(other.start, self.end)))
        if max(other.end, self.start) < self.end:
            parts.append(Span(max(other.end, self.start), self.end))
        return parts


@dataclass(frozen=True)
class CampaignWindow:
    index: int | None  # its place in allowSendTime; None when the campaign gives no window
    window: Window
    span: Span


def run_day(campaign: Campaign, now: dt.datetime, vendor: dt.tzinfo) -> dt.date:
    """The day the campaign calls: its sendTime's date, or today (both in vendor time)."""
    value = campaign.data.get("sendTime")
    day = _send_day(value) if isinstance(value, str) else None
    return day if day is not None else now.astimezone(vendor).date()


@functools.lru_cache(maxsize=4096)
def _send_day(value: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(value, SEND_TIME_FORMAT).date()
    except ValueError:
        return None  # send-time reports it


def campaign_windows(campaign: Campaign, day: dt.date, vendor: dt.tzinfo) -> list[CampaignWindow]:
    """The calling windows on that day, placed in time; no window means any hour."""
    windows = campaign.data.get("allowSendTime")
    found = []
    for index, item in enumerate(windows if isinstance(windows, list) else []):
        window = _window(item)
        if window is not None:
            found.append(CampaignWindow(index, window, _span(day, window, vendor)))
    if not isinstance(windows, list) or not windows:
        found.append(CampaignWindow(None, WHOLE_DAY, _span(day, WHOLE_DAY, vendor)))
    return found


def _window(item: object) -> Window | None:
    if not isinstance(item, dict):
        return None
    start, end = item.get("strTime"), item.get("endTime")
    if not (isinstance(start, str) and isinstance(end, str)):
        return None
    if not (_is_clock(start) and _is_clock(end)) or start >= end:
        return None  # the schema and send-window report it
    return Window.parse(f"{start}-{end}")


def _is_clock(value: object) -> bool:
    return isinstance(value, str) and len(value) == 5 and value[2] == ":" and value < "24:00"


@functools.lru_cache(maxsize=4096)
def _span(day: dt.date, window: Window, zone: dt.tzinfo) -> Span:
    return Span(_at(day, window.start, zone), _at(day, window.end, zone))


def _at(day: dt.date, minutes: int, zone: dt.tzinfo) -> dt.datetime:
    """Wall-clock minutes after midnight of `day` in `zone`, as an absolute moment."""
    midnight = dt.datetime.combine(day, dt.time(), tzinfo=zone)
    wall = midnight + dt.timedelta(minutes=minutes)  # wall-clock arithmetic, then resolved
    return wall.astimezone(dt.UTC).astimezone(zone)


def outside(span: Span, allowed: Window, zone: dt.tzinfo) -> list[Span]:
    """The parts of `span` outside the allowed local hours of every day it touches."""
    return list(_outside(span, span.start.tzinfo, span.end.tzinfo, allowed, zone))


# Campaigns of one repository share a few windows, days and zones: each is worked out once per
# process. The spans' zones are part of the key, as equal spans may be written in other zones.
@functools.lru_cache(maxsize=4096)
def _outside(
    span: Span,
    start_zone: dt.tzinfo | None,
    end_zone: dt.tzinfo | None,
    allowed: Window,
    zone: dt.tzinfo,
) -> tuple[Span, ...]:
    parts = [span]
    first = span.start.astimezone(zone).date() - dt.timedelta(days=1)
    last = span.end.astimezone(zone).date()
    day = first
    while day <= last:
        allowed_span = Span(_at(day, allowed.start, zone), _at(day, allowed.end, zone))
        parts = [piece for part in parts for piece in part.minus(allowed_span)]
        day += dt.timedelta(days=1)
    return tuple(parts)


def calling_hours(
    campaign: Campaign, audience: Audience, policy: Policy, now: dt.datetime, vendor: dt.tzinfo
) -> Iterator[Diagnostic]:
    """Each window that rings a zone's numbers outside its local hours, per zone."""
    day = run_day(campaign, now, vendor)
    for window in campaign_windows(campaign, day, vendor):
        for (region, name), count in sorted(audience.by_zone.items()):
            zone = zone_named(name)
            if zone is None:
                continue
            allowed = policy.hours_for(region)
            wrong = outside(window.span, allowed, zone)
            if wrong:
                yield _report(
                    campaign,
                    audience,
                    window=window,
                    region=region,
                    name=name,
                    zone=zone,
                    count=count,
                    allowed=allowed,
                    wrong=wrong,
                )


def zone_named(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _report(
    campaign: Campaign,
    audience: Audience,
    *,
    window: CampaignWindow,
    region: str,
    name: str,
    zone: ZoneInfo,
    count: int,
    allowed: Window,
    wrong: list[Span],
) -> Diagnostic:
    local = _local(window.span, zone)
    bad = " and ".join(_local(part, zone) for part in wrong)
    fit = _fit(window.span.start, allowed, zone)
    numbers = f"{count:,} number{'s' if count != 1 else ''} in {region}"
    if window.index is None:
        where, pointer = _numbers_key(campaign, audience)
        what = f"with no allowSendTime, the campaign may call at any hour: {numbers}"
        what += f" ({name}) would ring at {bad} local time"
        hint = f"add allowSendTime windows within {fit} vendor time"
    else:
        path: list[str | int] = ["allowSendTime", window.index, "strTime"]
        where, pointer = value_mark(campaign.positions, path), f"/allowSendTime/{window.index}"
        what = (
            f"window {window.index + 1} ({window.window} vendor time on "
            f"{window.span.start.date()}) rings {numbers} at {local} local time ({name}); "
            f"{bad} falls outside their calling hours {allowed}"
        )
        hint = f"calls there fit within {fit} vendor time"
    return error(campaign.file, where, CALLING_HOURS_ID, f"{what}; {hint}", pointer)


def _numbers_key(campaign: Campaign, audience: Audience) -> tuple[tuple[int, int], str]:
    key = "numberList" if audience.numbers.pointer else "numberFile"
    return campaign.key_at(key), f"/{key}"


def _local(span: Span, zone: dt.tzinfo) -> str:
    start, end = span.start.astimezone(zone), span.end.astimezone(zone)
    days = (end.date() - start.date()).days
    later = f" (+{days} day)" if days == 1 else f" (+{days} days)" if days else ""
    return f"{start:%H:%M}-{end:%H:%M}{later}"


def _fit(moment: dt.datetime, allowed: Window, zone: dt.tzinfo) -> str:
    """The allowed local hours of the local day of `moment`, in vendor time."""
    vendor = moment.tzinfo or dt.UTC
    day = moment.astimezone(zone).date()
    start = _at(day, allowed.start, zone).astimezone(vendor)
    end = _at(day, allowed.end, zone).astimezone(vendor)
    if start.date() == end.date() or (end.time() == dt.time() and end.date() > start.date()):
        stop = "24:00" if end.time() == dt.time() and end.date() > start.date() else f"{end:%H:%M}"
        return f"{start:%H:%M}-{stop}"
    return f"00:00-{end:%H:%M} and {start:%H:%M}-24:00"
