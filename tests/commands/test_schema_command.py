"""`broadcastctl schema --write DIR` keeps a copy editors can point at; `--check` and lint say
when that copy is missing or from another version."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from broadcastctl.checks.pipeline import check_files
from broadcastctl.cli import main
from broadcastctl.policy.policyfile import load_policy
from broadcastctl.schema import POLICY_SCHEMA_NAME, schema_text

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLE = ROOT / "campaigns" / "tts-renewal-reminder.yaml"
NOW = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)


def test_write_then_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["schema", "--check", "schema"]) == 1
    assert "run: broadcastctl schema --write schema" in capsys.readouterr().err
    assert main(["schema", "--write", "schema"]) == 0
    assert (tmp_path / "schema" / "campaign.schema.json").read_text() == schema_text()
    assert main(["schema", "--check", "schema"]) == 0
    (tmp_path / "schema" / "campaign.schema.json").write_text("{}")
    assert main(["schema", "--check", "schema"]) == 1
    assert "is not the schema of broadcastctl" in capsys.readouterr().err


def _schema_copy_warnings(repository: Path) -> list[str]:
    files = sorted((repository / "campaigns").glob("*.yaml"))
    checked = check_files(files, NOW, dt.UTC)
    return [d.message for d in checked.diagnostics if d.rule == "schema-copy"]


def test_the_example_first_line_works_outside_this_repository(tmp_path: Path) -> None:
    """Copied into another repository, the example names a schema that is not there until
    `schema --write` puts it there; lint says so once, not once per campaign."""
    (tmp_path / "campaigns").mkdir()
    for name in ("a", "b"):
        text = EXAMPLE.read_text().replace("taskName:", f"taskName: {name}", 1)
        (tmp_path / "campaigns" / f"{name}.yaml").write_text(text)
    [missing] = _schema_copy_warnings(tmp_path)
    assert "../schema/campaign.schema.json does not exist" in missing
    assert main(["schema", "--write", str(tmp_path / "schema")]) == 0
    assert _schema_copy_warnings(tmp_path) == []
    (tmp_path / "schema" / "campaign.schema.json").write_text(schema_text().replace("64", "65"))
    [stale] = _schema_copy_warnings(tmp_path)
    assert "is not the schema of broadcastctl" in stale


def test_this_repositorys_copy_is_current() -> None:
    assert _schema_copy_warnings(ROOT) == []


def test_the_policy_schema_is_written_and_checked_on_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["schema", "--policy", "--write", "schema"]) == 0
    assert (tmp_path / "schema" / "policy.schema.json").read_text() == schema_text(
        POLICY_SCHEMA_NAME
    )
    assert not (tmp_path / "schema" / "campaign.schema.json").exists()
    assert main(["schema", "--policy", "--check", "schema"]) == 0
    (tmp_path / "schema" / "policy.schema.json").write_text("{}")
    assert main(["schema", "--write", "schema"]) == 0  # the campaign's copy is current...
    capsys.readouterr()
    assert main(["schema", "--policy", "--check", "schema"]) == 1  # ...the policy's is not
    assert "run: broadcastctl schema --policy --write schema" in capsys.readouterr().err


def test_lint_warns_of_a_stale_policy_schema_copy(tmp_path: Path) -> None:
    """The policy file's modeline is checked as a campaign's is, once for the file."""
    (tmp_path / ".git").mkdir()  # the policy is looked for up to the repository's root
    (tmp_path / "campaigns").mkdir()
    (tmp_path / "campaigns" / "a.yaml").write_text(EXAMPLE.read_text().split("\n", 1)[1])
    modeline = "# yaml-language-server: $schema=schema/policy.schema.json\n"
    (tmp_path / "broadcastctl.yaml").write_text(modeline + "max_new_calls: 100\n")
    [missing] = _schema_copy_warnings(tmp_path)
    assert "schema/policy.schema.json does not exist" in missing
    assert "run: broadcastctl schema --policy --write " in missing
    assert main(["schema", "--policy", "--write", str(tmp_path / "schema")]) == 0
    load_policy.cache_clear()  # each lint is a process of its own; here they share one
    assert _schema_copy_warnings(tmp_path) == []
    (tmp_path / "schema" / "policy.schema.json").write_text("{}")
    load_policy.cache_clear()
    [stale] = _schema_copy_warnings(tmp_path)
    assert "policy.schema.json is not the schema of broadcastctl" in stale
