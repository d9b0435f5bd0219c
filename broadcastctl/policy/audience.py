"""The people a campaign calls: its numbers in E.164 form, their countries and time zones.

Computed once per campaign and shared by the policy rules and the plan.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from broadcastctl.lint.campaigns import Numbers
from broadcastctl.policy.numbers import Survey, survey
from broadcastctl.schema import campaign_schema


@dataclass(frozen=True)
class Audience:
    """A campaign's numbers as the vendor would dial them, and what libphonenumber knows."""

    numbers: Numbers
    digits: list[str]  # E.164 without '+'; "" where the item is not a number at all
    survey: Survey
    plus: int = 0  # text items written with a leading '+'
    bare: int = 0  # text items written without one

    @functools.cached_property
    def by_region(self) -> Counter[str]:
        """Valid numbers by region (ISO code)."""
        return self.survey.by_region()

    @functools.cached_property
    def by_zone(self) -> Counter[tuple[str, str]]:
        """Valid numbers by (region, time zone); a number with several zones counts in each."""
        return self.survey.by_zone()


def part_of(audience: Audience, numbers: Numbers, indexes: Sequence[int]) -> Audience:
    """The audience of some of a campaign's numbers (`numbers`, at `indexes` in the whole),
    from the verdicts already made: libphonenumber is not asked again."""
    whole = audience.survey
    digits = [audience.digits[index] for index in indexes]
    groups = [whole.groups[index] for index in indexes]
    return Audience(numbers, digits, Survey(digits, groups, whole.classes))


def audience_of(numbers: Numbers) -> Audience:
    values = numbers.values
    text = _all_text(numbers)
    if text is None:
        digits = [_digits(value) for value in values]
        return Audience(numbers, digits, survey(digits), *plus_signs(values))
    digits, plus, joined = text
    return Audience(numbers, digits, survey(digits, joined), plus, len(values) - plus)


def _all_text(numbers: Numbers) -> tuple[list[str], int, str] | None:
    """The digits of a list of text items, how many start with '+', and the digits joined by
    line ends, in passes over the joined text (a campaign of 200,000 numbers); None when an
    item is not text or holds a line break."""
    if numbers.joined is None:
        return None
    joined = "\n" + numbers.joined
    plus = joined.count("\n+")
    if not plus:
        return list(numbers.values), 0, numbers.joined
    text = joined.replace("\n+", "\n")[1:]
    return text.split("\n"), plus, text


def _digits(value: Any) -> str:
    if type(value) is int:
        return str(value)
    if type(value) is str:
        return value[1:] if value.startswith("+") else value
    return ""


@functools.cache
def _item_pattern() -> re.Pattern[str]:
    items = campaign_schema()["properties"]["numberList"]["items"]
    text = next(branch for branch in items["anyOf"] if branch.get("type") == "string")
    return re.compile(text["pattern"])


def schema_accepts(value: Any) -> bool:
    """Whether the schema takes this item as a number (else bad-number reports it, not us)."""
    if type(value) is int:
        items = campaign_schema()["properties"]["numberList"]["items"]
        whole = next(branch for branch in items["anyOf"] if branch.get("type") == "integer")
        return bool(whole["minimum"] <= value <= whole["maximum"])
    return type(value) is str and _item_pattern().search(value) is not None


def plus_signs(values: Sequence[Any]) -> tuple[int, int]:
    """How many text items start with '+', and how many do not."""
    texts = [value for value in values if type(value) is str]
    plus = sum(1 for value in texts if value.startswith("+"))
    return plus, len(texts) - plus
