"""Calling windows placed in time: a window (`allowSendTime`, vendor time) on the day the
campaign runs (its `sendTime` date, else today) becomes a stretch of absolute time, to be read in
each time zone of the campaign's numbers with `zoneinfo`, so daylight saving applies on that very
day. The calling rules by country judge them (`localrules`).

Windows read in each callee's zone instead (`local_key`: `localWindows`, or `allowSendTime` when
the vendor reads it so, BROADCASTCTL_WINDOW_ZONE=callee) are placed at each local date in each
zone of the numbers.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from broadcastctl.lint.campaigns import Campaign
from broadcastctl.lint.sendtime import SEND_TIME_FORMAT
from broadcastctl.policy.policyfile import Window
from broadcastctl.windowzone import WindowZone

WHOLE_DAY = Window(0, 24 * 60)
SENT_KEY = "allowSendTime"  # the windows sent to the vendor
LOCAL_KEY = "localWindows"  # broadcastctl's own: windows in each callee's local time


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
    index: int | None  # its place in its key's list; None when the campaign gives no window
    window: Window
    span: Span
    key: str = SENT_KEY  # allowSendTime or localWindows
    local: str | None = None  # read in the callee's local time: which reading said so


def run_day(
    campaign: Campaign,
    now: dt.datetime,
    vendor: dt.tzinfo,
    window_zone: WindowZone = WindowZone.VENDOR,
) -> dt.date:
    """The first day the campaign calls (vendor time): the day of its first window on or after
    its start (sendTime, or now); with windows in the callee's local time, which open at other
    vendor hours in each zone, the day it starts."""
    start = start_of(campaign, now, vendor)
    if local_key(campaign, window_zone) is not None:
        return start.date()
    windows = windows_of(campaign)
    return start.date() if minutes_left(windows, start) else start.date() + dt.timedelta(days=1)


def start_of(campaign: Campaign, now: dt.datetime, vendor: dt.tzinfo) -> dt.datetime:
    """When the task starts, as a wall-clock time in vendor time: its sendTime, or now."""
    value = campaign.data.get("sendTime")
    moment = _send_moment(value) if isinstance(value, str) else None
    return moment if moment is not None else now.astimezone(vendor).replace(tzinfo=None)


@functools.lru_cache(maxsize=4096)
def _send_moment(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(value, SEND_TIME_FORMAT)
    except ValueError:
        return None  # send-time reports it


def windows_of(campaign: Campaign) -> tuple[Window, ...]:
    """The campaign's calling windows as written (`localWindows` when it gives them, else
    `allowSendTime`); the whole day when it gives none (or none that can be read: the schema
    and send-window report those)."""
    key = LOCAL_KEY if _listed(campaign, LOCAL_KEY) else SENT_KEY
    return tuple(filter(None, windows_in(campaign, key))) or (WHOLE_DAY,)


def windows_in(campaign: Campaign, key: str) -> list[Window | None]:
    """Each window listed under `key`, None where it cannot be read (the schema and
    send-window report those)."""
    windows = campaign.data.get(key)
    return list(map(_window, windows if isinstance(windows, list) else []))


def minutes_left(windows: tuple[Window, ...], after: dt.datetime | None = None) -> int:
    """Calling minutes in a day's windows, or in those of `after`'s day after that moment."""
    minute = after.hour * 60 + after.minute if after is not None else 0
    return sum(window.end - max(window.start, minute) for window in windows if window.end > minute)


def local_key(campaign: Campaign, window_zone: WindowZone) -> str | None:
    """The key whose windows are read in each callee's zone: `localWindows` when given (in
    either reading), `allowSendTime` when the vendor reads it so; None: vendor time."""
    if _listed(campaign, LOCAL_KEY):
        return LOCAL_KEY
    if window_zone is WindowZone.CALLEE and _listed(campaign, SENT_KEY):
        return SENT_KEY
    return None


def _listed(campaign: Campaign, key: str) -> bool:
    windows = campaign.data.get(key)
    return isinstance(windows, list) and bool(windows)


def campaign_windows(
    campaign: Campaign, day: dt.date, zone: dt.tzinfo, key: str = SENT_KEY
) -> list[CampaignWindow]:
    """The calling windows of `key` on that day, wall-clock time in `zone` (the vendor's, or a
    callee's), placed in time; no window means any hour."""
    windows = campaign.data.get(key)
    found = []
    for index, item in enumerate(windows if isinstance(windows, list) else []):
        window = _window(item)
        if window is not None:
            found.append(CampaignWindow(index, window, _span(day, window, zone), key))
    if not isinstance(windows, list) or not windows:
        found.append(CampaignWindow(None, WHOLE_DAY, _span(day, WHOLE_DAY, zone), key))
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


def zone_named(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
