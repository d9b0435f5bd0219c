"""A task's calling windows (`allowSendTime`): calls are placed only inside them. The vendor's
pages leave their zone open (the vendor's own, or each callee's), so the sandbox reads them in
either (`timetable`): `OpenHours` are the windows in one zone, `SharedHours` the moments they are
open in every one of several zones at once (a number libphonenumber places in several). No
window means any hour.

Time is counted as open seconds: a task that needs 600 s of calling and starts 100 s before
its window closes places the rest when the window opens again the next day.
"""

from __future__ import annotations

import datetime
import json
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

DAY_MINUTES = 24 * 60
# How far ahead the moments open in several zones at once are looked for: windows that never
# meet (09:00-10:00 in Sydney and in Perth) must not be looked for forever.
SHARED_HORIZON_SECONDS = 400 * 86_400


class Hours(Protocol):
    """When calls may be placed."""

    @property
    def any_hour(self) -> bool: ...

    def open_between(self, start: float, end: float) -> float: ...

    def after(self, start: float, seconds: float, *, inside: bool = False) -> float: ...


@dataclass(frozen=True)
class OpenHours:
    """Parts of each day (minutes from midnight, start < end, sorted and apart) in `zone`;
    none: any hour."""

    windows: tuple[tuple[int, int], ...]
    zone: datetime.tzinfo

    @classmethod
    def of(cls, stored: Any, zone: datetime.tzinfo) -> OpenHours:
        """From the task's `allowSendTime` as stored (a list of {strTime, endTime}). A window
        whose end comes before its start runs past midnight; one that ends where it starts is
        empty, and with no other window left the task calls at any hour."""
        parts: list[tuple[int, int]] = []
        for window in stored if isinstance(stored, list) else []:
            start, end = (_minutes(window.get(key)) for key in ("strTime", "endTime"))
            if start is None or end is None or start == end:
                continue
            parts += [(start, end)] if start < end else [(start, DAY_MINUTES), (0, end)]
        return cls(_merged(parts), zone)

    @property
    def any_hour(self) -> bool:
        return not self.windows

    def open_between(self, start: float, end: float) -> float:
        """Seconds of [start, end) inside the windows."""
        if self.any_hour:
            return max(0.0, end - start)
        return _open_between(self.spans(start), start, end)

    def after(self, start: float, seconds: float, *, inside: bool = False) -> float:
        """The moment at which `seconds` of open time have passed since `start`; `inside`: the
        moment of something done then, which must lie in a window (a call due at the moment a
        window closes is placed when the next one opens)."""
        if self.any_hour:
            return start + seconds
        return _after(self.spans(start), start, seconds, inside=inside)

    def spans(self, start: float) -> Iterator[tuple[float, float]]:
        """Every open span, as Unix times, from the local day before `start`'s on."""
        day = datetime.datetime.fromtimestamp(start, self.zone).date() - datetime.timedelta(days=1)
        while True:
            for opens, closes in self.windows:
                yield self._at(day, opens), self._at(day, closes)
            day += datetime.timedelta(days=1)

    def _at(self, day: datetime.date, minutes: int) -> float:
        days, minutes = divmod(minutes, DAY_MINUTES)
        moment = datetime.datetime.combine(
            day + datetime.timedelta(days=days),
            datetime.time(minutes // 60, minutes % 60),
            tzinfo=self.zone,
        )
        return moment.timestamp()


@dataclass(frozen=True)
class SharedHours:
    """The moments the same windows are open in every one of several zones at once: the hours
    of a number libphonenumber places in several zones. Windows that never meet within
    SHARED_HORIZON_SECONDS leave no open time: nothing is placed."""

    parts: tuple[OpenHours, ...]  # the windows in each zone; none of them any hour

    @property
    def any_hour(self) -> bool:
        return False

    def open_between(self, start: float, end: float) -> float:
        return _open_between(self.spans(start), start, end)

    def after(self, start: float, seconds: float, *, inside: bool = False) -> float:
        return _after(self.spans(start), start, seconds, inside=inside)

    def spans(self, start: float) -> Iterator[tuple[float, float]]:
        """The open spans every part shares, in order, up to the horizon."""
        streams = [part.spans(start) for part in self.parts]
        current = [next(stream) for stream in streams]
        until = start + SHARED_HORIZON_SECONDS
        while True:
            opens = max(span[0] for span in current)
            if opens >= until:
                return
            closes = min(span[1] for span in current)
            if opens < closes:
                yield opens, closes
            first = min(range(len(current)), key=lambda at: current[at][1])
            current[first] = next(streams[first])


def _open_between(spans: Iterable[tuple[float, float]], start: float, end: float) -> float:
    """Seconds of [start, end) inside `spans` (in order)."""
    total = 0.0
    for opens, closes in spans:
        if opens >= end:
            break
        total += max(0.0, min(closes, end) - max(opens, start))
    return total


def _after(
    spans: Iterable[tuple[float, float]], start: float, seconds: float, *, inside: bool
) -> float:
    """Where `seconds` of open time in `spans` (in order) have passed since `start`; never
    (infinity) when the spans end first."""
    for opens, closes in spans:
        begin = max(opens, start)
        if closes <= begin:
            continue
        if seconds < closes - begin or (seconds == closes - begin and not inside):
            return begin + seconds
        seconds -= closes - begin
    return math.inf


def _minutes(clock: Any) -> int | None:
    """Minutes from midnight of an `HH:mm` text; None for anything else."""
    if not isinstance(clock, str) or len(clock) != 5 or clock[2] != ":":
        return None
    hours, minutes = clock[:2], clock[3:]
    if not (hours.isdigit() and minutes.isdigit()) or int(hours) > 23 or int(minutes) > 59:
        return None
    return int(hours) * 60 + int(minutes)


def _merged(parts: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Overlapping or touching windows as one, in order: open time is never counted twice."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(parts):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


ANY_HOUR = OpenHours((), datetime.UTC)


def windows_of(fields_json: str, zone: datetime.tzinfo) -> OpenHours:
    """The calling windows in a task's stored fields, as JSON."""
    if '"allowSendTime"' not in fields_json or '"allowSendTime":[]' in fields_json:
        return ANY_HOUR  # the store writes compact JSON; any other spelling is parsed
    return OpenHours.of(json.loads(fields_json).get("allowSendTime"), zone)
