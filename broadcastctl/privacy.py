"""Phone numbers are personal data: everything broadcastctl prints shows them masked."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Sequence
from typing import Any

# Campaign fields holding phone numbers: the callees, and the caller id masked_at to them.
PHONE_FIELDS = ("numberList", "displayNum")
# Fields whose value a plan never carries as written: the caller id, and the audio itself.
PRIVATE_FIELDS = ("displayNum", "baseFile")
# A digest standing in for the data it replaces: "sha256:<hex>" (the state records audio so).
DIGEST_PREFIX = "sha256:"


# The shortest number the vendor calls. A shorter value reaches no one: it is shown as written,
# since a mask of it (`01****3` for `0123`) would show a value nobody wrote.
SHORTEST_NUMBER = 7


def mask_number(value: Any) -> str:
    """`84901234567` -> `8490****567`: enough to recognise a number, not enough to dial it.
    Four digits are hidden whatever the length; a value too short for that is shown as it is."""
    text = str(value)
    if len(text) >= 8:
        return f"{text[:4]}****{text[-3:]}"
    if len(text) >= SHORTEST_NUMBER:
        return f"{text[:2]}****{text[-1:]}"
    return text


def is_phone_path(path: Sequence[str | int]) -> bool:
    """Whether a value at this path of a campaign is a phone number."""
    return bool(path) and path[0] in PHONE_FIELDS


def masked_at(path: Sequence[str | int], text: str) -> str:
    """A value as it may appear in a message: masked when it is a phone number."""
    return mask_number(text) if is_phone_path(path) else text


def private_value(field: str, value: Any) -> Any:
    """A changed field's value as a plan may carry it: the caller id masked, audio by size and
    digest, anything else as it is (numbers never get here: a plan holds their count)."""
    if field not in PRIVATE_FIELDS or value is None or value == "":
        return value
    if field == "displayNum":
        return mask_number(value)
    return audio_summary(str(value))


def audio_summary(encoded: str) -> str:
    """Base64 audio as a reviewer may see it: its size and the start of its digest."""
    if encoded.startswith(DIGEST_PREFIX):  # only its digest is known
        return f"audio, sha256 {encoded.removeprefix(DIGEST_PREFIX)[:12]}"
    try:
        size = len(base64.b64decode(encoded, validate=True))
    except (binascii.Error, ValueError):
        size = len(encoded)
    return f"audio, {size:,} bytes, sha256 {hashlib.sha256(encoded.encode()).hexdigest()[:12]}"


# A run of 7 to 15 digits (a phone number's length), not part of a longer run: in text that
# came from elsewhere (a vendor's error reason may echo the request body), any such run may
# be a number someone can be called on.
_DIGIT_RUN = re.compile(r"(?<!\d)\d{7,}(?!\d)")


def mask_numbers_in(text: str) -> str:
    """Free text with every run of seven or more digits masked like a phone number."""
    return _DIGIT_RUN.sub(lambda match: mask_number(match.group()), text)
