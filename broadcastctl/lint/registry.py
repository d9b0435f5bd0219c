"""What a rule is: its id, what it checks, where docs/lint.md lists it, and what runs it.

A module with rules lists them in a module constant `RULES`; the registry is built from the
modules `broadcastctl.checks.registry` names, so a rule is run exactly where it is listed, and
SARIF's rule metadata and docs/lint.md's tables (checked by a test) come from the same list.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, TypeVar

from broadcastctl.windowzone import WindowZone

if TYPE_CHECKING:
    from broadcastctl.lint.campaigns import Campaign
    from broadcastctl.lint.diagnostics import Diagnostic


class Group(enum.StrEnum):
    """Where docs/lint.md lists a rule."""

    FILE = "file"  # reading the file: YAML and file-system problems (a list of ids)
    SCHEMA = "schema"  # the JSON Schema's findings (the schema rules table)
    RULE = "rule"  # checks a schema cannot express (the rules table)
    POLICY = "policy"  # the safety of the people called (the policy rules table)


@dataclass(frozen=True)
class Context:
    """What rules may know beyond the file: the time now, the vendor's time zone, and the zone
    the vendor reads allowSendTime in."""

    now: dt.datetime  # timezone-aware
    vendor_timezone: dt.tzinfo
    window_zone: WindowZone = WindowZone.VENDOR


@dataclass(frozen=True)
class Rule:
    """A rule reported by a stage of reading or validating a file (the loader, the schema, the
    policy file), so it runs whenever that stage does; the kinds below add their own check."""

    id: str
    description: str  # what the rule checks, in a few words (SARIF's shortDescription)
    group: Group


@dataclass(frozen=True)
class CampaignRule(Rule):
    """Run on each campaign that loaded."""

    check: Callable[[Campaign, Context], Iterable[Diagnostic]]


@dataclass(frozen=True)
class CrossFileRule(Rule):
    """Run once on every campaign of the lint pass together."""

    check: Callable[[Sequence[Campaign], Context], Iterable[Diagnostic]]


AnyRule = TypeVar("AnyRule", bound=Rule)


@dataclass(frozen=True)
class Registry:
    """Every rule, in the order listed: the modules in order, each module's `RULES` in order."""

    rules: tuple[Rule, ...]

    def of(self, kind: type[AnyRule]) -> list[AnyRule]:
        return [rule for rule in self.rules if isinstance(rule, kind)]

    def by_id(self) -> dict[str, Rule]:
        return {rule.id: rule for rule in self.rules}


def collect(modules: Iterable[ModuleType]) -> Registry:
    """The rules of `modules`, each module's `RULES`; an id listed twice is refused."""
    rules: list[Rule] = []
    for module in modules:
        listed = getattr(module, "RULES", None)
        if not isinstance(listed, tuple) or not all(isinstance(r, Rule) for r in listed):
            raise TypeError(f"{module.__name__}.RULES is not a tuple of rules")
        rules += listed
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise ValueError(f"the lint rule {rule.id!r} is declared twice")
        seen.add(rule.id)
    return Registry(tuple(rules))
