"""When each call of a task is placed: its numbers in queues, each dialled in order at the
sandbox's pace while its calling windows are open.

The vendor's pages leave open which zone `allowSendTime` is read in (BROADCASTCTL_WINDOW_ZONE):
in `vendor` mode a task is one queue under its windows in the sandbox's zone; in `callee` mode
its numbers are queued by their time zones (libphonenumber's), each queue under the windows
read in those zones: a number with several zones rings only when the windows are open in every
one of them, a number with none known in the sandbox's zone. Queues run side by side.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime
import functools
import heapq
import math
import threading
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from broadcastctl.sandbox.windows import ANY_HOUR, Hours, OpenHours, SharedHours, windows_of
from broadcastctl.windowzone import WindowZone

NO_ZONE = "Etc/Unknown"  # libphonenumber's answer for a number it cannot place


@dataclass(frozen=True)
class Queue:
    """Some of a task's numbers (their places in the task, ascending), dialled in that order at
    `calls_per_second` of the open time of `hours`."""

    hours: Hours
    indices: Sequence[int]

    def standing(
        self, calling_from: float, moment: float, calls_per_second: float
    ) -> tuple[int, float]:
        """How many of its calls are placed by `moment`, and when all of them are."""
        count = len(self.indices)
        done = self.done_at(calling_from, calls_per_second)
        if moment >= done:
            return count, done
        placed = self.hours.open_between(calling_from, moment) * calls_per_second
        return max(0, min(count, math.floor(placed))), done

    def done_at(self, calling_from: float, calls_per_second: float) -> float:
        """When every call of the queue is placed (infinity: never)."""
        return self.hours.after(calling_from, len(self.indices) / calls_per_second)

    def second(self, position: int, calling_from: float, calls_per_second: float) -> int:
        """The second its `position`-th call is placed at."""
        placed = self.hours.after(calling_from, position / calls_per_second, inside=True)
        return math.floor(placed)


@dataclass(frozen=True)
class Schedule:
    """A task's queues; `owner[i]` is the queue of its `i`-th number (empty: all in the one)."""

    queues: tuple[Queue, ...]
    owner: Sequence[int] = ()

    @classmethod
    def whole(cls, count: int, hours: Hours = ANY_HOUR) -> Schedule:
        return cls((Queue(hours, range(count)),))

    def dialled(self, calling_from: float, moment: float, pace: float) -> tuple[int, ...]:
        """Calls placed by `moment`, queue by queue."""
        return self.standing(calling_from, moment, pace)[0]

    def standing(
        self, calling_from: float, moment: float, pace: float
    ) -> tuple[tuple[int, ...], float]:
        """Calls placed by `moment`, queue by queue, and when all of them are (each queue's
        end found once: it is the costly part)."""
        each = [queue.standing(calling_from, moment, pace) for queue in self.queues]
        return tuple(placed for placed, _ in each), max((done for _, done in each), default=0.0)

    def place_of(self, index: int) -> tuple[Queue, int]:
        """The queue of the task's `index`-th number, and its place in that queue."""
        number, position = self.where(index)
        return self.queues[number], position

    def where(self, index: int) -> tuple[int, int]:
        """Which queue (its place in `queues`) dials the task's `index`-th number, and when
        (its place in that queue)."""
        if not self.owner:
            return 0, index
        number = self.owner[index]
        return number, bisect.bisect_left(self.queues[number].indices, index)

    def calls_between(
        self, start: int, end: int, dialled: Sequence[int], calling_from: float, pace: float
    ) -> Sequence[int]:
        """The calls placed so far (`dialled`, by queue) whose second lies in [start, end], in
        the order they were placed (by number within a second)."""

        def second(position: int, queue: Queue) -> int:
            return queue.second(position, calling_from, pace)

        found: list[Sequence[int]] = []
        for queue, placed in zip(self.queues, dialled, strict=True):
            positions = range(placed)
            first = bisect.bisect_left(positions, start, key=lambda at: second(at, queue))
            last = bisect.bisect_right(positions, end, key=lambda at: second(at, queue))
            found.append(queue.indices[first : max(first, last)])
        if len(found) == 1:
            return found[0]
        timed = [self._timed(calls, calling_from, pace) for calls in found]
        return [index for _, index in heapq.merge(*timed)]

    def _timed(
        self, calls: Sequence[int], calling_from: float, pace: float
    ) -> Iterator[tuple[int, int]]:
        for index in calls:
            queue, position = self.place_of(index)
            yield queue.second(position, calling_from, pace), index


class Timetable:
    """Each task's schedule, made once for each version of its fields (a list page would
    otherwise read every task's windows, and in `callee` mode its numbers' zones, each time)."""

    def __init__(
        self,
        zone: datetime.tzinfo,
        window_zone: WindowZone,
        numbers: Callable[[int], Sequence[str]],
    ) -> None:
        self._zone = zone
        self._window_zone = window_zone
        self._numbers = numbers  # a task's numbers, read only in callee mode
        self._known: dict[int, tuple[str, Schedule]] = {}
        self._lock = threading.Lock()

    def schedule(self, job_id: int, fields_json: str, count: int) -> Schedule:
        with self._lock:
            fields, known = self._known.get(job_id, ("", None))
        if known is None or fields != fields_json:
            known = self._make(job_id, fields_json, count)
            with self._lock:
                self._known[job_id] = (fields_json, known)
        return known

    def _make(self, job_id: int, fields_json: str, count: int) -> Schedule:
        hours = windows_of(fields_json, self._zone)
        if hours.any_hour or self._window_zone is WindowZone.VENDOR:
            return Schedule.whole(count, hours)
        return by_callee_zone(self._numbers(job_id), hours, self._zone)


def by_callee_zone(numbers: Sequence[str], hours: OpenHours, vendor: datetime.tzinfo) -> Schedule:
    """One queue per set of zones the numbers ring in, under the windows read in those zones
    (in the vendor's zone for a number libphonenumber cannot place)."""
    groups: dict[tuple[str, ...], array[int]] = {}
    for index, number in enumerate(numbers):
        groups.setdefault(callee_zones(number), array("l")).append(index)
    owner = array("l", bytes(len(numbers) * array("l").itemsize))
    queues = []
    for place, (zones, indices) in enumerate(groups.items()):
        for index in indices:
            owner[index] = place
        queues.append(Queue(_zoned(hours, zones, vendor), indices))
    return Schedule(tuple(queues), owner)


def _zoned(hours: OpenHours, zones: tuple[str, ...], vendor: datetime.tzinfo) -> Hours:
    placed = [dataclasses.replace(hours, zone=zone) for zone in _zone_infos(zones)]
    if not placed:
        return dataclasses.replace(hours, zone=vendor)
    return placed[0] if len(placed) == 1 else SharedHours(tuple(placed))


@functools.lru_cache(maxsize=1024)
def _zone_infos(names: tuple[str, ...]) -> tuple[ZoneInfo, ...]:
    found = []
    for name in names:
        try:
            found.append(ZoneInfo(name))
        except (ZoneInfoNotFoundError, ValueError):
            continue  # a zone this machine's tz database lacks: read as the others
    return tuple(found)


# A number's zones cost about 45 µs to look up through `phonenumbers.parse`, half of it the
# parse; a sandbox sees the same numbers again and again (a re-call, a task updated, the tests'
# fixtures), so each is looked up once.
@functools.lru_cache(maxsize=1 << 18)
def callee_zones(number: str) -> tuple[str, ...]:
    """The time zones libphonenumber gives the number (digits, country code first), as
    `time_zones_for_number(parse("+" + number))` does; none when it cannot place it."""
    import phonenumbers  # noqa: PLC0415 - loaded only by a sandbox reading callee zones
    from phonenumbers import timezone  # noqa: PLC0415

    zones = _split_zones(number)
    if zones is None:  # what only a parse can tell: a trunk prefix after the code, a zero
        try:
            zones = timezone.time_zones_for_number(phonenumbers.parse(f"+{number}"))
        except phonenumbers.NumberParseException:
            return ()
    return tuple(zone for zone in zones if zone != NO_ZONE)


def _split_zones(number: str) -> tuple[str, ...] | None:
    """The zones of the number split after its country code, without a parse; None when that
    split places it nowhere or does not apply (parse then strips a trunk prefix such as
    Russia's 8, or keeps a leading zero): the parse's answer in every other case."""
    from phonenumbers import PhoneNumber, timezone  # noqa: PLC0415

    if not (number.isascii() and number.isdigit()):
        return None
    codes = _country_codes()
    code = next((number[:size] for size in (1, 2, 3) if number[:size] in codes), None)
    rest = number[len(code) :] if code is not None else ""
    if code is None or not rest or rest[0] == "0" or len(rest) > MAX_NATIONAL_DIGITS:
        return None
    parsed = PhoneNumber(country_code=int(code), national_number=int(rest))
    zones = tuple(timezone.time_zones_for_number(parsed))
    return None if zones == (NO_ZONE,) else zones


MAX_NATIONAL_DIGITS = 17  # libphonenumber's longest national number


@functools.cache
def _country_codes() -> frozenset[str]:
    import phonenumbers  # noqa: PLC0415

    return frozenset(str(code) for code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE)
