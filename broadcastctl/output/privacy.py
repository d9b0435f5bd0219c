"""Phone numbers are personal data: everything broadcastctl prints shows them masked."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# Campaign fields holding phone numbers: the callees, and the caller id masked_at to them.
PHONE_FIELDS = ("numberList", "displayNum")


def mask_number(value: Any) -> str:
    """`84901234567` -> `8490****567`: enough to recognise a number, not enough to dial it."""
    text = str(value)
    if len(text) >= 8:
        return f"{text[:4]}****{text[-3:]}"
    if len(text) >= 4:
        return f"{text[:2]}****{text[-1:]}"
    return "****"


def is_phone_path(path: Sequence[str | int]) -> bool:
    """Whether a value at this path of a campaign is a phone number."""
    return bool(path) and path[0] in PHONE_FIELDS


def masked_at(path: Sequence[str | int], text: str) -> str:
    """A value as it may appear in a message: masked when it is a phone number."""
    return mask_number(text) if is_phone_path(path) else text
