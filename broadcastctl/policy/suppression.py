"""The do-not-call lists a policy file names, read as a whole: each list once however often it
is named, never skipped when it cannot be read (an error naming it instead), compiled once
(`listcache`), and dated by its `# exported:` line or its last commit.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import os
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import phonenumbers

from broadcastctl import git
from broadcastctl.lint.campaigns import POLICY_NAME, display_name, repository_root
from broadcastctl.lint.diagnostics import Diagnostic, error
from broadcastctl.lint.sourcemap import MappingAt, Mark, value_mark
from broadcastctl.policy.dnclist import SUPPRESSION_LIST_ID, ListProblem, ReadList, export_day
from broadcastctl.policy.listcache import read_compiled
from broadcastctl.policy.numbers import STRETCH_DIGITS
from broadcastctl.safefile import UnreadableFile

MAX_LIST_BYTES = 256 * 1024 * 1024  # a national registry runs to millions of numbers


@dataclass(frozen=True)
class DoNotCall:
    """One do-not-call list: its numbers (E.164 digits as sorted integers), and how old it is."""

    file: str  # as shown to the user
    named_at: Mark  # where the policy file names it
    index: int  # its place in `suppression`
    numbers: Any  # array('Q') of E.164 digits as integers, sorted; a sequence in tests
    exported: dt.date | None  # from its `# exported:` first line, else its last commit
    dated_by: str  # "exported" or "committed" or "" when neither is known
    export_written: str | None = None  # the `# exported:` date as written, to be checked
    registry: str | None = None  # the national registry it is an export of (`registry:`)
    max_age_days: int | None = None  # its own largest age (`max_age_days:`)

    def found_in(self, numbers: Iterable[str] | Wanted) -> set[str]:
        """Which of these numbers (E.164 digits as text) the list holds."""
        wanted = numbers if isinstance(numbers, Wanted) else Wanted.of(numbers)
        if not len(self.numbers) or not wanted.texts:
            return set()
        return _held(self.numbers, wanted)


# A stretch of numbers sharing all but their last four digits (an exchange's line numbers).
_STRETCH = 10**STRETCH_DIGITS


def _held(listed: Any, wanted: Wanted) -> set[str]:
    """The numbers wanted that `listed` (sorted) holds: a short list's entries looked up among
    them, a few looked up one by one, many in one pass over the list, or only over its
    stretches where they could be when they fall in few. Digits with no leading 0 (so
    checked) are the integer as written, so an entry matches a number as its text."""
    size, count = len(listed), len(wanted.texts)
    if size * 20 < count:  # one pass of lookups among its few entries, no set of the numbers
        return set(filter(set(map(str, listed)).__contains__, wanted.texts))
    if count * 20 < size:
        return {str(value) for value in wanted.values if _holds(listed, value, size)}
    stretches = wanted.stretches
    if len(stretches) * 64 >= size:
        return set(map(str, wanted.values.intersection(listed)))
    found: set[str] = set()
    for stretch in stretches:
        low = bisect_left(listed, stretch * _STRETCH)
        high = bisect_left(listed, (stretch + 1) * _STRETCH, low)
        if high > low:  # the campaign's numbers as text only once a stretch holds entries
            found |= wanted.distinct.intersection(map(str, listed[low:high]))
    return found


def _holds(listed: Any, value: int, size: int) -> bool:
    at = bisect_left(listed, value)
    return at < size and bool(listed[at] == value)


@dataclass(frozen=True)
class Wanted:
    """A campaign's numbers checked once for all its lists, as digits with no leading 0; made
    integers, a set, or stretches only when a list's lookup needs that (200,000 of anything
    cost: making them integers alone takes 0.05 s)."""

    texts: Sequence[str]
    known_stretches: frozenset[str] | None = None  # their starts without the last 4 digits

    @classmethod
    def of(
        cls,
        numbers: Iterable[str],
        *,
        all_valid: bool = False,
        stretches: frozenset[str] | None = None,
    ) -> Wanted:
        """`all_valid`: every one is a valid number as written (digits that an integer holds),
        so there is nothing to check; then `stretches`, if given, are those of these numbers
        (the survey's, `numbers.Survey.stretches`)."""
        texts = list(numbers)
        if not all_valid and not _all_digits(texts):
            texts = [digits for digits in texts if _digits(digits)]
        return cls(texts, stretches if all_valid else None)

    @functools.cached_property
    def values(self) -> frozenset[int]:
        return frozenset(map(int, self.texts))

    @functools.cached_property
    def distinct(self) -> frozenset[str]:
        return frozenset(self.texts)

    @functools.cached_property
    def stretches(self) -> set[int]:
        """value // _STRETCH of each number, from its text (a few hundred distinct starts)."""
        starts = self.known_stretches
        if starts is None:
            starts = frozenset(map(_STRETCH_START, self.texts))
        return {int(start or "0") for start in starts}


_STRETCH_START = operator.itemgetter(slice(None, -STRETCH_DIGITS))


def _all_digits(texts: list[str]) -> bool:
    """`_digits` of every text, in a few passes over them joined (a campaign of 200,000)."""
    joined = "\n" + "\n".join(texts) + "\n"
    return (
        joined.isascii()
        and "\n0" not in joined
        and "\n\n" not in joined
        and joined.replace("\n", "").isdigit()
        and max(map(len, texts), default=0) <= 18
    )


def _digits(text: str) -> bool:
    """E.164 digits that an integer holds as written (no leading 0 to lose)."""
    return text.isascii() and text.isdigit() and len(text) <= 18 and not text.startswith("0")


@dataclass(frozen=True)
class Named:
    """One entry of `suppression`: the list's path as written, the country of its
    national-format numbers, the registry it is an export of and its own largest age, each if
    it declares one."""

    name: str
    country: str | None
    index: int
    registry: str | None = None
    max_age_days: int | None = None


def named_lists(entries: list[Any]) -> list[Named]:
    """`suppression` as the schema allows it: a path, or a mapping with `file` and any of
    `country`, `registry` and `max_age_days`."""
    found = []
    for index, entry in enumerate(entries):
        if isinstance(entry, str):
            found.append(Named(entry, None, index))
        elif isinstance(entry, dict) and isinstance(entry.get("file"), str):
            country, registry, age = (entry.get(key) for key in _OPTIONS)
            found.append(
                Named(
                    entry["file"],
                    country if isinstance(country, str) else None,
                    index,
                    registry if isinstance(registry, str) else None,
                    int(age)
                    if isinstance(age, int | float) and not isinstance(age, bool)
                    else None,
                )
            )
    return found


_OPTIONS = ("country", "registry", "max_age_days")


def read_lists(
    folder: Path, entries: list[Any], positions: MappingAt
) -> tuple[list[DoNotCall], list[Diagnostic]]:
    """Every list the policy names, each read once; problems become diagnostics."""
    lists: list[DoNotCall] = []
    problems: list[Diagnostic] = []
    policy_file = display_name(folder / POLICY_NAME)
    root = repository_root(folder / POLICY_NAME)
    seen: set[tuple[str, str | None, str | None, int | None]] = set()
    for named in named_lists(entries):
        at = _at(positions, named)
        pointer = f"/suppression/{named.index}"
        refused = _refused(named.name, folder / named.name, root) or _unknown(named.country)
        if refused:
            problems.append(error(policy_file, at, SUPPRESSION_LIST_ID, refused, pointer))
            continue
        target = folder / named.name
        identity = (os.path.realpath(target), named.country, named.registry, named.max_age_days)
        if identity in seen:
            continue  # named again alike: read, dated and judged once
        seen.add(identity)
        try:
            read = _compiled(target, root, named.country)
        except UnreadableFile as problem:
            message = f"do-not-call list '{named.name}' cannot be read ({problem.reason}); "
            message += "without it, lint cannot tell who must not be called"
            problems.append(error(policy_file, at, SUPPRESSION_LIST_ID, message, pointer))
            continue
        file = display_name(target)
        lists.append(_dated(target, file, at, named, read))
        problems += [_diagnostic(file, problem) for problem in read.problems]
    return lists, problems


def _at(positions: MappingAt, named: Named) -> Mark:
    """Where the list's path stands (the deepest part of it found)."""
    return value_mark(positions, ["suppression", named.index, "file"])


def _compiled(target: Path, root: Path, country: str | None) -> ReadList:
    return read_compiled(
        target,
        root,
        max_bytes=MAX_LIST_BYTES,
        csv_file=target.suffix.lower() == ".csv",
        country=country,
    )


def _dated(target: Path, file: str, at: Mark, named: Named, read: ReadList) -> DoNotCall:
    exported = export_day(read.exported)
    dated_by = "exported" if exported else ""
    if exported is None and read.exported is None:
        exported = _last_commit(os.path.realpath(target))
        dated_by = "committed" if exported else ""
    return DoNotCall(
        file,
        at,
        named.index,
        read.numbers,
        exported,
        dated_by,
        read.exported,
        named.registry,
        named.max_age_days,
    )


@functools.lru_cache(maxsize=1024)
def _last_commit(path: str) -> dt.date | None:
    """One git call per list file, however many times and by whichever name it is named."""
    return git.last_commit_date(Path(path))


def _diagnostic(file: str, problem: ListProblem) -> Diagnostic:
    return error(file, (problem.line, problem.column), problem.rule, problem.message)


def _unknown(country: str | None) -> str | None:
    if country is None or phonenumbers.country_code_for_region(country):
        return None
    return f"`country: {country}` is not a region with phone numbers; write its ISO code, like US"


def _refused(name: str, target: Path, root: Path) -> str | None:
    """Why a list is not read: a name that cannot be a path, or one outside the repository,
    where no review sees it."""
    if "\0" in name:
        return f"do-not-call list {name!r} holds a NUL byte; write the path of a file"
    if Path(name).is_absolute() or name.startswith("~"):
        return f"do-not-call list '{name}' is an absolute path; write it relative to {POLICY_NAME}"
    try:
        inside = target.resolve().is_relative_to(root)
    except (OSError, RuntimeError, ValueError):  # a symlink loop: reading it says so
        return None
    if inside:
        return None
    return (
        f"do-not-call list '{name}' leads outside the repository ({root}); keep it inside, so "
        "that every review and every deploy judges the same numbers"
    )
