"""Campaign -> the request body the vendor's create call takes, with the API's names and types.

Only a campaign that lints without errors is turned into a body. broadcastctl's own keys become
API fields (numberFile -> numberList, audioFile -> baseFile); fields their switch turns off are
left out; each number is sent once.
"""

from __future__ import annotations

import base64
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from broadcastctl.lint.campaigns import Campaign
from broadcastctl.policy.people import People
from broadcastctl.schema import campaign_schema
from broadcastctl.vendorfields import FIXED_AFTER_CREATE, TOOL_KEYS, ineffective_fields, is_on


@dataclass(frozen=True)
class DesiredTask:
    """What one campaign file asks the vendor for."""

    file: str
    body: Mapping[str, Any]  # the create request, numbers included
    people: People | None = None  # who it calls and when: counts and times, never a number
    exceptions: tuple[tuple[str, str], ...] = ()  # its policyExceptions: (rule, reason)

    @property
    def task_name(self) -> str:
        return str(self.body["taskName"])

    @property
    def number_count(self) -> int:
        return len(self.body["numberList"])

    @property
    def loop_count(self) -> int:
        return int(self.body.get("loopCount", 1))


def to_payload(campaign: Campaign) -> DesiredTask:
    body: dict[str, Any] = {
        key: _api_value(key, value)
        for key, value in campaign.data.items()
        if key not in TOOL_KEYS and key != "numberList"
    }
    for name, _, _ in ineffective_fields(campaign.data):
        body.pop(name, None)
    body["numberList"] = unique_numbers(campaign)
    if "baseFile" in body:
        body["baseFile"] = "".join(str(body["baseFile"]).split())
    elif campaign.audio is not None:
        body["baseFile"] = base64.b64encode(campaign.audio).decode("ascii")
    return DesiredTask(campaign.file, body)


def unique_numbers(campaign: Campaign) -> list[str]:
    """The numbers as text, each once, in the order first written."""
    numbers = campaign.numbers.values if campaign.numbers is not None else []
    return list(dict.fromkeys(str(number) for number in numbers))


def _api_value(key: str, value: Any) -> Any:
    """The value as the API types the field: whole numbers as int, digits written bare as text."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if key in _text_fields() and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


@functools.cache
def _text_fields() -> frozenset[str]:
    """Fields the API takes as text although the schema lets YAML write them as numbers."""
    properties: Mapping[str, Any] = campaign_schema()["properties"]
    return frozenset(name for name, rule in properties.items() if "string" in _types(rule))


def update_body(desired: DesiredTask) -> dict[str, Any]:
    """Everything the update call takes, sent whole: the file's fields, and each optional field
    the file leaves out at the value that means "not set" (its default, or empty). The vendor
    may keep the old value of a field left out or sent as null, so nothing is left out."""
    body = {key: value for key, value in desired.body.items() if key not in FIXED_AFTER_CREATE}
    unset = {
        name: value
        for name, value in _unset_values().items()
        if name not in body and is_on(desired.body, name)
    }
    return unset | body


def sent_value(body: Mapping[str, Any], name: str) -> Any:
    """What the update call sends for `name`: the body's value, or for a field the body leaves
    out, the value that resets it (None when the update does not send it)."""
    if name in body:
        return body[name]
    return _unset_values().get(name)


@functools.cache
def _unset_values() -> dict[str, Any]:
    """Optional API fields that can be reset, with the value that resets them. sendTime is
    not among them: the API has no value for "not scheduled"."""
    properties: Mapping[str, Any] = campaign_schema()["properties"]
    values: dict[str, Any] = {}
    for name, rule in properties.items():
        kinds = _types(rule)
        if name in (*TOOL_KEYS, *FIXED_AFTER_CREATE, "sendTime"):
            continue
        if "default" in rule:
            values[name] = rule["default"]
        elif "string" in kinds:
            values[name] = ""
        elif "array" in kinds:
            values[name] = []
    return values


def _types(rule: Mapping[str, Any]) -> set[str]:
    """The JSON types a field's rule allows, looking into anyOf branches."""
    declared = rule.get("type", [])
    kinds = {declared} if isinstance(declared, str) else set(declared)
    return kinds.union(*(_types(branch) for branch in rule.get("anyOf", [])))
