"""Both of the vendor's answer shapes, `code`/`msg` and `status`/`reason`, read into one result."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from broadcastctl.api.codes import VendorCode


class ShapeError(ValueError):
    """An answer that does not have the shape the vendor documents."""


@dataclass(frozen=True)
class Envelope:
    """The vendor's code (0 = success), its reason text and the `data` member (None if absent)."""

    code: int
    reason: str
    data: Any

    @property
    def ok(self) -> bool:
        return self.code == VendorCode.SUCCESS


def read_envelope(payload: object) -> Envelope:
    """Read either shape; codes may be JSON numbers or strings ("0", "-22")."""
    if not isinstance(payload, dict):
        raise ShapeError(f"expected a JSON object, got {type(payload).__name__}")
    # `code` wins when both appear: the list and detail pages use it, and `status` is then a
    # field of the page, not of the envelope.
    code_key, reason_key = ("code", "msg") if "code" in payload else ("status", "reason")
    if code_key not in payload:
        raise ShapeError("the answer has neither a `code` nor a `status` member")
    reason = payload.get(reason_key)
    return Envelope(
        code=_code(payload[code_key]),
        reason=reason if isinstance(reason, str) else "",
        data=payload.get("data"),
    )


def _code(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            pass
    raise ShapeError(f"the answer's code is not an integer: {value!r}")
