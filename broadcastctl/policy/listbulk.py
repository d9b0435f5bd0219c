"""The entries of a do-not-call list made integers and judged in bulk, for registries of
millions of lines: a chunk's lines of digits become integers in a few numpy passes, and each
is judged by its first digits alone (`decisive`), one verdict per prefix seen, kept for the
whole list; the sorted integers are the list's compiled form.

A verdict is `numbers.valid_flags` of a number of that prefix and length, so the verdicts are
those of judging every line by itself; tests/policy/test_listbulk.py holds the two ways to
agree. A line that is not digits alone (or starts with 0, or is longer than any number), or
whose verdict is not valid, is left to the caller, which reads it as libphonenumber does.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from broadcastctl.policy.decisive import decisive_digits
from broadcastctl.policy.numbers import valid_flags

_Ints = npt.NDArray[np.int64]
LONGEST = 17  # digits: no number is longer (E.164 allows 15), and an int64 holds 18
_START = 5  # the first digits `valid_flags` builds its pattern from (numbers._START)
_POWERS = np.array([10**n for n in range(LONGEST + 1)], dtype=np.int64)
_ZERO, _NINE, _LINE_END, _COMMA = ord("0"), ord("9"), ord("\n"), ord(",")


@dataclass(frozen=True)
class Parsed:
    """A chunk's lines (one entry each): the integers of its lines of digits, by length, with
    their line indices; the lines that are not such; and what the pattern is built from."""

    by_length: dict[int, tuple[_Ints, _Ints]]  # length: (line indices, integers)
    others: _Ints  # line indices
    starts: set[str]  # the first digits of the lines of digits
    lengths: set[int]


def parse(joined: bytes) -> Parsed:
    """`joined`: lines separated by `\\n`, none empty."""
    data = np.frombuffer(joined, dtype=np.uint8)
    starts, ends = _lines(np.flatnonzero(data == _LINE_END), len(data))
    count = len(starts)
    lengths = ends - starts
    other = (lengths < 1) | (lengths > LONGEST)
    other |= data[np.minimum(starts, len(data) - 1)] == _ZERO  # an integer would lose its 0
    stray = np.flatnonzero(((data < _ZERO) | (data > _NINE)) & (data != _LINE_END))
    other[np.searchsorted(starts, stray, side="right") - 1] = True
    by_length = {}
    uniform = not other.any() and bool((lengths == lengths[0]).all())
    for length in [int(lengths[0])] if uniform else np.unique(lengths[~other]).tolist():
        if uniform:  # one length: the lines are the rows of a table
            lines = np.arange(count, dtype=np.int64)
            rows = np.frombuffer(joined + b"\n", dtype=np.uint8).reshape(count, length + 1)
        else:
            lines = np.flatnonzero(~other & (lengths == length))
            rows = data[starts[lines][:, None] + np.arange(length)]
        by_length[length] = (lines, _integers(rows, length))
    found = set()
    for length, (_, values) in by_length.items():
        heads = _distinct(values // 10 ** max(length - _START, 0))
        found |= set(map(str, heads.tolist()))
    return Parsed(by_length, np.flatnonzero(other), found, set(by_length))


def cells(chunk: bytes, column: int) -> bytes:
    """The cell `column` (from 0) of each line of a chunk without quotes, one a line (blank
    where a line has fewer cells): what `(?:[^,\\n]*,){column}([^,\\n]*)` finds in each line."""
    data = np.frombuffer(chunk, dtype=np.uint8)
    line_ends = data == _LINE_END
    starts, ends = _lines(np.flatnonzero(line_ends), len(data))
    commas = np.append(np.flatnonzero(data == _COMMA), len(data))  # and one past the end
    last = len(commas) - 1
    first = np.searchsorted(commas, starts)  # the first comma of each line, if it has one
    if column:
        before = commas[np.minimum(first + column - 1, last)]  # the one before the cell
        begin = np.where(before < ends, before + 1, ends)
    else:
        begin = starts
    end = np.maximum(np.minimum(commas[np.minimum(first + column, last)], ends), begin)
    # 1 from each cell's first byte to its end: no two cells share a start or an end
    inside = np.zeros(len(data) + 1, dtype=np.int8)
    inside[begin] += 1
    inside[end] -= 1
    keep = np.cumsum(inside[:-1], dtype=np.int8).view(np.bool_)
    keep |= line_ends
    return data[keep].tobytes()


def _lines(line_ends: _Ints, size: int) -> tuple[_Ints, _Ints]:
    """Where each line starts and ends, from the positions of the line ends."""
    starts = np.zeros(len(line_ends) + 1, dtype=np.int64)
    starts[1:] = line_ends + 1
    ends = np.append(line_ends, size)
    return starts, ends


def _distinct(values: _Ints) -> _Ints:
    """The values once each, sorted (sorting costs a tenth of numpy's hashing `unique`)."""
    ordered = np.sort(values)
    keep = np.ones(len(ordered), dtype=bool)
    keep[1:] = ordered[1:] != ordered[:-1]
    return ordered[keep]


def _kept(known: _Ints, valid: npt.NDArray[np.bool_]) -> tuple[_Ints, npt.NDArray[np.bool_]]:
    """The verdicts of prefixes of 5 digits or more."""
    keep = known >= 10 ** (_START - 1)
    return known[keep], valid[keep]


def _integers(rows: npt.NDArray[np.uint8], length: int) -> _Ints:
    values = np.zeros(len(rows), dtype=np.int64)
    for column in range(length):
        values *= 10
        values += rows[:, column]
        values -= _ZERO
    return values


@dataclass
class Judge:
    """The valid integers of every chunk so far, and the verdicts of the prefixes seen, for
    the pattern of the starts and lengths they were judged by."""

    parts: list[_Ints] = field(default_factory=list)
    pattern_of: tuple[frozenset[str], frozenset[int]] | None = None
    verdicts: dict[int, tuple[_Ints, npt.NDArray[np.bool_]]] = field(
        default_factory=dict
    )  # by length: (prefixes sorted, valid)

    def take(self, parsed: Parsed, first: frozenset[str], lengths: frozenset[int]) -> list[int]:
        """Keep the valid integers; the line indices of the others, in order."""
        if self.pattern_of != (first, lengths):  # a pattern of more starts
            self.pattern_of = (first, lengths)
            # A verdict is libphonenumber's for every number of its length and prefix whose
            # first digits were in the pattern: one of 5 digits or more stays true (a prefix
            # of fewer is judged again).
            self.verdicts = {n: _kept(*verdicts) for n, verdicts in self.verdicts.items()}
        decisive = np.array(decisive_digits(first, lengths), dtype=np.int64)
        left = [parsed.others]
        for length, (lines, values) in parsed.by_length.items():
            if length > 3:  # the first three digits tell the country code, and its digits
                starts = values // 10 ** (length - 3)
                cut = np.maximum(length - decisive[starts], 0)
            else:
                cut = np.zeros(len(values), dtype=np.int64)
            valid = self._valid(length, values // _POWERS[cut], first, lengths)
            self.parts.append(values[valid])
            left.append(lines[~valid])
        return sorted(np.concatenate(left).tolist())

    def _valid(
        self,
        length: int,
        prefixes: _Ints,
        first: frozenset[str],
        lengths: frozenset[int],
    ) -> npt.NDArray[np.bool_]:
        """The verdict of each number by its prefix: the digits it has are those that decide
        a number of its first digits, so a prefix stands for one set of numbers."""
        known, valid = self.verdicts.get(length, (np.zeros(0, np.int64), np.zeros(0, bool)))
        seen = _distinct(prefixes)
        at = np.minimum(np.searchsorted(known, seen), max(len(known) - 1, 0))
        new = (known[at] != seen) if len(known) else np.ones(len(seen), dtype=bool)
        if new.any():
            digits = np.searchsorted(_POWERS, seen[new], side="right")
            examples = seen[new] * _POWERS[length - digits]  # a number of each new prefix
            texts = [str(number) for number in examples.tolist()]
            flags = np.frombuffer(valid_flags(texts, first, lengths), dtype=np.uint8) == 1
            known = np.concatenate([known, seen[new]])
            valid = np.concatenate([valid, flags])
            order = np.argsort(known, kind="stable")
            known, valid = known[order], valid[order]
            self.verdicts[length] = (known, valid)
        refused = known[~valid]
        refused = refused[np.isin(refused, seen)] if len(refused) else refused
        if not len(refused):  # the usual case: every prefix of the chunk is valid
            return np.ones(len(prefixes), dtype=bool)
        at = np.minimum(np.searchsorted(refused, prefixes), len(refused) - 1)
        accepted: npt.NDArray[np.bool_] = refused[at] != prefixes
        return accepted

    def count(self) -> int:
        return sum(map(len, self.parts))

    def numbers(self, more: array[int]) -> array[int]:
        """Every valid integer kept, with `more` (an array('Q')), sorted, as an array('Q')."""
        found = np.concatenate([*self.parts, np.frombuffer(more, dtype=np.int64)])  # < 2**63
        found.sort()
        numbers = array("Q")
        numbers.frombytes(found.data.cast("B"))
        return numbers
