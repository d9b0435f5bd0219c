"""Phone numbers are personal data: everything broadcastctl prints shows them masked."""

from __future__ import annotations

from typing import Any


def mask_number(value: Any) -> str:
    """`84901234567` -> `8490****567`: enough to recognise a number, not enough to dial it."""
    text = str(value)
    if len(text) >= 8:
        return f"{text[:4]}****{text[-3:]}"
    if len(text) >= 4:
        return f"{text[:2]}****{text[-1:]}"
    return "****"
