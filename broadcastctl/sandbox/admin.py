"""The sandbox's own paths under /_sandbox/: faults and clock, for loopback clients only.

No vendor signature is needed here, which is why nothing but this machine may call them.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Mapping
from typing import Any

from broadcastctl.errors import UsageError
from broadcastctl.sandbox.clock import EARLIEST, LATEST
from broadcastctl.sandbox.faults import Faults
from broadcastctl.sandbox.localtime import format_local, parse_local
from broadcastctl.sandbox.runtime import Runtime

PREFIX = "/_sandbox"
AdminAction = Callable[[Runtime, Mapping[str, Any]], dict[str, Any]]


def health(runtime: Runtime, body: Mapping[str, Any]) -> dict[str, Any]:
    return {"ok": True}


def show_faults(runtime: Runtime, body: Mapping[str, Any]) -> dict[str, Any]:
    return runtime.faults.faults.to_json()


def replace_faults(runtime: Runtime, body: Mapping[str, Any]) -> dict[str, Any]:
    """Replace every fault; a field left out goes back to its default (no fault)."""
    runtime.faults.replace(Faults.from_json(body))
    return show_faults(runtime, body)


def show_clock(runtime: Runtime, body: Mapping[str, Any]) -> dict[str, Any]:
    clock = runtime.clock
    now = clock.now()
    return {
        "now": now,
        "time": format_local(now, runtime.settings.timezone),
        "offset": round(clock.offset, 3) + 0.0,  # + 0.0 turns -0.0 into 0.0
        "frozen": clock.frozen,
    }


def move_clock(runtime: Runtime, body: Mapping[str, Any]) -> dict[str, Any]:
    """{"reset": true}, {"set": "yyyy-MM-dd HH:mm:ss"}, {"advance": seconds}, {"freeze": bool}.
    Every value is checked before the clock moves: a refused move leaves it as it was."""
    unknown = sorted(set(body) - {"reset", "set", "advance", "freeze"})
    if unknown or not body:
        raise UsageError("give one of reset, set, advance or freeze")
    clock = runtime.clock
    moment = _set_to(runtime, body["set"]) if "set" in body else None
    seconds = _advance_by(body["advance"]) if "advance" in body else 0.0
    start = clock.wall() if body.get("reset") else clock.now()
    _check_reading(
        "advance" if "advance" in body else "set", (start if moment is None else moment) + seconds
    )
    if body.get("reset"):
        clock.reset()
    if moment is not None:
        clock.set(datetime.datetime.fromtimestamp(moment, runtime.settings.timezone))
    if seconds:
        clock.advance(seconds)
    if "freeze" in body:
        clock.freeze(bool(body["freeze"]))
    return show_clock(runtime, body)


def _set_to(runtime: Runtime, value: object) -> float:
    moment = parse_local(value, runtime.settings.timezone)
    if moment is None:
        raise UsageError("set must be a time as yyyy-MM-dd HH:mm:ss")
    return float(moment)


def _advance_by(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UsageError("advance must be a number of seconds")
    if not math.isfinite(value) or abs(value) > LATEST:
        raise UsageError(f"advance must be a finite number of seconds, not {value!r}")
    return float(value)


def _check_reading(field: str, reading: float) -> None:
    """Refuse a move that would take the clock where no date can show it."""
    if not EARLIEST <= reading <= LATEST:
        raise UsageError(
            f"{field} would move the clock outside the years 1970 to 9999; nothing was changed"
        )


ACTIONS: dict[tuple[str, str], AdminAction] = {
    ("GET", f"{PREFIX}/health"): health,
    ("GET", f"{PREFIX}/faults"): show_faults,
    ("PUT", f"{PREFIX}/faults"): replace_faults,
    ("GET", f"{PREFIX}/clock"): show_clock,
    ("POST", f"{PREFIX}/clock"): move_clock,
}
