"""Settings read from the environment that more than one command needs."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from broadcastctl.errors import UsageError

TIMEZONE_VARIABLE = "BROADCASTCTL_API_TIMEZONE"
# The vendor's pages never state the zone of sendTime and the list window; every timestamp they
# do qualify is UTC+8, so that is the default until confirmed.
DEFAULT_TIMEZONE = dt.timezone(dt.timedelta(hours=8))
_OFFSET = re.compile(r"(?P<sign>[+-])(?P<hours>\d{2}):?(?P<minutes>\d{2})")


def vendor_timezone(environ: Mapping[str, str] = os.environ) -> dt.tzinfo:
    """The zone of the vendor's date-times: an offset such as +08:00, or a zone name."""
    text = environ.get(TIMEZONE_VARIABLE, "").strip()
    if not text:
        return DEFAULT_TIMEZONE
    return parse_timezone(text)


def parse_timezone(text: str, source: str = TIMEZONE_VARIABLE) -> dt.tzinfo:
    """A fixed offset ("+08:00", "-0530", "Z", "UTC") or an IANA zone name ("Asia/Shanghai");
    `source` names where the text came from, for the error."""
    value = text.strip()
    if value.upper() in ("Z", "UTC"):
        return dt.UTC
    match = _OFFSET.fullmatch(value)
    if match:
        delta = dt.timedelta(hours=int(match["hours"]), minutes=int(match["minutes"]))
        return dt.timezone(-delta if match["sign"] == "-" else delta)
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise UsageError(
            f"{source} must be an offset such as +08:00 or a zone name such as "
            f"Asia/Shanghai, got {text!r}"
        ) from error
