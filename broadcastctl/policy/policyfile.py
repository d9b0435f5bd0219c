"""Find and read the policy file, broadcastctl.yaml, and the do-not-call lists it names.

Like the campaign loader, this module reads files; problems become diagnostics in the policy
file or the list, never exceptions.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from broadcastctl import git
from broadcastctl.lint.campaigns import (
    POLICY_NAME,
    absolute,
    display_name,
    remembered,
    repository_root,
)
from broadcastctl.lint.diagnostics import Diagnostic, error, json_pointer
from broadcastctl.lint.numberfile import NUMBER_COLUMN, read_entries
from broadcastctl.lint.registry import Group, Rule
from broadcastctl.lint.sourcemap import MappingAt, Mark, key_mark, value_mark
from broadcastctl.lint.yamlload import YAML_EMPTY, YamlProblem, decode, load_yaml
from broadcastctl.policy.quickcheck import valid_policy
from broadcastctl.schema import policy_schema

MAX_POLICY_BYTES = 1024 * 1024
MAX_LIST_BYTES = 256 * 1024 * 1024  # a national registry runs to millions of numbers
DEFAULT_HOURS = "08:00-21:00"
DEFAULT_MAX_AGE_DAYS = 31
DEFAULT_MAX_CALLING_DAYS = 7  # days of calling hours judged at most (`max_calling_days`)
EVERY_COUNTRY = "*"  # the key of `calling_hours.default` among the overrides by country
POLICY = "policy"
SUPPRESSION_LIST = "suppression-list"
# The rules this module reports, as the registry lists them (`broadcastctl.checks.registry`).
RULES = (
    Rule(POLICY, "the policy file, broadcastctl.yaml, follows its schema", Group.POLICY),
    Rule(SUPPRESSION_LIST, "each do-not-call list can be read, one number per line", Group.POLICY),
)
_EXPORTED = re.compile(r"#\s*exported:\s*(\d{4}-\d{2}-\d{2})\s*$")


@dataclass(frozen=True)
class Window:
    """Local hours a phone may ring, in minutes after midnight: [start, end)."""

    start: int
    end: int

    @classmethod
    def parse(cls, text: str) -> Window:
        start, end = text.split("-")
        return cls(_minutes(start), _minutes(end))

    def __str__(self) -> str:
        return f"{_clock(self.start)}-{_clock(self.end)}"


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02}:{minutes % 60:02}"


@dataclass(frozen=True)
class DoNotCall:
    """One do-not-call list: its numbers in E.164 form without '+', and how old it is."""

    file: str  # as shown to the user
    named_at: Mark  # where the policy file names it
    index: int  # its place in `suppression`
    numbers: Sequence[str]
    exported: dt.date | None  # from its `# exported:` first line, else its last commit
    dated_by: str  # "exported" or "committed" or "" when neither is known
    registry: str | None = None  # the national registry it is an export of (`registry:`)
    max_age_days: int | None = None  # its own largest age (`max_age_days:`)

    @functools.cached_property
    def as_set(self) -> frozenset[str]:
        return frozenset(self.numbers)

    def found_in(self, numbers: set[str]) -> set[str]:
        """Which of these numbers the list holds.

        One large campaign passes once over the list; many small ones share one set of it.
        """
        if "as_set" not in self.__dict__ and len(numbers) * 20 >= len(self.numbers):
            return numbers.intersection(self.numbers)
        return numbers & self.as_set


@dataclass(frozen=True)
class CountryOverride:
    """What a policy file's `calling_rules` says of one country, and where it says it."""

    where: str  # "broadcastctl.yaml line 7"
    hours: Mapping[str, tuple[Window, ...]] = field(default_factory=dict)  # by day kind
    holidays: bool | None = None
    frequency: tuple[int, int] | None = None  # (calls, days)
    registry_max_age_days: int | None = None

    def __hash__(self) -> int:
        return hash((self.where, tuple(self.hours.items()), self.holidays, self.frequency))


@dataclass(frozen=True)
class Policy:
    """What broadcastctl.yaml says, with the defaults for what it leaves out."""

    file: str | None = None  # None: no policy file, the defaults apply
    positions: MappingAt | None = None
    countries: frozenset[str] | None = None
    suppression: tuple[DoNotCall, ...] = ()
    max_age_days: int = DEFAULT_MAX_AGE_DAYS
    max_new_calls: int | None = None
    # by country (or "default"): `calling_rules`, with `calling_hours` read as hours every day
    calling_rules: Mapping[str, CountryOverride] = field(default_factory=dict)
    max_calling_days: int = DEFAULT_MAX_CALLING_DAYS

    def at(self, *path: str | int) -> Mark:
        return value_mark(self.positions, path) if self.positions else (1, 1)


DEFAULT_POLICY = Policy()


@dataclass(frozen=True)
class LoadedPolicy:
    policy: Policy
    diagnostics: list[Diagnostic]


def find_policy(path: Path) -> Path | None:
    """The nearest broadcastctl.yaml in the folders above `path`, up to its repository root."""
    # the folder, not the file: a file may be a broken link or a loop, which loading reports
    written = absolute(path)
    if not os.path.isdir(written):
        written = os.path.dirname(written)
    return remembered(("policy", written), lambda: _policy_above(written))


def _policy_above(written: str) -> Path | None:
    start = Path(written).resolve()
    root = repository_root(start / POLICY_NAME)
    for folder in (start, *start.parents):
        candidate = folder / POLICY_NAME
        if candidate.is_file():
            return candidate
        if folder == root:
            return None
    return None


@functools.cache
def load_policy(path: Path | None) -> LoadedPolicy:
    """The policy in a file (None: the defaults); problems become diagnostics."""
    if path is None:
        return LoadedPolicy(DEFAULT_POLICY, [])
    file = display_name(path)
    try:
        raw = _bounded(path, MAX_POLICY_BYTES)
    except OSError as problem:
        message = f"the policy file cannot be read: {problem.strerror or problem}"
        return LoadedPolicy(DEFAULT_POLICY, [error(file, (1, 1), POLICY, message)])
    loaded = load_yaml(raw, file)
    if loaded.data is None:  # no settings at all (or only comments) is not a problem
        return LoadedPolicy(Policy(file), [d for d in loaded.diagnostics if d.rule != YAML_EMPTY])
    positions = loaded.positions if isinstance(loaded.positions, MappingAt) else None
    problems = list(loaded.diagnostics)
    if not isinstance(loaded.data, dict) or positions is None:
        message = "the policy file is a mapping of settings (countries: ..., calling_hours: ...)"
        return LoadedPolicy(Policy(file), [*problems, error(file, (1, 1), POLICY, message)])
    problems += _schema_problems(file, loaded.data, positions)
    if problems:
        return LoadedPolicy(Policy(file, positions), problems)
    return _build(path, file, loaded.data, positions)


def _bounded(path: Path, limit: int) -> bytes:
    size = path.stat().st_size
    if size > limit:
        raise OSError(0, f"it is {size / 2**20:.1f} MiB; the limit is {limit // 2**20} MiB")
    return path.read_bytes()


def _schema_problems(file: str, data: dict[str, Any], positions: MappingAt) -> list[Diagnostic]:
    if valid_policy(data):
        return []  # without loading jsonschema
    from jsonschema import Draft202012Validator  # noqa: PLC0415 - loaded only for a policy file

    validator = Draft202012Validator(policy_schema())
    return sorted(
        _explain(file, failure.message, failure.validator, failure, positions)
        for failure in validator.iter_errors(data)
    )


def _explain(file: str, message: str, kind: Any, failure: Any, positions: MappingAt) -> Diagnostic:
    if kind == "anyOf" and failure.context:  # a window or a list of them; a list's file or entry
        # the branch that got furthest into the value says what is wrong
        deeper = max(
            failure.context, key=lambda sub: (len(sub.absolute_path), sub.validator != "type")
        )
        return _explain(file, deeper.message, deeper.validator, deeper, positions)
    path = list(failure.absolute_path)
    label = ".".join(str(part) for part in path) or "the policy"
    if kind == "additionalProperties":
        known = sorted(failure.schema.get("properties", {}))
        unknown = sorted(set(failure.instance) - set(known))
        where = key_mark(positions, [*path, unknown[0]])
        text = f"unknown key `{unknown[0]}` in {label}; the keys are {', '.join(known)}"
        return error(file, where, POLICY, text, json_pointer([*path, unknown[0]]))
    if "propertyNames" in failure.schema_path:
        message = f"{failure.instance!r} is not a region: write an ISO code in capitals, like US"
    elif kind == "type" and failure.validator_value == "integer":
        message = f"{_shown(failure.instance)} is not a whole number; write digits only, like 5000"
    elif kind == "minimum" and path == ["max_new_calls"]:
        message = (
            f"{failure.instance} is below 0; write the most new calls one deploy may place "
            "(0 lets no deploy create a task without --allow-calls)"
        )
    elif kind == "minimum" and path == ["max_calling_days"]:
        message = (
            f"{failure.instance} is below 1; write the most days a task's calling hours are "
            "judged on (at least its first)"
        )
    elif kind == "pattern":
        hint = failure.schema.get("patternErrorMessage", f"it must match {failure.validator_value}")
        message = f"{failure.instance!r} does not fit: {hint}"
    return error(
        file, value_mark(positions, path), POLICY, f"`{label}`: {message}", json_pointer(path)
    )


def _shown(value: Any) -> str:
    """A YAML value as the user wrote it: true rather than Python's True."""
    if isinstance(value, bool):
        return str(value).lower()
    return repr(value)


def _whole(value: Any) -> int | None:
    """An integer setting; YAML's 1e3 reaches here as 1000.0, which the schema allows."""
    return None if value is None else int(value)


def _build(path: Path, file: str, data: dict[str, Any], positions: MappingAt) -> LoadedPolicy:
    hours = data.get("calling_hours", {})
    countries = data.get("countries")
    lists, problems = _read_lists(path.parent, data.get("suppression", []), positions)
    policy = Policy(
        file,
        positions,
        frozenset(countries) if countries is not None else None,
        tuple(lists),
        _whole(data.get("suppression_max_age_days", DEFAULT_MAX_AGE_DAYS)) or 0,
        _whole(data.get("max_new_calls")),
        _calling_rules(file, data, positions),
        _whole(data.get("max_calling_days", DEFAULT_MAX_CALLING_DAYS)) or 1,
    )
    problems += _window_problems(file, hours, positions)
    return LoadedPolicy(policy, problems + _rule_window_problems(file, data, positions))


def _window(text: str) -> Window:
    """A window of the policy; one that ends before it starts (reported) counts as the default,
    so that no campaign is judged by hours that cannot be."""
    window = Window.parse(text)
    return window if window.start < window.end else Window.parse(DEFAULT_HOURS)


def _window_problems(file: str, hours: dict[str, Any], positions: MappingAt) -> list[Diagnostic]:
    windows = {("default",): Window.parse(hours.get("default", DEFAULT_HOURS))} | {
        ("regions", region): Window.parse(text) for region, text in hours.get("regions", {}).items()
    }
    return [
        error(
            file,
            value_mark(positions, ["calling_hours", *where]),
            POLICY,
            f"calling hours {window} end before they start; a window runs within one day",
            json_pointer(["calling_hours", *where]),
        )
        for where, window in windows.items()
        if window.end <= window.start
    ]


def _calling_rules(
    file: str, data: dict[str, Any], positions: MappingAt
) -> dict[str, CountryOverride]:
    """`calling_hours` (one window for every day) and `calling_rules` (per day kind, holidays,
    frequency, registry age) as overrides by country; `calling_rules` says the last word."""
    hours = data.get("calling_hours", {})
    found: dict[str, CountryOverride] = {}
    # calling_hours.default holds for every country ("*"), beneath everything more specific
    legacy = {EVERY_COUNTRY: hours["default"]} if "default" in hours else {}
    for country, text in {**legacy, **hours.get("regions", {})}.items():
        path: list[str | int] = ["calling_hours", "default"]
        if country != EVERY_COUNTRY:
            path = ["calling_hours", "regions", country]
        where = _line(file, positions, path)
        found[country] = CountryOverride(
            where, {kind: (_window(text),) for kind in ("weekday", "saturday", "sunday", "holiday")}
        )
    for country, rules in data.get("calling_rules", {}).items():
        where = _line(file, positions, ["calling_rules", country])
        earlier = found.get(country)
        days = dict(earlier.hours) if earlier else {}
        for kind in ("weekday", "saturday", "sunday", "holiday"):
            if kind in rules:
                written = rules[kind]
                texts = [written] if isinstance(written, str) else written
                days[kind] = tuple(_window(text) for text in texts)
        frequency = rules.get("frequency")
        found[country] = CountryOverride(
            where,
            days,
            rules.get("holidays"),
            (int(frequency["calls"]), int(frequency["days"])) if frequency else None,
            _whole(rules.get("registry_max_age_days")),
        )
    return found


def _line(file: str, positions: MappingAt, path: list[str | int]) -> str:
    line, _ = value_mark(positions, path)
    return f"{file} line {line}"


def _rule_window_problems(
    file: str, data: dict[str, Any], positions: MappingAt
) -> list[Diagnostic]:
    problems = []
    for country, rules in data.get("calling_rules", {}).items():
        for kind in ("weekday", "saturday", "sunday", "holiday"):
            written = rules.get(kind, [])
            for index, text in enumerate([written] if isinstance(written, str) else written):
                window = Window.parse(text)
                if window.end > window.start:
                    continue
                path: list[str | int] = ["calling_rules", country, kind]
                path += [] if isinstance(written, str) else [index]
                problems.append(
                    error(
                        file,
                        value_mark(positions, path),
                        POLICY,
                        f"calling hours {window} end before they start; a window runs within "
                        "one day",
                        json_pointer(path),
                    )
                )
    return problems


def _read_lists(
    folder: Path, entries: list[Any], positions: MappingAt
) -> tuple[list[DoNotCall], list[Diagnostic]]:
    lists: list[DoNotCall] = []
    problems: list[Diagnostic] = []
    policy_file = display_name(folder / POLICY_NAME)
    root = repository_root(folder / POLICY_NAME)
    for index, entry in enumerate(entries):
        name = entry if isinstance(entry, str) else entry["file"]
        path: list[str | int] = ["suppression", index]
        if not isinstance(entry, str):
            path.append("file")
        at = value_mark(positions, path)
        target = folder / name
        outside = _outside(name, target, root)
        if outside:
            problems.append(
                error(policy_file, at, SUPPRESSION_LIST, outside, f"/suppression/{index}")
            )
            continue
        try:
            raw = _bounded(target, MAX_LIST_BYTES)
        except OSError as problem:
            reason = problem.strerror or str(problem)
            message = f"do-not-call list '{name}' cannot be read ({reason}); without it, "
            message += "lint cannot tell who must not be called"
            problems.append(
                error(policy_file, at, SUPPRESSION_LIST, message, f"/suppression/{index}")
            )
            continue
        listed, found = _read_list(target, display_name(target), raw, at, index)
        if isinstance(entry, dict):
            listed = replace(
                listed,
                registry=entry.get("registry"),
                max_age_days=_whole(entry.get("max_age_days")),
            )
        lists.append(listed)
        problems += found
    return lists, problems


def _outside(name: str, target: Path, root: Path) -> str | None:
    """Why a list is not read: it is not in the repository, where every review sees it."""
    if Path(name).is_absolute() or name.startswith("~"):
        return f"do-not-call list '{name}' is an absolute path; write it relative to {POLICY_NAME}"
    try:
        inside = target.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a symlink loop: reading it says so
        return None
    if inside:
        return None
    return (
        f"do-not-call list '{name}' leads outside the repository ({root}); keep it inside, so "
        "that every review and every deploy judges the same numbers"
    )


def _read_list(
    path: Path, file: str, raw: bytes, at: Mark, index: int
) -> tuple[DoNotCall, list[Diagnostic]]:
    try:
        text = decode(raw)
    except YamlProblem as problem:
        return DoNotCall(file, at, index, (), None, ""), [
            error(file, problem.at, SUPPRESSION_LIST, problem.message)
        ]
    exported = _exported(text)
    dated_by = "exported" if exported else ""
    if exported is None:
        exported = git.last_commit_date(path)
        dated_by = "committed" if exported else ""
    numbers, problems = read_numbers(text, file, csv=path.suffix.lower() == ".csv")
    return DoNotCall(file, at, index, numbers, exported, dated_by), problems


def _exported(text: str) -> dt.date | None:
    match = _EXPORTED.match(text[: text.find("\n")] if "\n" in text else text)
    if match is None:
        return None
    try:
        return dt.date.fromisoformat(match[1])
    except ValueError:
        return None


# A line that is only a number (digits, optionally after '+'), in a text or CSV list. The
# fast path of a million-line list: one pass of this pattern, no Python per line.
_PLAIN = re.compile(r"^\+?([0-9]+)[ \t]*$", re.MULTILINE)
_PLAIN_CSV = re.compile(r'^"?\+?([0-9]+)"?[ \t]*(?:,.*)?$', re.MULTILINE)
_SEPARATORS = re.compile(r"[\s().\-/]")


def read_numbers(text: str, file: str, *, csv: bool) -> tuple[list[str], list[Diagnostic]]:
    """The numbers of a do-not-call list in E.164 form without '+', and its junk lines."""
    plain = _plain_lines(text)
    if plain is not None:
        return plain, []
    numbers = (_PLAIN_CSV if csv else _PLAIN).findall(text)
    lines = text.split("\n")
    if len(numbers) == _entries(text, lines):
        return numbers, []
    return _read_slowly(lines, file, csv=csv)


def _plain_lines(text: str) -> list[str] | None:
    """The numbers of a list that holds only numbers (digits, a '+' before some), one a line,
    after comment lines at the top; None for any other list. A million-line registry export
    is read in a few passes over its bytes, with no pattern run on each line."""
    start = 0
    while text.startswith("#", start):
        start = text.find("\n", start) + 1 or len(text)
    body = text[start:]
    if not body.isascii():
        return None
    signs = body.encode("ascii").translate(None, b"0123456789\n")
    if signs.strip(b"+"):
        return None  # anything but digits, line ends and '+'
    if signs and (
        body.count("\n+") + body.startswith("+") != len(signs)  # '+' only first on a line
        or "+\n" in body
        or body.endswith("+")  # and never alone
    ):
        return None
    if signs:
        body = body.replace("\n+", "\n").removeprefix("+")
    lines = body.split("\n")
    if lines[-1] == "":
        lines.pop()
    if "" in lines:  # blank lines between the numbers
        lines = list(filter(None, lines))
    return lines


def _entries(text: str, lines: list[str]) -> int:
    """How many lines hold something, counted without a Python step per line: neither empty
    nor a comment (a line of spaces counts, and sends the list the slow way, which knows)."""
    comments = text.count("\n#") + text.startswith("#")
    return len(lines) - lines.count("") - comments


def _read_slowly(lines: list[str], file: str, *, csv: bool) -> tuple[list[str], list[Diagnostic]]:
    """Entry by entry, for lists with formatted numbers, a header or junk."""
    entries = read_entries("\n".join(lines), csv=csv)
    if entries.wrong_column is not None:
        line, why = entries.wrong_column
        return [], [error(file, (line, 1), NUMBER_COLUMN, why)]
    numbers: list[str] = []
    junk: list[tuple[int, int]] = []
    where = f" (numbers are read from {entries.read_from})" if entries.read_from else ""
    for entry, number, column in zip(entries.values, entries.lines, entries.columns, strict=True):
        digits = e164_digits(entry)
        if digits is not None:
            numbers.append(digits)
        else:
            junk.append((number, column))
    problems = [
        error(
            file,
            (number, column),
            SUPPRESSION_LIST,
            f"line {number} is not a phone number{where}; write one number per line, with its "
            "country code (+1 202 555 0143 or 12025550143), or start the line with #",
        )
        for number, column in junk[:EXPLAINED_LINES]
    ]
    if len(junk) > EXPLAINED_LINES:
        rest = junk[EXPLAINED_LINES:]
        shown = ", ".join(str(number) for number, _ in rest[:5])
        message = f"{len(rest):,} more lines are not phone numbers (lines {shown}, ...)"
        problems.append(error(file, rest[0], SUPPRESSION_LIST, f"{message}; is it the right file?"))
    return numbers, problems


EXPLAINED_LINES = 50  # junk lines explained one by one; the rest are counted in one more


def e164_digits(entry: str) -> str | None:
    """The E.164 digits of a number as written: '+1 (202) 555-0143' -> '12025550143'."""
    cleaned = _SEPARATORS.sub("", entry)
    if cleaned.startswith("00"):
        cleaned = "+" + cleaned[2:]
    digits = cleaned.removeprefix("+")
    if not (digits.isascii() and digits.isdigit()) or not 7 <= len(digits) <= 15:
        return None
    if digits.startswith("0"):
        return None  # national format: no country code begins with 0
    return digits
