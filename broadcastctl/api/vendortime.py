"""The vendor's LocalDateTime: `yyyy-MM-dd HH:mm:ss` without an offset, in the vendor's zone."""

from __future__ import annotations

import datetime

FORMAT = "%Y-%m-%d %H:%M:%S"


def format_vendor_time(moment: datetime.datetime, zone: datetime.tzinfo) -> str:
    """An aware moment shown in the vendor's zone; a naive one is taken to be in that zone."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(zone)
    return moment.strftime(FORMAT)


def parse_vendor_time(text: str, zone: datetime.tzinfo) -> datetime.datetime:
    """The aware moment a vendor LocalDateTime names; ValueError when it is not one."""
    return datetime.datetime.strptime(text, FORMAT).replace(tzinfo=zone)
