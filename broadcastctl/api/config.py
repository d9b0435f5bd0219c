"""Where the vendor API is and how to authenticate: read from the environment, never printed."""

from __future__ import annotations

import datetime
import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from broadcastctl.errors import UsageError

DEFAULT_URL = "https://api.itniotech.com"
# The vendor never states the zone of its LocalDateTime fields; its pushes and CDRs use UTC+8.
DEFAULT_TIMEZONE = datetime.timezone(datetime.timedelta(hours=8))

URL_VARIABLE = "BROADCASTCTL_API_URL"
KEY_VARIABLE = "BROADCASTCTL_API_KEY"
SECRET_VARIABLE = "BROADCASTCTL_API_SECRET"  # noqa: S105 - the variable's name, not a secret
TIMEZONE_VARIABLE = "BROADCASTCTL_API_TIMEZONE"

_OFFSET = re.compile(r"(?P<sign>[+-])(?P<hours>\d{2}):?(?P<minutes>\d{2})")


@dataclass(frozen=True, kw_only=True)
class ApiConfig:
    """The endpoint and credentials; repr and str leave the key and the secret out."""

    url: str = DEFAULT_URL
    api_key: str = field(repr=False)
    api_secret: str = field(repr=False)
    timezone: datetime.tzinfo = DEFAULT_TIMEZONE

    def __post_init__(self) -> None:
        object.__setattr__(self, "url", checked_url(self.url))

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> ApiConfig:
        """Build the configuration from BROADCASTCTL_API_* variables; say which one is missing."""
        return cls(
            url=environ.get(URL_VARIABLE) or DEFAULT_URL,
            api_key=_required(environ, KEY_VARIABLE),
            api_secret=_required(environ, SECRET_VARIABLE),
            timezone=parse_timezone(environ.get(TIMEZONE_VARIABLE) or "+08:00"),
        )


def _required(environ: Mapping[str, str], name: str) -> str:
    value = environ.get(name, "").strip()
    if not value:
        raise UsageError(f"{name} is not set: export it with the vendor account's credentials")
    return value


def checked_url(url: str) -> str:
    """The base URL without a trailing slash; plain http only to this machine's loopback."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(
            f"{URL_VARIABLE} must be an http(s) URL such as {DEFAULT_URL}, got {url!r}"
        )
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise UsageError(
            f"{URL_VARIABLE} uses plain http to {parts.hostname}: the credentials would travel "
            "unencrypted; use https (plain http is allowed only to a loopback address)"
        )
    return url.strip().rstrip("/")


def is_loopback_host(host: str) -> bool:
    """True for localhost, 127.0.0.0/8, ::1 and IPv4-mapped loopback (::ffff:127.0.0.1)."""
    if host.lower() == "localhost":
        return True
    try:
        ip = ipaddress.ip_address(host.strip("[]").split("%", maxsplit=1)[0])
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return ip.is_loopback or (mapped is not None and mapped.is_loopback)


def parse_timezone(text: str, source: str = TIMEZONE_VARIABLE) -> datetime.tzinfo:
    """A fixed offset ("+08:00", "-0530", "Z", "UTC") or an IANA zone name ("Asia/Shanghai");
    `source` names where the text came from, for the error."""
    value = text.strip()
    if value.upper() in ("Z", "UTC"):
        return datetime.UTC
    match = _OFFSET.fullmatch(value)
    if match:
        delta = datetime.timedelta(hours=int(match["hours"]), minutes=int(match["minutes"]))
        return datetime.timezone(-delta if match["sign"] == "-" else delta)
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise UsageError(
            f"{source} must be an offset such as +08:00 or a zone name such as "
            f"Asia/Shanghai, got {text!r}"
        ) from error
