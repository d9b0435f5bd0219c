"""sendTime as a moment of the vendor's calendar, and the years around now that lint judges:
beyond them a year is a typo, and the calling hours of the day it names cannot be worked out
(time-zone rules that far ahead are unknown; the calendar ends at year 9999)."""

from __future__ import annotations

import datetime as dt

SEND_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
YEARS_JUDGED = 10
_JUDGED = dt.timedelta(days=365 * YEARS_JUDGED + YEARS_JUDGED // 4)


def send_moment(value: object, zone: dt.tzinfo) -> dt.datetime | None:
    """The moment a sendTime names in the vendor's `zone`, or None when it names none."""
    if not isinstance(value, str) or len(value) != 19:
        return None
    try:
        return dt.datetime.strptime(value, SEND_TIME_FORMAT).replace(tzinfo=zone)
    except ValueError:
        return None


def years_off(moment: dt.datetime, now: dt.datetime) -> str | None:
    """ "ahead" or "in the past" when `moment` is more than YEARS_JUDGED years from `now`."""
    if moment - now > _JUDGED:
        return "ahead"
    if now - moment > _JUDGED:
        return "in the past"
    return None


def judged(value: object, now: dt.datetime, zone: dt.tzinfo) -> bool:
    """Whether the day a sendTime names can be judged: a sendTime that names no moment leaves
    the campaign to run today, which can."""
    moment = send_moment(value, zone)
    return moment is None or years_off(moment, now) is None
