"""The README stays true (CI runs the test command it gives), and docs/lint.md, where SARIF's
help links point, documents every rule."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from broadcastctl.checks.registry import declared
from broadcastctl.lint.registry import Group

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
LINT_DOC = (ROOT / "docs" / "lint.md").read_text()


def test_every_rule_id_is_documented() -> None:
    missing = [rule for rule in declared() if f"`{rule}`" not in LINT_DOC]
    assert missing == []


def _rules_section() -> str:
    return LINT_DOC.split("\n### Rules\n", 1)[1].split("\n### ", 1)[0]


def _table_ids(after: str) -> set[str]:
    """The rule ids in the first column of the table that follows the line starting `after`."""
    table = _rules_section().split(f"\n{after}", 1)[1].split("\n\n", 2)[1]
    return set(re.findall(r"^\| `([a-z-]+)` \|", table, flags=re.MULTILINE))


def _ids_of(group: Group) -> set[str]:
    return {rule.id for rule in declared().values() if rule.group is group}


def test_the_rules_tables_list_exactly_the_declared_rules() -> None:
    assert _table_ids("Schema rules") == _ids_of(Group.SCHEMA)
    assert _table_ids("Rules a schema cannot express") == _ids_of(Group.RULE)
    paragraph = _rules_section().split("\nYAML problems are diagnostics too", 1)[1]
    paragraph = paragraph.split("\n\n", 1)[0]
    assert set(re.findall(r"`([a-z]+-[a-z-]+)`", paragraph)) == _ids_of(Group.FILE)


def test_the_policy_table_lists_exactly_the_policy_rules() -> None:
    section = LINT_DOC.split("\n### Policy: the people called\n", 1)[1].split("\n### ", 1)[0]
    table = section.split("\n| rule |", 1)[1].split("\n\n", 1)[0]
    assert set(re.findall(r"^\| `([a-z-]+)` \|", table, flags=re.MULTILINE)) == _ids_of(
        Group.POLICY
    )


def test_ci_runs_the_readme_test_command() -> None:
    block = re.search(r"<!-- test-command -->\n```sh\n(.+)\n```", README)
    assert block is not None
    printed = subprocess.run(
        [str(ROOT / ".ci" / "run"), "--print"], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert printed == block.group(1)
    assert "pytest" in printed


def test_the_readme_test_command_runs_every_tier() -> None:
    block = re.search(r"<!-- test-command -->\n```sh\n(.+)\n```", README)
    assert block is not None
    assert block.group(1).endswith('pytest -m "slow or not slow"')


def test_every_markdown_file_the_docs_name_is_in_the_repository() -> None:
    """A document may name another by path; it must then be there, relative to the document or
    to the repository (a reference kept outside the repository is described, not pathed)."""
    for doc in (ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))):
        for named in re.findall(r"[\w./-]+\.md\b", doc.read_text()):
            found = [base / named for base in (doc.parent, ROOT) if (base / named).is_file()]
            assert any(path.resolve().is_relative_to(ROOT) for path in found), (
                f"{doc.name}: {named}"
            )
