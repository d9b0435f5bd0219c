"""Counted nouns for every message: "1 number", "2 numbers", "1,200 calls"."""

from __future__ import annotations


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`count` and its noun, singular for exactly one; `many` for a plural not made with -s."""
    word = noun if count == 1 else (many or f"{noun}s")
    return f"{count:,} {word}"


# Each unit is used up to twice the next: "90 seconds", "90 minutes", "30 hours", "3 days".
_UNITS = (("second", 1), ("minute", 60), ("hour", 3_600), ("day", 86_400))


def duration(seconds: float) -> str:
    """A length of time in the unit that fits it: `0.36` s is "0 seconds", never "0 hours"."""
    name, size = _UNITS[0]
    for unit, length in _UNITS[1:]:
        if abs(seconds) < 2 * length:
            break
        name, size = unit, length
    return plural(round(seconds / size), name)
