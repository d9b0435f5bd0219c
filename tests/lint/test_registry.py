"""Every rule is declared once, and every diagnostic carries a declared id."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from broadcastctl.lint.campaigns import find_campaign_files
from broadcastctl.lint.pipeline import check_files
from broadcastctl.lint.registry import Group, declare, declared
from broadcastctl.lint.rules import CAMPAIGN_RULES

DATA = Path(__file__).resolve().parent.parent / "data"


def test_every_campaign_rule_runs_under_a_declared_id() -> None:
    rules = declared()
    assert CAMPAIGN_RULES
    assert all(rules[rule_id].group is Group.RULE for rule_id in CAMPAIGN_RULES)


def test_every_rule_says_what_it_checks() -> None:
    assert all(rule.description and rule.id == key for key, rule in declared().items())


def test_an_id_cannot_be_declared_twice_with_another_meaning() -> None:
    some = next(iter(declared().values()))
    assert declare(some.id, some.description, some.group) == some.id  # the same, once more
    with pytest.raises(ValueError, match="declared twice"):
        declare(some.id, "something else", some.group)


def test_every_diagnostic_on_the_test_data_carries_a_declared_id() -> None:
    files = find_campaign_files([str(DATA / "valid"), str(DATA / "invalid")])
    now = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
    found = check_files(files, now, dt.timezone(dt.timedelta(hours=8))).diagnostics
    assert {d.rule for d in found} <= set(declared())
    assert len({d.rule for d in found}) > 20  # the data exercises most rules
