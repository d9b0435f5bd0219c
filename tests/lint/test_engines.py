"""Independent engines agree with lint on every schema verdict: ajv (strict mode, as editors and
JavaScript tools read the schema), jsonschema-rs (Rust), and Python's jsonschema, over every
campaign of tests/data and campaigns/, valid and invalid."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest

from broadcastctl.lint.campaigns import Campaign, load_campaign
from broadcastctl.lint.schema_check import validate
from broadcastctl.lint.yamlload import load_yaml
from broadcastctl.policy.quickcheck import valid_policy
from broadcastctl.schema import POLICY_SCHEMA_NAME, campaign_schema, policy_schema, schema_path
from tests.test_policy_schema import INVALID, VALID

ROOT = Path(__file__).resolve().parent.parent.parent
CORPUS = sorted(
    [
        *(ROOT / "tests" / "data" / "valid").glob("*.yaml"),
        *(ROOT / "tests" / "data" / "invalid").glob("*.yaml"),
        *(ROOT / "campaigns").glob("*.yaml"),
    ]
)


# Where lint is stricter than any schema can be, and why; engines accept these, lint does not.
STRICTER = {
    # JSON has one number type: every engine counts 12025550101.0 as an integer.
    "tests/data/invalid/numberList-decimal.yaml",
}


def campaigns() -> list[Campaign]:
    """Every corpus file that loads as a mapping (YAML errors stop before the schema)."""
    loaded = [load_campaign(path).campaign for path in CORPUS]
    return [campaign for campaign in loaded if campaign is not None]


def lint_accepts(campaign: Campaign) -> bool:
    """Our verdict on the document itself (a numberFile's contents are no engine's business),
    as a schema engine can give it."""
    if campaign.file in STRICTER:
        assert [d for d in validate(campaign) if d.file == campaign.file]
        return True
    return not [d for d in validate(campaign) if d.file == campaign.file]


@pytest.fixture(scope="module")
def corpus() -> list[tuple[str, dict[str, Any], bool]]:
    found = [(c.file, c.data, lint_accepts(c)) for c in campaigns()]
    assert len(found) >= 100
    assert {verdict for _, _, verdict in found} == {True, False}
    return found


def test_python_jsonschema_agrees(corpus: list[tuple[str, dict[str, Any], bool]]) -> None:
    engine = jsonschema.Draft202012Validator(campaign_schema())
    assert [(f, engine.is_valid(d)) for f, d, _ in corpus] == [(f, v) for f, _, v in corpus]


def test_jsonschema_rs_agrees(corpus: list[tuple[str, dict[str, Any], bool]]) -> None:
    engine = jsonschema_rs.validator_for(campaign_schema())
    assert [(f, engine.is_valid(d)) for f, d, _ in corpus] == [(f, v) for f, _, v in corpus]


def test_ajv_in_strict_mode_agrees(
    run_engine: Callable[..., str], corpus: list[tuple[str, dict[str, Any], bool]]
) -> None:
    documents = json.dumps([document for _, document, _ in corpus], allow_nan=False)
    verdicts = json.loads(run_engine("ajv.cjs", str(schema_path()), stdin=documents))
    assert [(f, v is True) for (f, _, _), v in zip(corpus, verdicts, strict=True)] == [
        (f, v) for f, _, v in corpus
    ]


def test_ajv_strict_mode_refuses_an_undeclared_keyword(
    run_engine: Callable[..., str], tmp_path: Path
) -> None:
    """The strict check is real: a misspelt keyword would be silently ignored without it."""
    schema = campaign_schema() | {"additionalProperty": False}
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(schema))
    with pytest.raises(AssertionError, match="unknown keyword"):
        run_engine("ajv.cjs", str(path), stdin="[]")


# The policy file's schema, over every policy document of the tests: the schema's own cases
# and every broadcastctl.yaml of tests/data.
POLICY_FILES = sorted((ROOT / "tests" / "data" / "policy").glob("*/*/broadcastctl.yaml"))


@pytest.fixture(scope="module")
def policies() -> list[tuple[str, Any, bool]]:
    documents: list[tuple[str, Any]] = [(f"valid {i}", d) for i, d in enumerate(VALID)]
    documents += [(f"invalid {i}", d) for i, (d, _) in enumerate(INVALID)]
    for path in POLICY_FILES:
        data = load_yaml(path.read_bytes(), path.name).data
        documents.append((str(path.relative_to(ROOT)), {} if data is None else data))
    lint = jsonschema.Draft202012Validator(policy_schema())
    found = [(name, d, valid_policy(d) or lint.is_valid(d)) for name, d in documents]
    assert {verdict for _, _, verdict in found} == {True, False}
    assert len(POLICY_FILES) >= 10
    return found


def test_policy_schema_engines_agree_with_lint(policies: list[tuple[str, Any, bool]]) -> None:
    expected = [(name, verdict) for name, _, verdict in policies]
    python = jsonschema.Draft202012Validator(policy_schema())
    rust = jsonschema_rs.validator_for(policy_schema())
    assert [(name, python.is_valid(d)) for name, d, _ in policies] == expected
    assert [(name, rust.is_valid(d)) for name, d, _ in policies] == expected


def test_ajv_in_strict_mode_agrees_on_policies(
    run_engine: Callable[..., str], policies: list[tuple[str, Any, bool]]
) -> None:
    """`$` lets a trailing line end through in Python's engine and not in ajv's: the policy
    schema's patterns end in (?![\\s\\S]) as the campaign schema's do."""
    documents = json.dumps([document for _, document, _ in policies], allow_nan=False)
    path = schema_path(POLICY_SCHEMA_NAME)
    verdicts = json.loads(run_engine("ajv.cjs", str(path), stdin=documents))
    assert [(name, v is True) for (name, _, _), v in zip(policies, verdicts, strict=True)] == [
        (name, verdict) for name, _, verdict in policies
    ]
