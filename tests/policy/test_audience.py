"""The audience's fast path (text items joined, '+' taken off in one pass) gives what reading
each item on its own gives."""

from __future__ import annotations

import random
from typing import Any

import pytest

from broadcastctl.lint.campaigns import Numbers
from broadcastctl.policy.audience import _digits, audience_of, plus_signs
from broadcastctl.policy.numbers import survey


def numbers_of(values: list[Any]) -> Numbers:
    count = len(values)
    return Numbers(
        file="c.yaml",
        values=values,
        lines=list(range(1, count + 1)),
        columns=[5] * count,
        pointer="/numberList",
    )


def items(rng: random.Random, count: int, kinds: str) -> list[Any]:
    found: list[Any] = []
    for _ in range(count):
        kind = rng.choice(kinds)
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(0, 13)))
        if kind == "+":
            found.append("+" + digits)
        elif kind == "i":
            found.append(int(digits or 0))
        elif kind == "j":  # junk the schema refuses, which must not be read as a number
            found.append(rng.choice(["", "+", "++1", "1+2", "12\n34", "\n+1", None, 1.5, "x"]))
        else:
            found.append(digits)
    return found


@pytest.mark.parametrize("kinds", ["d", "+", "d+", "d+i", "d+j", "dj", "+j", "d+ij"])
@pytest.mark.parametrize("rounds", [40, pytest.param(200, marks=pytest.mark.slow)])
def test_the_fast_path_reads_what_each_item_reads(kinds: str, rounds: int) -> None:
    """40 lists of each mix in the fast tier, the same 40 and 160 more in the slow one."""
    rng = random.Random(kinds)
    for _ in range(rounds):
        values = items(rng, rng.randint(1, 12), kinds)
        audience = audience_of(numbers_of(values))
        expected = [_digits(value) for value in values]
        assert audience.digits == expected, values
        assert (audience.plus, audience.bare) == plus_signs(values), values
        found = survey(expected)
        assert list(audience.survey.valid) == list(found.valid)
        assert audience.survey.zones == found.zones
        assert audience.survey.regions == found.regions
