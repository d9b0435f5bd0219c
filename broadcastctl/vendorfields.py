"""What the vendor's parameter table says about fields beyond their types: which switch makes a
field matter, and which keys are broadcastctl's own rather than the API's."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

# field -> (switch, value): the field is used only while the switch has that value.
# Fields needing two switches list the narrower one (toSeatKey needs toSeatType 2, which
# itself needs toSeat 1).
DEPENDS_ON: dict[str, tuple[str, int]] = {
    "voiceFileId": ("source", 1),
    "uploadName": ("source", 2),
    "baseFile": ("source", 2),
    "text": ("source", 3),
    "lan": ("source", 3),
    "smsAppId": ("hangUpSms", 1),
    "smsContent": ("hangUpSms", 1),
    "senderId": ("hangUpSms", 1),
    "feedbackPush": ("hangUpSms", 1),
    "successPush": ("hangUpSms", 1),
    "failedPush": ("hangUpSms", 1),
    "ringPush": ("hangUpSms", 1),
    "feedbackValue": ("feedbackPush", 1),
    "successPushTime": ("successPush", 1),
    "sipGroupId": ("toSeat", 1),
    "outboundControl": ("toSeat", 1),
    "calloutRate": ("toSeat", 1),
    "toSeatType": ("toSeat", 1),
    "toSeatKey": ("toSeatType", 2),
}

# broadcastctl's own keys, never sent: the files are replaced by API fields, the others are
# for lint and the plan alone (`purpose` chooses the calling rules by country).
FILE_KEYS = ("numberFile", "audioFile")
# recallOf and recallNumbers become the resend call's keyId and resendType at deploy.
RECALL_KEYS = ("recallOf", "recallNumbers")
TOOL_KEYS = (*FILE_KEYS, *RECALL_KEYS, "policyExceptions", "purpose", "localWindows")
# The resend call's resendType for each recallNumbers.
RESEND_TYPES = {"failed": 1, "everyone": 0}
COMPLETED = 2

# A task's `status` in the list and detail calls.
WAITING = 0
CANCELLED = 4
TASK_STATUSES = {
    0: "waiting",
    1: "calling",
    2: "completed",
    3: "failed to submit",
    4: "cancelled",
    5: "suspended",
    6: "submitting",
}

# What the update call cannot change on an existing task.
FIXED_AFTER_CREATE = ("appId", "numberList")

# Fields of the detail call that mirror a request field (the rest are counters and times): what
# a plan can compare. numberList is not among them: the detail call shows only a count.
MIRRORED_FIELDS = frozenset(
    {
        "appId", "taskName", "displayNum", "source", "voiceFileId", "uploadName", "baseFile",
        "text", "lan", "sendTime", "loopCount", "maxCalls", "maxRingingTime", "hangUpSms",
        "smsAppId", "smsContent", "senderId", "feedbackPush", "feedbackValue", "successPush",
        "successPushTime", "failedPush", "ringPush", "toSeat", "sipGroupId", "outboundControl",
        "calloutRate", "toSeatType", "toSeatKey", "allowSendTime",
    }
)  # fmt: skip


def ineffective_fields(data: Mapping[str, Any]) -> Iterator[tuple[str, str, int]]:
    """(field, switch, value needed) for each field given while its switch turns it off."""
    for name, (switch, needed) in DEPENDS_ON.items():
        if name in data and not is_on(data, name):
            yield name, *_blocking_switch(data, switch, needed)


def is_on(data: Mapping[str, Any], name: str) -> bool:
    """Whether the switches above `name` all have the values that make it matter."""
    if name not in DEPENDS_ON:
        return True
    switch, needed = DEPENDS_ON[name]
    return data.get(switch) == needed and is_on(data, switch)


def _blocking_switch(data: Mapping[str, Any], switch: str, needed: int) -> tuple[str, int]:
    """The highest switch in the chain that is off, so the message names the real cause."""
    if switch in DEPENDS_ON and not is_on(data, switch):
        return _blocking_switch(data, *DEPENDS_ON[switch])
    return switch, needed
