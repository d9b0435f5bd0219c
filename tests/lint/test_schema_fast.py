"""The compiled yes/no check gives jsonschema's verdict: on every campaign of the corpus, and on
documents made from them by changing, adding and removing fields (values drawn from the schema's
own bounds, enums and patterns, and values of every other type)."""

from __future__ import annotations

import copy
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from broadcastctl.lint.campaigns import load_campaign
from broadcastctl.lint.schema_check import _all_valid, _contract, validate
from broadcastctl.lint.schema_fast import compile_check
from broadcastctl.schema import campaign_schema

ROOT = Path(__file__).resolve().parent.parent.parent
CORPUS = sorted(
    [
        *(ROOT / "tests" / "data" / "valid").glob("*.yaml"),
        *(ROOT / "tests" / "data" / "invalid").glob("*.yaml"),
        *(ROOT / "campaigns").glob("*.yaml"),
    ]
)


def documents() -> list[dict[str, Any]]:
    loaded = [load_campaign(path).campaign for path in CORPUS]
    return [campaign.data for campaign in loaded if campaign is not None]


DOCUMENTS = documents()
SCHEMA = campaign_schema()
FIELDS = sorted(SCHEMA["properties"])


def schema_values(node: Any) -> list[Any]:
    """Values at and around every bound, enum, const and pattern the schema gives."""
    found: list[Any] = []
    if isinstance(node, dict):
        for key in ("minimum", "maximum"):
            if key in node:
                found += [node[key] - 1, node[key], node[key] + 1, float(node[key]) + 0.5]
        for key in ("minLength", "maxLength", "minItems", "maxItems"):
            if key in node and node[key] < 2000:
                size = node[key]
                found += ["7" * max(size - 1, 0), "4" * size, "5" * (size + 1)]
                found += [["447700900901"] * max(size - 1, 0), ["447700900901"] * size]
        found += list(node.get("enum", []))
        if "const" in node:
            found.append(node["const"])
        for value in node.values():
            found += schema_values(value)
    elif isinstance(node, list):
        for value in node:
            found += schema_values(value)
    return found


OTHERS: list[Any] = [True, False, None, 0, 1, -1, 1.0, 2.5, math.inf, math.nan, "", "x", "1", "yes"]
OTHERS += ["2026-12-01 09:00:00", "09:00-18:00", "447700900901", [], {}, [1], {"a": 1}, [None]]
VALUES = schema_values(SCHEMA) + OTHERS


def agree(schema: Any, document: Any) -> None:
    check = compile_check(schema)
    assert check is not None
    assert check(document) is Draft202012Validator(schema).is_valid(document)


def test_the_campaign_schema_compiles() -> None:
    assert compile_check(SCHEMA) is not None
    assert _contract().valid_document is not None


@pytest.mark.parametrize("schema", [SCHEMA, _contract().document], ids=["full", "document"])
def test_every_corpus_document_gets_jsonschemas_verdict(schema: dict[str, Any]) -> None:
    assert len(DOCUMENTS) >= 100
    check = compile_check(schema)
    reference = Draft202012Validator(schema)
    assert check is not None
    verdicts = [(i, check(d), reference.is_valid(d)) for i, d in enumerate(DOCUMENTS)]
    assert [(i, a) for i, a, _ in verdicts] == [(i, b) for i, _, b in verdicts]
    assert {b for _, _, b in verdicts} == {True, False}


@pytest.mark.parametrize("stride", [5, pytest.param(1, marks=pytest.mark.slow)])
def test_every_field_set_to_every_kind_of_value_gets_jsonschemas_verdict(stride: int) -> None:
    """One field changed at a time, over the valid documents in turn: every field meets every
    value of its own schema's bounds and enums, and a value of every other type (in the fast
    tier, every fifth of these cases; all of them in the slow tier)."""
    valid = [d for d in DOCUMENTS if Draft202012Validator(SCHEMA).is_valid(d)]
    cases = [
        (field, value)
        for field in [*FIELDS, "numberlist"]
        for value in schema_values(SCHEMA["properties"].get(field, {})) + OTHERS
    ]
    assert len(valid) >= 20
    assert len(cases) > 900
    for index, (field, value) in enumerate(cases[::stride]):
        edited = copy.deepcopy(valid[index * stride % len(valid)])
        edited[field] = value
        agree(SCHEMA, edited)
        agree(_contract().document, edited)


edits = st.lists(
    st.one_of(
        st.tuples(
            st.just("set"),
            st.sampled_from([*FIELDS, "numberlist", "extra"]),
            st.sampled_from(VALUES),
        ),
        st.tuples(st.just("drop"), st.sampled_from(FIELDS), st.none()),
    ),
    max_size=4,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(DOCUMENTS), edits)
def test_edited_documents_get_jsonschemas_verdict(
    document: dict[str, Any], changes: list[tuple[str, str, Any]]
) -> None:
    edits_agree(document, changes)


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(DOCUMENTS), edits)
def test_many_edited_documents_get_jsonschemas_verdict(
    document: dict[str, Any], changes: list[tuple[str, str, Any]]
) -> None:
    edits_agree(document, changes)


def edits_agree(document: dict[str, Any], changes: list[tuple[str, str, Any]]) -> None:
    edited = copy.deepcopy(document)
    for action, key, value in changes:
        if action == "set":
            edited[key] = copy.deepcopy(value)
        else:
            edited.pop(key, None)
    agree(SCHEMA, edited)
    agree(_contract().document, edited)


@given(st.sampled_from(VALUES))
def test_any_value_as_the_whole_document_gets_jsonschemas_verdict(value: Any) -> None:
    agree(SCHEMA, value)


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "format": "date"},
        {"patternProperties": {"^x": True}},
        {"$ref": "#/$defs/a", "$defs": {"a": True}},
        {"enum": [[1, 2]]},
        {"type": "decimal"},
        {"properties": {"a": {"uniqueItems": True}}},
    ],
)
def test_a_keyword_it_does_not_know_leaves_the_schema_to_jsonschema(schema: dict[str, Any]) -> None:
    assert compile_check(schema) is None


def test_true_is_not_one_and_false_is_not_zero() -> None:
    for schema, document in [({"const": 1}, True), ({"enum": [0]}, False), ({"const": True}, 1)]:
        agree(schema, document)
        check = compile_check(schema)
        assert check is not None
        assert check(document) is False


def test_a_document_it_refuses_is_explained_by_jsonschema() -> None:
    campaign = load_campaign(ROOT / "tests" / "data" / "invalid" / "loopCount-10.yaml")
    assert campaign.campaign is not None
    found = validate(campaign.campaign)
    assert [d.rule for d in found] == ["out-of-range"]


def test_valid_campaigns_are_checked_without_loading_jsonschema(tmp_path: Path) -> None:
    """Its import alone costs as much as checking a thousand valid campaigns."""
    (tmp_path / ".git").mkdir()
    campaign = ROOT / "campaigns" / "sms-after-call.yaml"
    text = campaign.read_text().replace("# yaml-language-server", "# editor")
    (tmp_path / "c.yaml").write_text(text)
    code = (
        "import sys, datetime as dt, pathlib\n"
        "from broadcastctl.checks.pipeline import check_files\n"
        f"found = check_files([pathlib.Path({str(tmp_path / 'c.yaml')!r})], "
        "dt.datetime(2026, 11, 27, tzinfo=dt.UTC), dt.timezone(dt.timedelta(hours=8)))"
        ".diagnostics\n"
        "print(len(found), 'jsonschema' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "False"]


# --- numbers in bulk ------------------------------------------------------------------------

NUMBER_TEXT = st.one_of(
    st.from_regex(r"\A[0-9]{5,17}\Z"),
    st.text(alphabet="0123456789+\n\r \t٣", max_size=18),
)


def test_the_item_pattern_is_read_over_lines() -> None:
    """The bulk check is built from the schema's own item pattern, not from a copy of it."""
    assert _contract().numbers_pattern is not None


NUMBER_LISTS = st.lists(NUMBER_TEXT, min_size=1, max_size=40)


@given(NUMBER_LISTS)
@settings(max_examples=50, deadline=None)
def test_numbers_in_bulk_get_the_verdict_of_each_item(values: list[str]) -> None:
    bulk_agrees(values)


@pytest.mark.slow
@given(NUMBER_LISTS)
@settings(max_examples=400, deadline=None)
def test_numbers_in_bulk_get_the_verdict_of_each_item_in_many_lists(values: list[str]) -> None:
    bulk_agrees(values)


def bulk_agrees(values: list[str]) -> None:
    contract = _contract()
    one_by_one = all(contract.number_pattern.search(value) for value in values)
    assert _all_valid(values, contract) is one_by_one
    item = Draft202012Validator(contract.item)
    assert _all_valid(values, contract) is all(item.is_valid(value) for value in values)
    joined = "\n".join(values)
    if values and joined.count("\n") == len(values) - 1:  # as `Numbers.joined` gives it
        assert _all_valid(values, contract, joined) is one_by_one
