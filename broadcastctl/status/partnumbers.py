"""Which of a campaign's numbers each of its zone parts was sent, for picking records that name
no task: the state keeps only a salted digest of each part's numbers and their count, so a
candidate set is proposed and accepted only when the digest matches it.

A part is the numbers of one or more sets of zones (the zones libphonenumber gives a number),
merged where their offsets agree: the candidates are the unions of the campaign's numbers
grouped by their zones. Nothing is guessed: a set the digest does not confirm is not used.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

# Unions of at most this many groups of zones are tried: 2^12 sums of counts at most per part.
MOST_GROUPS = 12


@dataclass(frozen=True)
class PartSent:
    """What the state knows of a part's numbers: their count, and whether a set is theirs
    (its digest; None: unknown)."""

    task_name: str
    count: int
    matches: Callable[[Iterable[str]], bool | None]


def numbers_by_part(
    numbers: Sequence[str], parts: Sequence[PartSent]
) -> Mapping[str, list[str]] | None:
    """Each part's numbers (by task name), every one confirmed by its digest; None when the
    numbers cannot be told apart so."""
    groups = _by_zones(dict.fromkeys(numbers))
    if len(groups) > MOST_GROUPS:
        return None
    found = {}
    for part in parts:
        chosen = _confirmed(groups, part)
        if chosen is None:
            return None
        found[part.task_name] = chosen
    return found


def _by_zones(numbers: Iterable[str]) -> list[list[str]]:
    from broadcastctl.status.summary import place_of  # noqa: PLC0415 - its tables, only here

    groups: dict[tuple[str, ...], list[str]] = {}
    for number in numbers:
        groups.setdefault(tuple(sorted(place_of(number).zones)), []).append(number)
    return list(groups.values())


def _confirmed(groups: Sequence[list[str]], part: PartSent) -> list[str] | None:
    """The union of groups whose count is the part's and whose digest the state confirms."""
    for size in range(1, len(groups) + 1):
        for chosen in itertools.combinations(groups, size):
            if sum(len(group) for group in chosen) != part.count:
                continue
            union = [number for group in chosen for number in group]
            if part.matches(union):
                return union
    return None
