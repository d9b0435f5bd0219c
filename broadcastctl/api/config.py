"""Where the vendor API is and how to authenticate: read from the environment, never printed."""

from __future__ import annotations

import datetime
import ipaddress
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import SplitResult, urlsplit

from broadcastctl.api.vendortime import DEFAULT_TIMEZONE, vendor_timezone
from broadcastctl.errors import UsageError

DEFAULT_URL = "https://api.itniotech.com"

URL_VARIABLE = "BROADCASTCTL_API_URL"
KEY_VARIABLE = "BROADCASTCTL_API_KEY"
SECRET_VARIABLE = "BROADCASTCTL_API_SECRET"  # noqa: S105 - the variable's name, not a secret
TIMEOUT_VARIABLE = "BROADCASTCTL_TIMEOUT"
# Seconds a run may spend waiting on the vendor, all its calls and retries together: long
# enough for a large deploy or results, short enough that a vendor trickling its answers
# (each attempt may take 120 s) cannot hold a scheduled job for many minutes.
DEFAULT_RUN_TIMEOUT = 300.0
MAX_RUN_TIMEOUT = 7 * 86_400.0


def run_timeout(environ: Mapping[str, str] = os.environ) -> float:
    """The run's limit from BROADCASTCTL_TIMEOUT (set by --timeout), else the default."""
    text = environ.get(TIMEOUT_VARIABLE, "").strip()
    if not text:
        return DEFAULT_RUN_TIMEOUT
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not 1 <= seconds <= MAX_RUN_TIMEOUT:  # NaN and infinity fail here too
        raise UsageError(
            f"{TIMEOUT_VARIABLE} (--timeout) must be a number of seconds from 1 to "
            f"{MAX_RUN_TIMEOUT:,.0f}, got {text[:40]!r}"
        )
    return seconds


@dataclass(frozen=True, kw_only=True)
class ApiConfig:
    """The endpoint and credentials; repr and str leave the key and the secret out."""

    url: str = DEFAULT_URL
    api_key: str = field(repr=False)
    api_secret: str = field(repr=False)
    timezone: datetime.tzinfo = DEFAULT_TIMEZONE
    # Seconds the run may wait on the vendor in all (see transport's `RunBudget`).
    run_timeout: float = field(default_factory=run_timeout)

    def __repr__(self) -> str:
        return f"ApiConfig(url={self.shown_url!r}, timezone={self.timezone!r})"

    @property
    def shown_url(self) -> str:
        """The URL as it may be printed: a user name and password in it are left out."""
        return shown_url(self.url)

    @property
    def url_secrets(self) -> tuple[str, ...]:
        """The user name and password the URL carries, to redact wherever they might show."""
        parts = urlsplit(self.url)
        return tuple(value for value in (parts.password, parts.username) if value)

    def __post_init__(self) -> None:
        object.__setattr__(self, "url", checked_url(self.url))
        for name, value in ((KEY_VARIABLE, self.api_key), (SECRET_VARIABLE, self.api_secret)):
            _check_header_safe(name, value)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> ApiConfig:
        """Build the configuration from BROADCASTCTL_API_* variables; say which one is missing."""
        return cls(
            url=environ.get(URL_VARIABLE) or DEFAULT_URL,
            api_key=_required(environ, KEY_VARIABLE),
            api_secret=_required(environ, SECRET_VARIABLE),
            timezone=vendor_timezone(environ),
        )


def _check_header_safe(name: str, value: str) -> None:
    """Credentials travel in HTTP headers: printable ASCII only (and never echoed back)."""
    if not (value.isascii() and value.isprintable()) or value != value.strip():
        raise UsageError(
            f"{name} holds a character an HTTP header cannot carry (a line break, a space at an "
            "end, or a non-ASCII letter); copy the credential again"
        )


def _required(environ: Mapping[str, str], name: str) -> str:
    value = environ.get(name, "").strip()
    if not value:
        raise UsageError(f"{name} is not set: export it with the vendor account's credentials")
    return value


def checked_url(url: str) -> str:
    """The base URL without a trailing slash; plain http only to this machine's loopback."""
    parts = _split(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(
            f"{URL_VARIABLE} must be an http(s) URL such as {DEFAULT_URL}, got {shown_url(url)!r}"
        )
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise UsageError(
            f"{URL_VARIABLE} uses plain http to {parts.hostname}: the credentials would travel "
            "unencrypted; use https (plain http is allowed only to a loopback address)"
        )
    return url.strip().rstrip("/")


def _split(url: str) -> SplitResult:
    """The URL's parts; a malformed one (`http://[::1`, a port that is not a number) is the
    variable's fault, said as such."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - parsed lazily: this is where a bad port raises
    except ValueError as error:
        raise UsageError(
            f"{URL_VARIABLE} is not a valid URL ({error}); set it to a URL such as {DEFAULT_URL}"
        ) from None
    return parts


def shown_url(url: str) -> str:
    """The URL with any user name and password replaced by `***`."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(a malformed URL)"
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", maxsplit=1)[1]
    return parts._replace(netloc=f"***@{host}").geturl()


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
