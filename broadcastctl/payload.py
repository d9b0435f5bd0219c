"""Campaign -> the request body the vendor's create call takes, with the API's names and types.

Only a campaign that lints without errors is turned into a body. broadcastctl's own keys become
API fields (numberFile -> numberList, audioFile -> baseFile); fields their switch turns off are
left out; each number is sent once.
"""

from __future__ import annotations

import base64
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from broadcastctl.apifields import FIXED_AFTER_CREATE, TOOL_KEYS, ineffective_fields
from broadcastctl.campaigns import Campaign
from broadcastctl.schema import campaign_schema

# The API types these as text even where YAML read a number.
_TEXT_FIELDS = ("displayNum", "feedbackValue", "appId", "smsAppId", "voiceFileId", "senderId")


@dataclass(frozen=True)
class DesiredTask:
    """What one campaign file asks the vendor for."""

    file: str
    body: Mapping[str, Any]  # the create request, numbers included

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
    if key in _TEXT_FIELDS and value is not None:
        return str(value)
    if key in _integer_fields() and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@functools.cache
def _integer_fields() -> frozenset[str]:
    properties: Mapping[str, Any] = campaign_schema()["properties"]
    return frozenset(name for name, rule in properties.items() if rule.get("type") == "integer")


def update_body(desired: DesiredTask, job_id: int, cleared: Iterable[str] = ()) -> dict[str, Any]:
    """Every field the update call takes, sent whole, since the vendor's handling of a field left
    out is not documented; `cleared` fields, set remotely but no longer in the file, are sent
    empty (a left-out or null field may keep its old value)."""
    body = {key: value for key, value in desired.body.items() if key not in FIXED_AFTER_CREATE}
    return {**body, **dict.fromkeys(cleared, ""), "keyId": job_id}
