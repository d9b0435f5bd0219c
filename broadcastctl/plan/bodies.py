"""Campaign -> the request body the vendor's create call takes, with the API's names and types.

Only a campaign that lints without errors is turned into a body. broadcastctl's own keys become
API fields (numberFile -> numberList, audioFile -> baseFile, or with source 1 an upload whose id
becomes voiceFileId); fields their switch turns off are sent empty; each number is sent once.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from broadcastctl.audio import audio_kind
from broadcastctl.lint.campaigns import Campaign
from broadcastctl.localwindows import Part
from broadcastctl.schema import campaign_schema
from broadcastctl.vendorfields import (
    DEPENDS_ON,
    FIXED_AFTER_CREATE,
    RESEND_TYPES,
    TOOL_KEYS,
    ineffective_fields,
    is_on,
)

if TYPE_CHECKING:  # plain data carried through: `results` builds bodies without loading policy
    from broadcastctl.policy.people import People

# What voiceFileId holds until the upload it names has an id: never sent (deploy replaces it).
PENDING_UPLOAD = "upload:"
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_MAX_NAME = 32  # the vendor's fileName: 5 to 32 characters, with the extension


@dataclass(frozen=True)
class VoiceUpload:
    """An audioFile of a source 1 campaign, uploaded once under a name that holds its checksum,
    so the vendor's file list finds it again (the list shows names and ids, no checksums)."""

    file_name: str  # as uploaded: stem, 12 hex digits of the SHA-256, the audio's extension
    sha256: str
    size: int
    content: bytes

    @classmethod
    def of(cls, path: str, content: bytes) -> VoiceUpload:
        digest = hashlib.sha256(content).hexdigest()
        extension = f".{audio_kind(content) or 'mp3'}"
        room = _MAX_NAME - len(extension) - 13  # "-" and 12 digits
        stem = _UNSAFE.sub("-", Path(path).stem).strip("-")[:room].strip("-") or "voice"
        return cls(f"{stem}-{digest[:12]}{extension}", digest, len(content), content)

    @property
    def pending_id(self) -> str:
        return PENDING_UPLOAD + self.file_name


def is_pending(value: object) -> bool:
    return isinstance(value, str) and value.startswith(PENDING_UPLOAD)


@dataclass(frozen=True)
class Recall:
    """A campaign that calls again the numbers of a finished task: its parent's taskName, and
    the resend call's resendType (1: the failed numbers only, 0: everyone)."""

    parent: str
    resend_type: int

    @property
    def failed_only(self) -> bool:
        return self.resend_type == RESEND_TYPES["failed"]


@dataclass(frozen=True)
class DesiredTask:
    """What one campaign file asks the vendor for."""

    file: str
    body: Mapping[str, Any]  # the create request, numbers included
    people: People | None = None  # who it calls and when: counts and times, never a number
    exceptions: tuple[tuple[str, str], ...] = ()  # its policyExceptions: (rule, reason)
    upload: VoiceUpload | None = None  # source 1 with an audioFile: the file to upload first
    recall: Recall | None = None  # a re-call: sent through the resend call, without numbers
    # A zone part of a campaign in local windows: the campaign's own taskName, and the part.
    campaign: str | None = None
    part: Part | None = None

    @property
    def task_name(self) -> str:
        return str(self.body["taskName"])

    @property
    def number_count(self) -> int:
        return len(self.body.get("numberList", ()))

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
    recall = recall_of(campaign.data)
    if recall is None:
        body["numberList"] = unique_numbers(campaign)
    upload = None
    if "baseFile" in body:
        body["baseFile"] = "".join(str(body["baseFile"]).split())
    elif campaign.audio is not None and body.get("source") == 1:
        upload = VoiceUpload.of(str(campaign.data["audioFile"]), campaign.audio)
        body["voiceFileId"] = upload.pending_id
    elif campaign.audio is not None:
        body["baseFile"] = base64.b64encode(campaign.audio).decode("ascii")
    return DesiredTask(campaign.file, switched_off(body) | body, upload=upload, recall=recall)


def recall_of(data: Mapping[str, Any]) -> Recall | None:
    """The campaign's recallOf and recallNumbers (failed when not given), if it re-calls."""
    parent = data.get("recallOf")
    if not isinstance(parent, str):
        return None
    return Recall(parent, RESEND_TYPES[str(data.get("recallNumbers", "failed"))])


def switched_off(body: Mapping[str, Any]) -> dict[str, Any]:
    """Every field a switch of `body` turns off, at its empty value ("" or 0): sent so on create
    and update alike, so the vendor cannot keep a value from before the switch went off."""
    return {name: off_value(name) for name in DEPENDS_ON if not is_on(body, name)}


def off_value(name: str) -> str | int:
    """What a switched-off field is sent as: text empty, a number zero."""
    properties: Mapping[str, Any] = campaign_schema()["properties"]
    return "" if "string" in _types(properties[name]) else 0


def with_voice_files(task: DesiredTask, file_ids: Mapping[str, str]) -> DesiredTask:
    """The task with its upload's id as voiceFileId, when `file_ids` (by file name) has it."""
    if task.upload is None or task.upload.file_name not in file_ids:
        return task
    return replace(task, body={**task.body, "voiceFileId": file_ids[task.upload.file_name]})


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
