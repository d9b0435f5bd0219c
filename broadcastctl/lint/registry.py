"""One place to declare a lint rule: its id, what it checks and where the README lists it.

A module that reports a rule declares it once, as a module constant (`SEND_TIME =
declare("send-time", ...)`), and stamps that constant on its diagnostics; SARIF's rule metadata
and the README's tables (checked by a test) come from what is declared here.
"""

from __future__ import annotations

import enum
import importlib
from dataclasses import dataclass

# The modules that declare rules; a new one is added here, so that `declared()` sees its rules
# even when nothing else has imported it yet.
RULE_MODULES = (
    "broadcastctl.lint.yamlload",
    "broadcastctl.lint.campaigns",
    "broadcastctl.lint.numberfile",
    "broadcastctl.lint.schema_check",
    "broadcastctl.lint.rules",
    "broadcastctl.policy.policyfile",
    "broadcastctl.policy.rules",
    "broadcastctl.policy.frequency",
)


class Group(enum.StrEnum):
    """Where the README lists a rule."""

    FILE = "file"  # reading the file: YAML and file-system problems (a list of ids)
    SCHEMA = "schema"  # the JSON Schema's findings (the schema rules table)
    RULE = "rule"  # checks a schema cannot express (the rules table)
    POLICY = "policy"  # the safety of the people called (the policy rules table)


@dataclass(frozen=True)
class RuleInfo:
    id: str
    description: str  # what the rule checks, in a few words (SARIF's shortDescription)
    group: Group


_DECLARED: dict[str, RuleInfo] = {}


def declare(rule_id: str, description: str, group: Group) -> str:
    """Declare a rule once; returns its id, for the diagnostics that report it."""
    info = RuleInfo(rule_id, description, group)
    if _DECLARED.setdefault(rule_id, info) != info:
        raise ValueError(f"the lint rule {rule_id!r} is declared twice")
    return rule_id


def declared() -> dict[str, RuleInfo]:
    """Every rule, by id, in the order declared."""
    for module in RULE_MODULES:
        importlib.import_module(module)
    return dict(_DECLARED)
