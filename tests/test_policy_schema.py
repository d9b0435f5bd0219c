"""The policy file's own schema (schema/policy.schema.json): valid and invalid documents, and
the campaign schema's examples of numbers are real numbers."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import phonenumbers
import pytest
from jsonschema import Draft202012Validator

from broadcastctl.policy.quickcheck import valid_policy
from broadcastctl.schema import campaign_schema, policy_schema

VALID: list[dict[str, Any]] = [
    {},
    {"countries": ["US", "CA"]},
    {"calling_hours": {"default": "08:00-21:00"}},
    {"calling_hours": {"default": "00:00-24:00", "regions": {"DE": "09:00-20:00"}}},
    {"suppression": ["do-not-call/opt-outs.txt", "registry.csv"]},
    {"suppression": []},
    {"suppression": [{"file": "us-registry.txt", "country": "US"}, "opt-outs.txt"]},
    {"suppression": [{"file": "opt-outs.txt"}]},
    {"suppression_max_age_days": 1},
    {"max_new_calls": 0},
    {"max_calling_days": 1},
    {
        "suppression": [
            {"file": "tps.txt", "registry": "uk-tps"},
            {"file": "a.txt", "max_age_days": 7},
            {"file": "us.txt", "country": "US", "registry": "us-dnc", "max_age_days": 14},
        ]
    },
    {"calling_rules": {"FR": {"weekday": ["10:00-13:00", "14:00-19:00"], "saturday": []}}},
    {"calling_rules": {"default": {"sunday": "10:00-16:00", "holidays": False}}},
    {"calling_rules": {"FR": {"frequency": {"calls": 2, "days": 30}, "registry_max_age_days": 7}}},
    {
        "countries": ["VN"],
        "calling_hours": {"default": "08:00-21:00", "regions": {"VN": "08:00-21:30"}},
        "suppression": ["opt-outs.txt"],
        "suppression_max_age_days": 31,
        "max_new_calls": 5000,
    },
]
INVALID: list[tuple[Any, str]] = [
    ({"country": ["US"]}, "additionalProperties"),
    ({"countries": []}, "minItems"),
    ({"countries": ["us"]}, "pattern"),
    ({"countries": ["USA"]}, "pattern"),
    ({"countries": ["US", "US"]}, "uniqueItems"),
    ({"calling_hours": {"default": "8-21"}}, "pattern"),
    ({"calling_hours": {"default": "08:00-24:01"}}, "pattern"),
    ({"calling_hours": {"default": "24:00-24:00"}}, "pattern"),
    ({"calling_hours": {"regions": {"us": "09:00-20:00"}}}, "pattern"),
    ({"calling_hours": {"weekend": "10:00-18:00"}}, "additionalProperties"),
    ({"suppression": "opt-outs.txt"}, "type"),
    ({"suppression": [""]}, "anyOf"),
    ({"suppression": [{"file": "a.txt", "registry": "dncl"}]}, "anyOf"),
    ({"calling_rules": {"fr": {"weekday": "10:00-13:00"}}}, "pattern"),
    ({"calling_rules": {"FR": {"weekdays": "10:00-13:00"}}}, "additionalProperties"),
    ({"calling_rules": {"FR": {"weekday": "10-13"}}}, "anyOf"),
    ({"calling_rules": {"FR": {"frequency": {"calls": 0, "days": 30}}}}, "minimum"),
    ({"calling_rules": {"FR": {"frequency": {"calls": 4}}}}, "required"),
    ({"suppression": [{"file": "registry.txt", "country": "us"}]}, "anyOf"),
    ({"suppression": [{"country": "US"}]}, "anyOf"),
    ({"suppression": [{"file": "registry.txt", "region": "US"}]}, "anyOf"),
    # a line end after a value passes a pattern that ends in `$` in Python's engine
    ({"calling_hours": {"default": "08:00-21:00\n"}}, "pattern"),
    ({"calling_hours": {"regions": {"US\n": "09:00-20:00"}}}, "pattern"),
    ({"countries": ["US\n"]}, "pattern"),
    ({"suppression": [{"file": "a.txt", "country": "US", "max_age_days": 0}]}, "anyOf"),
    ({"calling_rules": {"FR\n": {"weekday": "10:00-13:00"}}}, "pattern"),
    ({"calling_rules": {"FR": {"weekday": "10:00-13:00\n"}}}, "anyOf"),
    ({"suppression_max_age_days": 0}, "minimum"),
    ({"suppression_max_age_days": "31"}, "type"),
    ({"max_new_calls": -1}, "minimum"),
    ({"max_new_calls": 1.5}, "type"),
    ({"max_calling_days": 0}, "minimum"),
    ({"max_calling_days": "7"}, "type"),
    (["countries"], "type"),
]


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    return Draft202012Validator(policy_schema())


def test_the_policy_schema_is_valid_against_the_2020_12_metaschema() -> None:
    Draft202012Validator.check_schema(policy_schema())


@pytest.mark.parametrize("document", VALID)
def test_valid_policies(validator: Draft202012Validator, document: dict[str, Any]) -> None:
    assert list(validator.iter_errors(document)) == []


@pytest.mark.parametrize(("document", "keyword"), INVALID)
def test_invalid_policies(validator: Draft202012Validator, document: Any, keyword: str) -> None:
    assert [error.validator for error in validator.iter_errors(document)] == [keyword]


def test_the_quick_check_says_yes_to_every_valid_policy_and_to_no_invalid_one(
    validator: Draft202012Validator,
) -> None:
    """lint checks a policy file without loading jsonschema when the quick check says yes."""
    assert all(valid_policy(document) for document in VALID)
    assert not any(valid_policy(document) for document, _ in INVALID)
    rng = random.Random(2026)
    pieces = [*VALID]
    pieces += [document for document, _ in INVALID if isinstance(document, dict)]
    for _ in range(3000):  # documents made of the pieces of others, valid or not
        document: dict[str, Any] = {}
        for piece in rng.sample(pieces, rng.randint(1, 4)):
            document |= piece
        expected = not list(validator.iter_errors(document))
        assert valid_policy(document) == expected, document


def test_the_policy_schemas_examples_are_valid(validator: Draft202012Validator) -> None:
    found = list(examples(policy_schema()))
    assert found
    for path, example in found:
        document = {path[-1]: example}  # each example is that key's value in a policy file
        assert list(validator.iter_errors(document)) == [], path


def examples(node: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    if isinstance(node, dict):
        for example in node.get("examples", []):
            yield path, example
        for key, value in node.items():
            yield from examples(value, (*path, key))
    elif isinstance(node, list):
        for value in node:
            yield from examples(value, path)


@pytest.mark.parametrize("field", ["displayNum", "numberList"])
def test_the_campaign_schemas_example_numbers_are_real(field: str) -> None:
    """libphonenumber finds each example number valid, as the digits are written."""
    found = [e for path, e in examples(campaign_schema()) if path[-1:] == (field,)]
    numbers = [
        n for example in found for n in (example if isinstance(example, list) else [example])
    ]
    assert numbers
    for number in numbers:
        parsed = phonenumbers.parse(f"+{number}")
        assert phonenumbers.is_valid_number(parsed), number
        assert (
            phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == f"+{number}"
        )
