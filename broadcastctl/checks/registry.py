"""The one list of the modules that hold rules; a rule listed in one of them runs and is
documented, and a rule in no listed module does neither (yamllint's `rules/__init__.py`).

A new module of rules is imported here and named in `RULE_MODULES`; its constant `RULES` lists
its rules (`broadcastctl.lint.registry` says what a rule is).
"""

from __future__ import annotations

from types import ModuleType

from broadcastctl.lint import campaigns, numberfile, schema_check, yamlload
from broadcastctl.lint import rules as campaign_rules
from broadcastctl.lint.registry import Registry, Rule, collect
from broadcastctl.policy import frequency, policyfile, zonesplit
from broadcastctl.policy import rules as policy_rules

RULE_MODULES: tuple[ModuleType, ...] = (
    numberfile,
    yamlload,
    campaigns,
    campaign_rules,
    schema_check,
    policyfile,
    policy_rules,
    frequency,
    zonesplit,
)


def load() -> Registry:
    """Every listed rule, with what runs it; read from `RULE_MODULES` at each call."""
    return collect(RULE_MODULES)


def declared() -> dict[str, Rule]:
    """Every rule, by id, in the order listed."""
    return load().by_id()
