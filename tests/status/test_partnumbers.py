"""Which of a campaign's numbers each zone part was sent: only sets the state's digest confirms."""

from __future__ import annotations

from collections.abc import Sequence

from broadcastctl.state.entry import Entry, numbers_digest
from broadcastctl.status.partnumbers import PartSent, numbers_by_part

NEW_YORK = ["12025550101", "12025550102"]
TORONTO = ["14165550101"]  # another zone, the same offsets: one part with New York
HONOLULU = ["18085550101", "18085550102", "18085550103"]


def sent(name: str, numbers: Sequence[str]) -> PartSent:
    entry = Entry(name, 1, None, len(numbers), numbers_digest(numbers), None, "", None, "")
    return PartSent(name, len(numbers), entry.same_numbers)


def test_each_part_gets_the_numbers_its_digest_confirms() -> None:
    parts = [sent("east", NEW_YORK + TORONTO), sent("west", HONOLULU)]
    found = numbers_by_part(HONOLULU + TORONTO + NEW_YORK, parts)
    assert found is not None
    assert sorted(found["east"]) == sorted(NEW_YORK + TORONTO)
    assert sorted(found["west"]) == HONOLULU


def test_numbers_no_digest_confirms_tell_nothing() -> None:
    parts = [sent("east", NEW_YORK), sent("west", HONOLULU)]
    assert numbers_by_part(NEW_YORK + HONOLULU[:2] + ["18085550199"], parts) is None
    assert numbers_by_part(NEW_YORK + TORONTO + HONOLULU, [sent("east", NEW_YORK[:1])]) is None
