"""The campaign schema itself: a valid draft 2020-12 schema that says what the vendor says."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import jsonschema
import phonenumbers
import pytest

from broadcastctl.checks.pipeline import check_files
from broadcastctl.lint.campaigns import load_campaign
from broadcastctl.schema import campaign_schema, schema_path
from broadcastctl.vendorfields import DEPENDS_ON

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "campaigns").glob("*.yaml"))


def test_the_schema_is_valid_against_the_2020_12_metaschema() -> None:
    schema = campaign_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_the_schema_has_an_id_and_describes_every_field() -> None:
    schema = campaign_schema()
    assert schema["$id"]
    for name, field in schema["properties"].items():
        assert field.get("title"), f"{name} has no title"
        assert len(field.get("description", "")) > 20, f"{name} has no description"


def test_unknown_keys_are_refused() -> None:
    assert campaign_schema()["additionalProperties"] is False


def test_the_vendors_required_fields_are_required() -> None:
    schema = campaign_schema()
    assert set(schema["required"]) == {"appId", "taskName", "source", "loopCount", "maxCalls"}
    numbers_rule = schema["allOf"][0]["else"]  # unless a re-call, which takes none
    assert numbers_rule["else"]["required"] == ["numberList"]


def test_every_field_a_switch_turns_on_is_required_by_that_switch_or_optional() -> None:
    """The if/then rules and the table of dependent fields tell one story."""
    schema = campaign_schema()
    for rule in schema["allOf"]:
        condition = rule["if"].get("properties", {})
        for name in rule.get("then", {}).get("required", []):
            if name in DEPENDS_ON:
                switch, value = DEPENDS_ON[name]
                assert condition.get(switch) == {"const": value}, name


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_each_example_campaign_lints_clean(path: Path) -> None:
    now = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
    checked = check_files([path], now, dt.timezone(dt.timedelta(hours=8)))
    assert checked.diagnostics == []


def test_the_examples_cover_every_audio_source_and_feature() -> None:
    text = "".join(path.read_text() for path in EXAMPLES)
    for needle in ("source: 1", "source: 2", "source: 3", "baseFile:", "hangUpSms: 1",
                   "feedbackPush: 1", "toSeatType: 2", "allowSendTime:", "sendTime:",
                   "numberFile:", "audioFile:"):  # fmt: skip
        assert needle in text
    assert len(EXAMPLES) >= 5
    for path in EXAMPLES:
        assert path.read_text().startswith(
            "# yaml-language-server: $schema=../schema/campaign.schema.json\n"
        )


def test_running_from_a_checkout_finds_the_checkout_copy() -> None:
    assert schema_path().read_text() == (ROOT / "schema" / "campaign.schema.json").read_text()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_an_example_named_for_a_country_calls_that_country(path: Path) -> None:
    """The region an example's task name or numbers file ends in (`... US`, `renewal-vn.csv`)
    is where its numbers are."""
    campaign = load_campaign(path).campaign
    assert campaign is not None
    assert campaign.numbers is not None
    named = {
        match.upper()
        for text in (campaign.data["taskName"], str(campaign.data.get("numberFile", "")))
        for match in re.findall(r"(?:[ -])([A-Za-z]{2})(?:\.csv|\.txt)?$", text)
    }
    regions = {
        phonenumbers.region_code_for_number(phonenumbers.parse(f"+{number}"))
        for number in campaign.numbers.values
    }
    for region in named:
        assert regions == {"GB" if region == "UK" else region}, f"named {region}, calls {regions}"


RECALL = {
    "appId": "app-1", "taskName": "again", "source": 3, "text": "Hi", "lan": "EN",
    "loopCount": 1, "maxCalls": 60, "recallOf": "first",
}  # fmt: skip


@pytest.mark.parametrize(
    ("extra", "valid"),
    [
        ({}, True),
        ({"recallNumbers": "everyone"}, True),
        ({"recallNumbers": "some"}, False),
        ({"numberList": ["84901234567"]}, False),
        ({"numberFile": "numbers.txt"}, False),
    ],
)
def test_a_recall_takes_no_numbers_and_reads_which_ones_by_name(
    extra: dict[str, object], valid: bool
) -> None:
    validator = jsonschema.Draft202012Validator(campaign_schema())
    assert validator.is_valid(RECALL | extra) is valid


def test_recall_numbers_without_recall_of_is_refused() -> None:
    validator = jsonschema.Draft202012Validator(campaign_schema())
    plain = {k: v for k, v in RECALL.items() if k != "recallOf"} | {"numberList": ["84901234567"]}
    assert validator.is_valid(plain)
    assert not validator.is_valid(plain | {"recallNumbers": "failed"})
