"""A campaign given in local windows (`localWindows`), split into zone parts for a vendor that
reads allowSendTime in its own zone: the numbers grouped by the calling windows, in vendor time,
that keep every call inside the local windows in each of their zones on every calling day.

Each minute of each calling day (vendor time) is read in each zone of a number: the minutes
inside the local windows in every one of its zones, on every day, are its windows in vendor
time. Numbers whose windows come out alike are one part, one vendor task (New York and Toronto
are one; Phoenix and Denver are one in winter, two across the March clock change).

The calling days are lint's (`calling_days`: from sendTime at an assumed pace), and the day
after. A clock change within them: one task has one allowSendTime for every day, so its
windows are those both sides of the change allow, and the plan says how many minutes a day that
costs. Splitting by day instead would need to know which numbers the vendor rings on which
day, which it does not say.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from broadcastctl.lint.campaigns import Campaign
from broadcastctl.lint.diagnostics import Diagnostic, error
from broadcastctl.lint.registry import Context, Group
from broadcastctl.lint.sourcemap import value_mark
from broadcastctl.localwindows import MAX_TASK_NAME, Clock, Part, part_name, zone_label
from broadcastctl.policy.audience import Audience
from broadcastctl.policy.hours import LOCAL_KEY, start_of, windows_in, zone_named
from broadcastctl.policy.localrules import calling_days
from broadcastctl.policy.numbers import UNKNOWN_ZONES
from broadcastctl.policy.policyfile import Policy
from broadcastctl.policy.rules import PolicyRule
from broadcastctl.windowzone import WindowZone

LOCAL_WINDOWS = "local-windows"
DAY = 24 * 60
MAX_WINDOWS = 3  # the vendor's limit on allowSendTime

Mask = bytes  # one byte a minute of the vendor's day: 1 where calls may be placed


@dataclass(frozen=True)
class ZonePart:
    """A part and the places, in the campaign's numbers, of the numbers it calls."""

    part: Part
    indexes: tuple[int, ...]


@dataclass(frozen=True)
class Split:
    parts: tuple[ZonePart, ...]
    problems: tuple[str, ...]  # why the campaign cannot be split as written


def local_windows(campaign: Campaign) -> tuple[Clock, ...] | None:
    """The campaign's localWindows as (strTime, endTime); None when it gives none (or none the
    schema accepts: it reports those)."""
    found = windows_in(campaign, LOCAL_KEY)
    if not found or None in found:
        return None
    return tuple((_clock(window.start), _clock(window.end)) for window in found if window)


def split_campaign(
    campaign: Campaign,
    audience: Audience,
    policy: Policy,
    now: dt.datetime,
    vendor: dt.tzinfo,
) -> Split:
    """The campaign's zone parts, or why it has none. Pure: the same file, policy and vendor
    zone give the same parts (the days come from sendTime, which localWindows requires)."""
    windows = local_windows(campaign)
    if windows is None:
        return Split((), ())
    count = len(audience.numbers.values)
    days = calling_days(campaign, count, policy, now, vendor)
    first = start_of(campaign, now, vendor)
    vendor_days = _vendor_days(first.date(), days)
    by_zones: dict[tuple[str, ...], list[int]] = defaultdict(list)
    zones = audience.survey.zones
    valid = audience.survey.valid
    unplaced = 0
    for index, digits in enumerate(audience.digits):
        if digits and valid[index]:
            by_zones[zones[index]].append(index)
        else:
            unplaced += 1
    problems: list[str] = []
    if unplaced:  # an invalid-number excepted by the policy: it would be left out of every part
        problems.append(
            f"{_numbers(unplaced)} of no country libphonenumber knows: local windows cannot be "
            "placed for them; correct or remove them, or call them from a campaign with "
            "allowSendTime"
        )
    groups: dict[Mask, list[tuple[str, ...]]] = defaultdict(list)
    for names in sorted(by_zones):
        known = _zones([names])
        if names == UNKNOWN_ZONES or not known:
            problems.append(
                f"{_numbers(len(by_zones[names]))} of no known time zone (non-geographic): "
                "local windows cannot be placed for them; call them from a campaign with "
                "allowSendTime"
            )
            continue
        mask = _mask(windows, known, vendor, vendor_days)
        if not any(mask):
            problems.append(
                f"{_numbers(len(by_zones[names]))} may ring in {', '.join(names)}: those zones "
                f"share no minute of the local windows on the calling days "
                f"({_days(vendor_days)}, vendor time); narrow the campaign to one zone, or "
                "widen the windows"
            )
            continue
        groups[mask].append(names)
    parts = [
        _part(windows, mask, members, by_zones, vendor, vendor_days)
        for mask, members in groups.items()
    ]
    parts = _unique_labels(parts)
    problems += [problem for zp in parts if (problem := _too_many(zp.part))]
    return Split(tuple(sorted(parts, key=lambda zp: zp.part.label)), tuple(problems))


def _too_many(part: Part) -> str:
    """Why a part cannot be sent: more windows in vendor time than the vendor takes."""
    if len(part.vendor) <= MAX_WINDOWS:
        return ""
    return (
        f"part {part.label} would need {len(part.vendor)} windows in vendor time, and the "
        f"vendor takes {MAX_WINDOWS}: give fewer local windows, or, if the vendor reads "
        "allowSendTime in each callee's zone, set BROADCASTCTL_WINDOW_ZONE=callee"
    )


def split_recall(
    recall: Campaign,
    audience: Audience,
    policy: Policy,
    now: dt.datetime,
    vendor: dt.tzinfo,
) -> Split:
    """A re-call in local windows of a campaign sent in local windows: one part per part of
    the parent, since the vendor re-calls one task at a time, each part's failed numbers. A
    part keeps its parent part's label (and so its numbers) even where the re-call's days would
    group them otherwise (across a clock change): its windows are those its numbers' zones all
    allow on the re-call's days. `audience` is the parent's numbers, judged."""
    windows, parent = local_windows(recall), recall.parent
    if windows is None or parent is None:
        return Split((), ())
    if local_windows(parent) is None:
        return Split((), (f"its parent, in {parent.file}, is sent as one task, not in zone parts",))
    before = split_campaign(parent, audience, policy, now, vendor)
    if before.problems:
        return Split((), (f"its parent cannot be split into zone parts: {before.problems[0]}",))
    count = len(audience.numbers.values)
    days = calling_days(recall, count, policy, now, vendor)
    vendor_days = _vendor_days(start_of(recall, now, vendor).date(), days)
    zones_of = audience.survey.zones
    parts, problems = [], []
    for earlier in before.parts:
        members = sorted({zones_of[index] for index in earlier.indexes})
        mask = _mask(windows, _zones(members), vendor, vendor_days)
        label = earlier.part.label
        if not any(mask):
            problems.append(
                f"part {label} ({_numbers(len(earlier.indexes))} in "
                f"{', '.join(earlier.part.zones)}) has no minute of the local windows in all of "
                f"its zones on the re-call's calling days ({_days(vendor_days)}, vendor time); "
                "widen the windows, or re-call it on days without a clock change"
            )
            continue
        narrowed = _narrowed(windows, mask, earlier.part.zones, vendor_days, vendor, recall=True)
        part = Part(label, earlier.part.zones, windows, _runs(mask), len(earlier.indexes), narrowed)
        if problem := _too_many(part):
            problems.append(problem)
        parts.append(ZonePart(part, earlier.indexes))
    return Split(tuple(parts), tuple(problems))


def _zones(members: Sequence[tuple[str, ...]]) -> tuple[dt.tzinfo, ...]:
    """Every known zone of these sets of zones, once."""
    names = sorted({name for zones in members for name in zones})
    return tuple(zone for zone in map(_zone, names) if zone is not None)


def _vendor_days(first: dt.date, days: Sequence[dt.date]) -> tuple[dt.date, ...]:
    """Every vendor day from the start to the day after the last calling day: the vendor
    keeps the windows of a task slower than the pace assumed, and calls then must fit too."""
    last = max(days) + dt.timedelta(days=1)
    return tuple(first + dt.timedelta(days=n) for n in range((last - first).days + 1))


@functools.cache
def _zone(name: str) -> dt.tzinfo | None:
    return zone_named(name)


def _mask(
    windows: tuple[Clock, ...],
    zones: tuple[dt.tzinfo, ...],
    vendor: dt.tzinfo,
    days: tuple[dt.date, ...],
) -> Mask:
    """The vendor-time minutes inside the local windows in every zone on every day."""
    result = bytearray(b"\x01" * DAY)
    for zone in zones:
        for day in days:
            own = _day_mask(windows, zone, vendor, day)
            result = bytearray(a & b for a, b in zip(result, own, strict=True))
    return bytes(result)


@functools.lru_cache(maxsize=4096)
def _day_mask(windows: tuple[Clock, ...], zone: dt.tzinfo, vendor: dt.tzinfo, day: dt.date) -> Mask:
    """One vendor day's minutes that fall inside the local windows in `zone`."""
    local = _local_mask(windows)
    start = dt.datetime.combine(day, dt.time(), tzinfo=vendor)
    end = start + dt.timedelta(days=1)
    shift = _shift(start, zone)
    if shift == _shift(end, zone):  # no clock change that day, in either zone: a rotation
        return bytes(local[(minute + shift) % DAY] for minute in range(DAY))
    return bytes(local[_local_minute(start, minute, zone)] for minute in range(DAY))


def _shift(moment: dt.datetime, zone: dt.tzinfo) -> int:
    """Minutes from the vendor's wall clock to the zone's at `moment`."""
    here, there = moment.utcoffset(), moment.astimezone(zone).utcoffset()
    assert here is not None
    assert there is not None
    return int((there - here).total_seconds()) // 60


def _local_minute(start: dt.datetime, minute: int, zone: dt.tzinfo) -> int:
    wall = dt.datetime.combine(start.date(), dt.time(minute // 60, minute % 60), start.tzinfo)
    local = wall.astimezone(zone)
    return local.hour * 60 + local.minute


@functools.cache
def _local_mask(windows: tuple[Clock, ...]) -> Mask:
    mask = bytearray(DAY)
    for start, end in windows:
        mask[_minutes(start) : _minutes(end)] = b"\x01" * (_minutes(end) - _minutes(start))
    return bytes(mask)


def _minutes(clock: str) -> int:
    return int(clock[:2]) * 60 + int(clock[3:])


def _runs(mask: Mask) -> tuple[Clock, ...]:
    """The mask's open minutes as windows within the vendor's day (HH:mm, end excluded; a
    window to midnight ends at 23:59, as a window must end within its day)."""
    runs, start = [], None
    for minute, open_ in enumerate([*mask, 0]):
        if open_ and start is None:
            start = minute
        elif not open_ and start is not None:
            runs.append((_clock(start), _clock(min(minute, DAY - 1))))
            start = None
    return tuple(run for run in runs if run[0] != run[1])


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _part(  # noqa: PLR0917 - one part, made from all it rests on
    windows: tuple[Clock, ...],
    mask: Mask,
    members: list[tuple[str, ...]],
    by_zones: dict[tuple[str, ...], list[int]],
    vendor: dt.tzinfo,
    days: tuple[dt.date, ...],
) -> ZonePart:
    names = tuple(sorted({name for zones in members for name in zones}))
    zones = _zones(members)
    offsets = [
        sorted({_offset(day, zone, vendor) for zone in zones}) for day in days
    ]  # at each day's vendor noon, in order
    indexes = tuple(sorted(index for zones_ in members for index in by_zones[zones_]))
    vendor_windows = _runs(mask)
    part = Part(
        zone_label(offsets),
        names,
        windows,
        vendor_windows,
        len(indexes),
        _narrowed(windows, mask, names, days, vendor),
    )
    return ZonePart(part, indexes)


def _offset(day: dt.date, zone: dt.tzinfo, vendor: dt.tzinfo) -> dt.timedelta:
    noon = dt.datetime.combine(day, dt.time(12), tzinfo=vendor).astimezone(zone)
    offset = noon.utcoffset()
    assert offset is not None
    return offset


def _narrowed(
    windows: tuple[Clock, ...],
    mask: Mask,
    names: tuple[str, ...],
    days: tuple[dt.date, ...],
    vendor: dt.tzinfo,
    *,
    recall: bool = False,
) -> str:
    """What the part loses of the local windows each day, and why; "" when nothing. For the
    part of a re-call, whose numbers are its parent part's: zones that kept the same hours
    then may no longer (Denver and Phoenix after March)."""
    lost = sum(_local_mask(windows)) - sum(mask)
    if lost <= 0:
        return ""
    changes = [
        f"{name} on {_change_day(day, zone, vendor)}"
        for name in names
        if (zone := _zone(name)) is not None
        for day in days[1:]
        if _offset(day, zone, vendor) != _offset(day - dt.timedelta(days=1), zone, vendor)
    ]
    if changes:
        why = (
            f"the clock changes ({', '.join(changes)}), and one task has the same windows every day"
        )
    elif recall and _parted(names, days, vendor):
        why = (
            f"its zones ({', '.join(names)}) keep different hours on the re-call's days, and "
            "the vendor re-calls the failed numbers of its parent's part as one task"
        )
    else:
        why = "its numbers may ring in several zones, and each call must fit in all of them"
    return f"{lost} minutes a day less than the local windows: {why}"


def _parted(names: tuple[str, ...], days: tuple[dt.date, ...], vendor: dt.tzinfo) -> bool:
    """Whether the zones keep different hours on some of the days."""
    zones = _zones([names])
    return any(len({_offset(day, zone, vendor) for zone in zones}) > 1 for day in days)


def _change_day(day: dt.date, zone: dt.tzinfo, vendor: dt.tzinfo) -> dt.date:
    """The local date the zone changed its clock, between the vendor noons before `day`'s and
    at it (found to the hour)."""
    moment = dt.datetime.combine(day - dt.timedelta(days=1), dt.time(12), tzinfo=vendor)
    before = moment.astimezone(zone).utcoffset()
    for _ in range(24):
        moment += dt.timedelta(hours=1)
        local = moment.astimezone(zone)
        if local.utcoffset() != before:
            return local.date()
    return day


def _unique_labels(parts: list[ZonePart]) -> list[ZonePart]:
    """Labels are told apart by a short digest of the windows when two would be alike."""
    counted: dict[str, int] = defaultdict(int)
    for zp in parts:
        counted[zp.part.label] += 1
    unique = []
    for zp in parts:
        part = zp.part
        if counted[part.label] > 1:
            digest = hashlib.sha256(repr(part.vendor).encode()).hexdigest()[:4]
            part = Part(
                f"{part.label}#{digest}", part.zones, part.local, part.vendor, part.numbers,
                part.narrowed,
            )  # fmt: skip
        unique.append(ZonePart(part, zp.indexes))
    return unique


def _numbers(count: int) -> str:
    return f"{count:,} number{'' if count == 1 else 's'}"


def _days(days: tuple[dt.date, ...]) -> str:
    return str(days[0]) if len(days) == 1 else f"{days[0]} to {days[-1]}"


def check_split(
    campaign: Campaign, audience: Audience | None, policy: Policy, context: Context
) -> Iterator[Diagnostic]:
    """A campaign in local windows that cannot be split into zone parts (vendor reading), or
    whose parts' names would pass the vendor's limit."""
    if context.window_zone is WindowZone.CALLEE:
        return
    recall = _recall_problem(campaign)
    if recall is not None:  # before the numbers: a re-call whose parent is unknown has none
        pointer = "/localWindows" if "localWindows" in campaign.data else "/recallOf"
        where = value_mark(campaign.positions, [pointer[1:]])
        yield error(campaign.file, where, LOCAL_WINDOWS, recall, pointer)
        return
    if audience is None or local_windows(campaign) is None:
        return
    where = value_mark(campaign.positions, ["localWindows"])
    divide = split_recall if campaign.parent is not None else split_campaign
    split = divide(campaign, audience, policy, context.now, context.vendor_timezone)
    for problem in split.problems:
        yield error(campaign.file, where, LOCAL_WINDOWS, problem, "/localWindows")
    name = campaign.data.get("taskName")
    if not isinstance(name, str):
        return
    for zp in split.parts:
        full = part_name(name, zp.part.label)
        if len(full) > MAX_TASK_NAME:
            yield error(
                campaign.file,
                value_mark(campaign.positions, ["taskName"]),
                LOCAL_WINDOWS,
                f"part {zp.part.label}'s task would be named {full!r}, {len(full)} characters; "
                f"the vendor takes {MAX_TASK_NAME}: shorten taskName to at most "
                f"{MAX_TASK_NAME - len(full) + len(name)} characters",
                "/taskName",
            )


def _recall_problem(campaign: Campaign) -> str | None:
    """A re-call and its parent that do not match: a parent sent in local windows went out as
    zone parts, re-called part by part in local windows; one sent as one task is re-called in
    allowSendTime."""
    name = campaign.data.get("recallOf")
    if not isinstance(name, str):
        return None
    own = "localWindows" in campaign.data
    parent = campaign.parent
    if parent is None:
        return (
            f"a re-call in local windows re-calls each zone part of its parent, and no campaign "
            f"file describes {name!r}: lint it with this one, or give allowSendTime"
            if own
            else None
        )
    split = "localWindows" in parent.data
    if split and not own:
        return (
            f"{parent.file} sends {name!r} in local windows, as one task per zone part, and no "
            "task of that name: give this re-call localWindows (and a sendTime), and it is sent "
            "as one re-call per part, each calling again its part's numbers in these windows"
        )
    if own and not split:
        return (
            f"{parent.file} sends {name!r} as one task, in allowSendTime: a re-call in local "
            "windows re-calls the zone parts of a campaign sent in local windows; give this "
            "re-call allowSendTime"
        )
    return None


RULES = (
    PolicyRule(
        LOCAL_WINDOWS,
        "a campaign in local windows splits into zone parts the vendor can take",
        Group.POLICY,
        check_split,
    ),
)
