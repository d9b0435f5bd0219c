"""The vendor's request signature: MD5 of key + secret + Unix timestamp, sent in three headers."""

from __future__ import annotations

import hashlib

CONTENT_TYPE = "application/json;charset=UTF-8"


def sign(api_key: str, api_secret: str, timestamp: str) -> str:
    """Lowercase hex MD5 of the plain concatenation, as the vendor's worked example shows."""
    text = f"{api_key}{api_secret}{timestamp}"
    # MD5 is the vendor's choice of signature, not ours; it protects nothing stored here.
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def signed_headers(api_key: str, api_secret: str, now: float) -> dict[str, str]:
    """The headers every vendor request carries, signed for the given Unix time."""
    timestamp = str(int(now))
    return {
        "Api-Key": api_key,
        "Timestamp": timestamp,
        "Sign": sign(api_key, api_secret, timestamp),
        "Content-Type": CONTENT_TYPE,
    }
