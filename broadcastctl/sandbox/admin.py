"""The sandbox's own paths under /_sandbox/: faults and clock, for loopback clients only.

No vendor signature is needed here, which is why nothing but this machine may call them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from broadcastctl.errors import UsageError
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
    """{"reset": true}, {"set": "yyyy-MM-dd HH:mm:ss"}, {"advance": seconds}, {"freeze": bool}."""
    unknown = sorted(set(body) - {"reset", "set", "advance", "freeze"})
    if unknown or not body:
        raise UsageError("give one of reset, set, advance or freeze")
    clock = runtime.clock
    if body.get("reset"):
        clock.reset()
    if "set" in body:
        moment = parse_local(body["set"], runtime.settings.timezone)
        if moment is None:
            raise UsageError("set must be a time as yyyy-MM-dd HH:mm:ss")
        clock.set(datetime.datetime.fromtimestamp(moment, runtime.settings.timezone))
    if "advance" in body:
        seconds = body["advance"]
        if isinstance(seconds, bool) or not isinstance(seconds, int | float):
            raise UsageError("advance must be a number of seconds")
        clock.advance(seconds)
    if "freeze" in body:
        clock.freeze(bool(body["freeze"]))
    return show_clock(runtime, body)


ACTIONS: dict[tuple[str, str], AdminAction] = {
    ("GET", f"{PREFIX}/health"): health,
    ("GET", f"{PREFIX}/faults"): show_faults,
    ("PUT", f"{PREFIX}/faults"): replace_faults,
    ("GET", f"{PREFIX}/clock"): show_clock,
    ("POST", f"{PREFIX}/clock"): move_clock,
}
