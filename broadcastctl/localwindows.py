"""A zone part of a campaign given in local windows (`localWindows`): the vendor task made for
the campaign's numbers that share calling hours in vendor time, its name and its zone label.

Plain data and naming only; `policy.zonesplit` works the parts out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

MAX_TASK_NAME = 64  # the vendor's limit on taskName (api/voice-group-call.md: 2-64 characters)

Clock = tuple[str, str]  # (strTime, endTime) as HH:mm


@dataclass(frozen=True)
class Part:
    """One zone part: the label that names it, the zones of its numbers, and its calling
    windows as the campaign wrote them (local) and as sent (vendor time)."""

    label: str
    zones: tuple[str, ...]  # IANA names, sorted
    local: tuple[Clock, ...]
    vendor: tuple[Clock, ...]
    numbers: int
    # Local minutes lost to a clock change within the calling days (the windows in vendor
    # time are those every day allows), with the day and zone of the change; "" if none.
    narrowed: str = ""


def part_document(part: Part | None) -> dict[str, Any] | None:
    """The part as the json plan and the saved plan write it."""
    if part is None:
        return None
    return {
        "label": part.label,
        "zones": list(part.zones),
        "numbers": part.numbers,
        "local_windows": [{"strTime": s, "endTime": e} for s, e in part.local],
        "vendor_windows": [{"strTime": s, "endTime": e} for s, e in part.vendor],
        "narrowed": part.narrowed or None,
    }


def part_name(task_name: str, label: str) -> str:
    """The vendor task's name for one part: the campaign's taskName and the part's label."""
    return f"{task_name} {label}"


def offset_text(offset: dt.timedelta) -> str:
    """An offset from UTC as +HH:MM / -HH:MM."""
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


def zone_label(offsets: Sequence[Sequence[dt.timedelta]]) -> str:
    """A short label from the offsets of a part's zones over its calling days, in order: one
    offset "UTC-05:00"; one that changes at a clock change "UTC-05:00>-04:00"; several zones
    at once (a mobile number of a country with several zones) "UTC+08:00..+11:00"."""
    if any(len(set(moment)) > 1 for moment in offsets):
        every = sorted({offset for moment in offsets for offset in moment})
        return f"UTC{offset_text(every[0])}..{offset_text(every[-1])}"
    seen: list[dt.timedelta] = []
    for moment in offsets:
        if not seen or seen[-1] != moment[0]:
            seen.append(moment[0])
    return "UTC" + ">".join(offset_text(offset) for offset in seen)
