"""What the request handler needs from a running sandbox: its settings and live objects."""

from __future__ import annotations

import datetime
import threading
from dataclasses import dataclass, field

from broadcastctl.sandbox.clock import SandboxClock
from broadcastctl.sandbox.envelopes import Envelope
from broadcastctl.sandbox.faults import FaultState
from broadcastctl.sandbox.vendor import Vendor
from broadcastctl.windowzone import WindowZone


@dataclass(frozen=True)
class Settings:
    """The account the sandbox accepts, and its choices where the vendor's contract is open."""

    api_key: str = field(repr=False)
    api_secret: str = field(repr=False)
    timezone: datetime.tzinfo
    timestamp_window: float = 300.0
    write_style: Envelope = Envelope.STATUS  # envelope of create and update (UNCONFIRMED)
    create_returns_id: bool = True  # whether create answers with `data` = the new jobId
    window_zone: WindowZone = WindowZone.VENDOR  # the zone allowSendTime is read in (UNCONFIRMED)


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    vendor: Vendor
    clock: SandboxClock
    faults: FaultState
    stopping: threading.Event
