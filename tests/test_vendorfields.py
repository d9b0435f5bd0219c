"""The vendor field facts name fields the campaign schema declares."""

from __future__ import annotations

from broadcastctl.schema import campaign_schema
from broadcastctl.vendorfields import (
    DEPENDS_ON,
    FIXED_AFTER_CREATE,
    MIRRORED_FIELDS,
    TOOL_KEYS,
)

PROPERTIES = frozenset(campaign_schema()["properties"])


def test_every_mirrored_field_is_a_schema_property() -> None:
    assert MIRRORED_FIELDS <= PROPERTIES, sorted(MIRRORED_FIELDS - PROPERTIES)


def test_the_mirrored_fields_are_api_fields_not_tool_keys() -> None:
    assert not MIRRORED_FIELDS.intersection(TOOL_KEYS)


def test_switched_fixed_and_tool_fields_are_schema_properties() -> None:
    switches = {switch for switch, _ in DEPENDS_ON.values()}
    named = {*DEPENDS_ON, *switches, *FIXED_AFTER_CREATE, *TOOL_KEYS}
    assert named <= PROPERTIES, sorted(named - PROPERTIES)
