"""One registry: every rule is listed once, with what runs it, and a listed rule runs."""

from __future__ import annotations

import ast
import datetime as dt
import importlib.util
import json
import textwrap
import types
from pathlib import Path

import pytest

from broadcastctl.checks import registry
from broadcastctl.checks.pipeline import check_files
from broadcastctl.checks.registry import declared
from broadcastctl.checks.reporters import Report, report_sarif
from broadcastctl.lint.campaigns import find_campaign_files
from broadcastctl.lint.registry import CampaignRule, CrossFileRule, Group, Rule, collect
from broadcastctl.policy.rules import PolicyFileRule, PolicyRule

ROOT = Path(__file__).resolve().parent.parent.parent
DATA = ROOT / "tests" / "data"
NOW = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
ZONE = dt.timezone(dt.timedelta(hours=8))


def test_the_rules_of_each_kind_are_listed_where_the_rules_tables_list_them() -> None:
    rules = registry.load()
    groups: dict[type[Rule], Group] = {
        CampaignRule: Group.RULE,
        CrossFileRule: Group.RULE,
        PolicyRule: Group.POLICY,
        PolicyFileRule: Group.POLICY,
    }
    for kind, group in groups.items():
        assert rules.of(kind), kind
        assert {rule.group for rule in rules.of(kind)} == {group}, kind


def test_every_rule_says_what_it_checks() -> None:
    assert all(rule.description and rule.id == key for key, rule in declared().items())


def test_an_id_cannot_be_listed_twice() -> None:
    first = types.ModuleType("first")
    first.RULES = (Rule("some-rule", "one thing", Group.RULE),)  # type: ignore[attr-defined]
    again = types.ModuleType("again")
    again.RULES = (Rule("some-rule", "another", Group.RULE),)  # type: ignore[attr-defined]
    assert [r.id for r in collect([first]).rules] == ["some-rule"]
    with pytest.raises(ValueError, match="declared twice"):
        collect([first, again])


def test_a_listed_module_must_list_its_rules() -> None:
    with pytest.raises(TypeError, match="RULES"):
        collect([types.ModuleType("no_rules")])


def test_every_module_with_rules_is_listed() -> None:
    """A module of the package that holds `RULES` but is not listed would never run them."""
    holding = set()
    for path in (ROOT / "broadcastctl").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "RULES" for t in node.targets)
            for node in tree.body
        ):
            parts = path.relative_to(ROOT).with_suffix("").parts
            holding.add(".".join(parts))
    assert holding == {module.__name__ for module in registry.RULE_MODULES}


def test_every_diagnostic_on_the_test_data_carries_a_declared_id() -> None:
    files = find_campaign_files([str(DATA / "valid"), str(DATA / "invalid")])
    found = check_files(files, NOW, ZONE).diagnostics
    assert {d.rule for d in found} <= set(declared())
    assert len({d.rule for d in found}) > 20  # the data exercises most rules


RULE_OF_ITS_OWN = '''
"""A rule in a module of its own: every campaign is told its taskName."""

from broadcastctl.lint.registry import CampaignRule, Group
from broadcastctl.lint.diagnostics import warning

TASK_NAME_SAID = "task-name-said"


def task_name_said(campaign, context):
    yield warning(campaign.file, (1, 1), TASK_NAME_SAID, f"taskName is {campaign.data['taskName']}")


RULES = (CampaignRule(TASK_NAME_SAID, "says the taskName", Group.RULE, task_name_said),)
'''


def test_a_rule_in_a_module_of_its_own_runs_on_the_next_lint_and_is_in_sarif(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "rule_of_its_own.py"
    path.write_text(textwrap.dedent(RULE_OF_ITS_OWN))
    spec = importlib.util.spec_from_file_location("rule_of_its_own", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)  # imported, and gone after the test
    spec.loader.exec_module(module)
    campaign = DATA / "valid" / "loopCount-bounds-high.yaml"
    assert "task-name-said" not in {d.rule for d in check_files([campaign], NOW, ZONE).diagnostics}

    # the documented way: imported in checks/registry.py and named in RULE_MODULES
    monkeypatch.setattr(registry, "RULE_MODULES", (*registry.RULE_MODULES, module))
    found = check_files([campaign], NOW, ZONE).diagnostics
    assert [d.message for d in found if d.rule == "task-name-said"] == ["taskName is boundary test"]
    sarif = json.loads(report_sarif(Report(1, found)))
    listed = {rule["id"]: rule for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert listed["task-name-said"]["shortDescription"]["text"] == "says the taskName"
