"""Counted nouns for every message: "1 number", "2 numbers", "1,200 calls"."""

from __future__ import annotations


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`count` and its noun, singular for exactly one; `many` for a plural not made with -s."""
    word = noun if count == 1 else (many or f"{noun}s")
    return f"{count:,} {word}"
