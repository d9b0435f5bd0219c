"""The JSON Schemas (campaign files, the policy file): inside the installed package, or in the
source checkout."""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path
from typing import Any

SCHEMA_NAME = "campaign.schema.json"
POLICY_SCHEMA_NAME = "policy.schema.json"
_CHECKOUT = Path(__file__).resolve().parent.parent / "schema"


def schema_path(name: str = SCHEMA_NAME) -> Path:
    """Where the schema file is: the wheel's copy, or the checkout's when running from source."""
    packaged = resources.files("broadcastctl") / "data" / name
    if packaged.is_file():
        return Path(str(packaged))
    return _CHECKOUT / name


def schema_text(name: str = SCHEMA_NAME) -> str:
    return schema_path(name).read_text(encoding="utf-8")


@functools.cache
def campaign_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_text())
    return schema


def copy_is_current(copy: Path, name: str = SCHEMA_NAME) -> bool:
    """Whether a copy of the schema `name` (`broadcastctl schema [--policy] --write`) is this
    version's, byte for byte."""
    try:
        return copy.read_text(encoding="utf-8") == schema_text(name)
    except (OSError, UnicodeDecodeError):
        return False


@functools.cache
def policy_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_text(POLICY_SCHEMA_NAME))
    return schema
