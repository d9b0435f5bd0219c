"""The sandbox's errors: a vendor-style rejection (code + reason) and failures to start."""

from __future__ import annotations

from broadcastctl.api.codes import VendorCode
from broadcastctl.errors import BroadcastctlError


class SandboxError(BroadcastctlError):
    """The sandbox cannot do what it was asked (bad options, a port in use, a bad database)."""


class Rejected(SandboxError):
    """A vendor request refused with a vendor code; `reason` names the field or the state."""

    def __init__(self, code: VendorCode, reason: str) -> None:
        super().__init__(f"vendor code {code}: {reason}")
        self.code = code
        self.reason = reason


def invalid(reason: str) -> Rejected:
    """PARAMETER_INVALID (-22), the vendor's "parameter exception"."""
    return Rejected(VendorCode.PARAMETER_INVALID, reason)
