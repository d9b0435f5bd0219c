"""Which zone the vendor reads a task's calling windows (`allowSendTime`) in: its own
(`vendor`, as lint and the sandbox assume by default) or each callee's (`callee`). The vendor's
pages leave it open (api/voice-group-call.md §3.4), so it is a setting,
BROADCASTCTL_WINDOW_ZONE, read by the commands and the sandbox and passed down as plain data.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Mapping

from broadcastctl.errors import UsageError

WINDOW_ZONE_VARIABLE = "BROADCASTCTL_WINDOW_ZONE"


class WindowZone(enum.StrEnum):
    VENDOR = "vendor"  # allowSendTime is wall-clock time in the vendor's zone
    CALLEE = "callee"  # allowSendTime is wall-clock time in each callee's own zone


def window_zone(environ: Mapping[str, str] = os.environ) -> WindowZone:
    """The reading BROADCASTCTL_WINDOW_ZONE names; `vendor` when unset or empty."""
    text = environ.get(WINDOW_ZONE_VARIABLE, "").strip().lower()
    if not text:
        return WindowZone.VENDOR
    try:
        return WindowZone(text)
    except ValueError:
        choices = " or ".join(zone.value for zone in WindowZone)
        raise UsageError(
            f"{WINDOW_ZONE_VARIABLE} must be {choices} (the zone the vendor reads allowSendTime "
            f"in), got {environ[WINDOW_ZONE_VARIABLE]!r}"
        ) from None
