"""The vendor's date-times: LocalDateTime (`yyyy-MM-dd HH:mm:ss`, no offset) and the zone they
are in, BROADCASTCTL_API_TIMEZONE. It imports no HTTP library: `lint` reads the zone from here."""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from broadcastctl.errors import UsageError

FORMAT = "%Y-%m-%d %H:%M:%S"
TIMEZONE_VARIABLE = "BROADCASTCTL_API_TIMEZONE"
# The vendor's pages never state the zone of sendTime and the list window; every timestamp they
# do qualify is UTC+8, so that is the default until confirmed.
DEFAULT_TIMEZONE = datetime.timezone(datetime.timedelta(hours=8))
_OFFSET = re.compile(r"(?P<sign>[+-])(?P<hours>\d{2}):?(?P<minutes>\d{2})")


def format_vendor_time(moment: datetime.datetime, zone: datetime.tzinfo) -> str:
    """An aware moment shown in the vendor's zone; a naive one is taken to be in that zone."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(zone)
    return moment.strftime(FORMAT)


def parse_vendor_time(text: str, zone: datetime.tzinfo) -> datetime.datetime:
    """The aware moment a vendor LocalDateTime names; ValueError when it is not one."""
    return datetime.datetime.strptime(text, FORMAT).replace(tzinfo=zone)


def vendor_timezone(environ: Mapping[str, str] = os.environ) -> datetime.tzinfo:
    """The zone of the vendor's date-times: an offset such as +08:00, or a zone name."""
    text = environ.get(TIMEZONE_VARIABLE, "").strip()
    if not text:
        return DEFAULT_TIMEZONE
    return parse_timezone(text)


def parse_timezone(text: str, source: str = TIMEZONE_VARIABLE) -> datetime.tzinfo:
    """A fixed offset ("+08:00", "-0530", "Z", "UTC") or an IANA zone name ("Asia/Shanghai");
    `source` names where the text came from, for the error."""
    value = text.strip()
    if value.upper() in ("Z", "UTC"):
        return datetime.UTC
    match = _OFFSET.fullmatch(value)
    if match:
        hours, minutes = int(match["hours"]), int(match["minutes"])
        if hours > 23 or minutes > 59:  # a zone's offset is less than a day
            raise UsageError(
                f"{source} must be an offset from -23:59 to +23:59 (or a zone name such as "
                f"Asia/Shanghai), got {text!r}"
            )
        delta = datetime.timedelta(hours=hours, minutes=minutes)
        return datetime.timezone(-delta if match["sign"] == "-" else delta)
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise UsageError(
            f"{source} must be an offset such as +08:00 or a zone name such as "
            f"Asia/Shanghai, got {text!r}"
        ) from error
