"""Find and read the policy file, broadcastctl.yaml, and the do-not-call lists it names.

Like the campaign loader, this module reads files; problems become diagnostics in the policy
file or the list, never exceptions.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from broadcastctl.lint.campaigns import (
    POLICY_NAME,
    absolute,
    display_name,
    remembered,
    repository_root,
)
from broadcastctl.lint.diagnostics import Diagnostic, error, json_pointer, warning
from broadcastctl.lint.modeline import SCHEMA_COPY, modeline_target, stale_copy
from broadcastctl.lint.registry import Group, Rule
from broadcastctl.lint.sourcemap import MappingAt, Mark, key_mark, value_mark
from broadcastctl.lint.yamlload import YAML_EMPTY, load_yaml
from broadcastctl.policy.quickcheck import valid_policy
from broadcastctl.policy.suppression import MAX_LIST_BYTES, DoNotCall, read_lists
from broadcastctl.safefile import UnreadableFile, read_regular_file
from broadcastctl.schema import POLICY_SCHEMA_NAME, policy_schema

__all__ = ["MAX_LIST_BYTES", "DoNotCall"]  # where the rules and the tests have found them

MAX_POLICY_BYTES = 1024 * 1024
DEFAULT_HOURS = "08:00-21:00"
DEFAULT_MAX_AGE_DAYS = 31
DEFAULT_MAX_CALLING_DAYS = 7  # days of calling hours judged at most (`max_calling_days`)
EVERY_COUNTRY = "*"  # the key of `calling_hours.default` among the overrides by country
LIST_SHAPE = (
    "name a do-not-call list by its path, or as {file: PATH, country: US} for a list of one "
    "country's national numbers (a mapping may also name its `registry` or `max_age_days`)"
)
POLICY = "policy"
SUPPRESSION_LIST = "suppression-list"
# The rules this module reports, as the registry lists them (`broadcastctl.checks.registry`).
RULES = (
    Rule(POLICY, "the policy file, broadcastctl.yaml, follows its schema", Group.POLICY),
    Rule(SUPPRESSION_LIST, "each do-not-call list can be read, one number per line", Group.POLICY),
)


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
        if os.path.lexists(candidate):  # a folder, a FIFO or a broken link too: loading says so
            return candidate
        if folder == root:
            return None
    return None


@functools.cache
def load_policy(path: Path | None) -> LoadedPolicy:
    """The policy in a file (None: the defaults); problems become diagnostics."""
    if path is None:
        return LoadedPolicy(DEFAULT_POLICY, [])
    file = _named(path)
    try:
        raw = read_regular_file(path, MAX_POLICY_BYTES)
    except UnreadableFile as problem:
        message = f"the policy file {file} cannot be read ({problem.reason}); without it, "
        message += "lint cannot tell which countries, hours and numbers are allowed"
        return LoadedPolicy(DEFAULT_POLICY, [error(file, (1, 1), POLICY, message)])
    found = _load(path, file, raw)
    stale = _schema_copy(path, file, raw)
    return replace(found, diagnostics=[*stale, *found.diagnostics]) if stale else found


def _schema_copy(path: Path, file: str, raw: bytes) -> list[Diagnostic]:
    """The policy file's modeline, checked as a campaign's is (`schema-copy`)."""
    target = modeline_target(raw[:4096].split(b"\n", 1)[0])
    if target is None:
        return []
    message = stale_copy(path.parent.joinpath(target).resolve(), target, POLICY_SCHEMA_NAME)
    return [warning(file, (1, 1), SCHEMA_COPY, message)] if message else []


def _load(path: Path, file: str, raw: bytes) -> LoadedPolicy:
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


def _named(path: Path) -> str:
    """The policy file as shown: the name it was found by, not where a symlink leads."""
    folder = display_name(path.parent)
    return path.name if folder == "." else f"{folder}/{path.name}"


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
        found = _explain(file, deeper.message, deeper.validator, deeper, positions)
        entry = list(failure.absolute_path)[:1] == ["suppression"]
        if entry and deeper.validator != "additionalProperties":  # which names the keys itself
            return replace(found, message=f"{found.message}; {LIST_SHAPE}")
        return found
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
    lists, problems = read_lists(path.parent, data.get("suppression", []), positions)
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
