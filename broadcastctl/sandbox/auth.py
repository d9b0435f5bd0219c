"""The vendor's signature check: Api-Key, Timestamp and an MD5 Sign, within a time window."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

from broadcastctl.api.codes import VendorCode
from broadcastctl.sandbox.errors import Rejected


def authenticate(
    headers: tuple[str | None, str | None, str | None],
    credentials: tuple[str, str],
    clocks: Sequence[float],
    window: float,
) -> None:
    """Refuse with AUTHENTICATION (credentials) or TIMESTAMP_EXPIRED (a Timestamp outside the
    window of every clock).

    Never says what the Sign should have been.
    """
    api_key, timestamp, sign = headers
    if not api_key or not timestamp or not sign:
        raise Rejected(
            VendorCode.AUTHENTICATION, "the Api-Key, Timestamp and Sign headers are required"
        )
    key, secret = credentials
    expected = hashlib.md5(f"{key}{secret}{timestamp}".encode(), usedforsecurity=False).hexdigest()
    if not hmac.compare_digest(api_key.encode(), key.encode()):
        raise Rejected(VendorCode.AUTHENTICATION, "authentication failed: unknown Api-Key")
    if not hmac.compare_digest(sign.strip().lower().encode(), expected.encode()):
        raise Rejected(VendorCode.AUTHENTICATION, "authentication failed: the Sign does not match")
    try:
        sent = int(timestamp)
    except ValueError as error:
        raise Rejected(
            VendorCode.TIMESTAMP_EXPIRED,
            "timestamp expires: Timestamp must be Unix time in seconds",
        ) from error
    off_by = min((sent - now for now in clocks), key=abs)
    if abs(off_by) > window:
        raise Rejected(
            VendorCode.TIMESTAMP_EXPIRED,
            f"timestamp expires: Timestamp is {off_by:+.0f} s from the server's clock "
            f"(allowed: within {window:g} s)",
        )
