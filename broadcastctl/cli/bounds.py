"""Argument types with bounds: a number inside its range, or a message that says what the option
takes (argparse's own words would name a private function)."""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable


def bounded(
    kind: Callable[[str], float], low: float, high: float, what: str, *, above: bool = False
) -> Callable[[str], float]:
    """An argument type: a number of `kind` from `low` (or above it) to `high`; anything else,
    a word included, is refused with a message that says what the option takes."""

    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            value = math.nan  # fails every comparison below
        finite = not isinstance(value, float) or math.isfinite(value)
        inside = (low < value if above else low <= value) and value <= high
        if not (finite and inside):
            raise argparse.ArgumentTypeError(f"{text!r} is not {what}")
        return value

    return parse


MAX_DAYS = 36_500  # a century: far beyond any real use, well within datetime's range
MAX_WORKERS = 64  # requests in flight; the vendor throttles far below that
SINCE_DAYS = bounded(int, 1, MAX_DAYS, f"a whole number of days from 1 to {MAX_DAYS:,}")
WORKERS = bounded(int, 1, MAX_WORKERS, f"a whole number of requests from 1 to {MAX_WORKERS}")
HOURS = bounded(float, 0, MAX_DAYS * 24, "a number of hours above 0", above=True)
RATE = bounded(float, 0, math.inf, "a number of requests a second, 0 (no limit) or more")
ANY_INT = bounded(int, -math.inf, math.inf, "a whole number")
DURATION = re.compile(r"(-?\d+(?:\.\d+)?)([smhd]?)")
UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3_600, "d": 86_400}


def duration(text: str) -> float:
    """A length of time such as 90, 30s, 90m, 2h or 1d, in seconds."""
    match = DURATION.fullmatch(text.strip())
    if match is None or abs(seconds := float(match[1]) * UNIT_SECONDS[match[2]]) > 3_650 * 86_400:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a duration such as 30s, 90m, 2h or 1d (at most 3650d)"
        )
    return seconds


MAX_RUN_SECONDS = 7 * 86_400


def run_timeout(text: str) -> float:
    """--timeout: a duration from 1 s to 7 days."""
    seconds = duration(text)
    if not 1 <= seconds <= MAX_RUN_SECONDS:
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration from 1s to 7d")
    return seconds


COUNT = bounded(int, 0, math.inf, "a whole number, 0 or more")
SECONDS = bounded(float, 0, math.inf, "a number of seconds, 0 or more")
SHARE = bounded(float, 0, 1, "a share from 0 to 1")
