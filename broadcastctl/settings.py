"""Settings read from the environment that more than one command needs."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from typing import TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from broadcastctl.errors import UsageError

TIMEZONE_VARIABLE = "BROADCASTCTL_API_TIMEZONE"
# The vendor's pages never state the zone of sendTime and the list window; every timestamp they
# do qualify is UTC+8, so that is the default until confirmed.
DEFAULT_VENDOR_TIMEZONE = dt.timezone(dt.timedelta(hours=8))
_OFFSET = re.compile(r"(?:UTC)?([+-])(\d{1,2})(?::?(\d{2}))?\Z")


def vendor_timezone(environ: Mapping[str, str] = os.environ) -> dt.tzinfo:
    """The zone of the vendor's date-times: an offset such as +08:00, or a zone name."""
    text = environ.get(TIMEZONE_VARIABLE, "").strip()
    if not text:
        return DEFAULT_VENDOR_TIMEZONE
    return parse_timezone(text)


def parse_timezone(text: str) -> dt.tzinfo:
    if text.upper() in ("UTC", "Z"):
        return dt.UTC
    offset = _OFFSET.match(text.upper())
    if offset:
        sign, hours, minutes = offset.groups()
        delta = dt.timedelta(hours=int(hours), minutes=int(minutes or 0))
        return dt.timezone(-delta if sign == "-" else delta)
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError) as problem:
        raise UsageError(
            f"{TIMEZONE_VARIABLE}={text!r} is not a time zone; write an offset such as +08:00 "
            "or a name such as Asia/Singapore"
        ) from problem


def use_color(choice: str, stream: TextIO, environ: Mapping[str, str] = os.environ) -> bool:
    """--color always/never, or auto: a terminal, unless NO_COLOR is set (no-color.org)."""
    if choice != "auto":
        return choice == "always"
    return not environ.get("NO_COLOR") and stream.isatty()
