"""The vendor's LocalDateTime (`yyyy-MM-dd HH:mm:ss`, no offset) in the sandbox's own zone.

The sandbox has its own copy of this small format on purpose: it must catch the client's
mistakes, not share them.
"""

from __future__ import annotations

import datetime
import functools
import re

FORMAT = "%Y-%m-%d %H:%M:%S"
_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")


def parse_local(text: object, zone: datetime.tzinfo) -> int | None:
    """Unix seconds of a LocalDateTime string, or None when it is not one."""
    if not isinstance(text, str) or not _SHAPE.fullmatch(text):
        return None
    try:
        moment = datetime.datetime.strptime(text, FORMAT)
    except ValueError:
        return None
    return int(moment.replace(tzinfo=zone).timestamp())


def format_local(seconds: float, zone: datetime.tzinfo) -> str:
    return _formatted(int(seconds), zone)


@functools.lru_cache(maxsize=1 << 13)  # a list page formats 100 times, a second's tasks alike
def _formatted(seconds: int, zone: datetime.tzinfo) -> str:
    return datetime.datetime.fromtimestamp(seconds, zone).strftime(FORMAT)
