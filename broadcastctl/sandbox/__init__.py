"""A faithful local emulator of the vendor's group-call HTTP API, over a SQLite file."""

from broadcastctl.sandbox.clock import SandboxClock
from broadcastctl.sandbox.errors import Rejected, SandboxError
from broadcastctl.sandbox.faults import Faults
from broadcastctl.sandbox.lifecycle import Lifecycle
from broadcastctl.sandbox.server import SandboxServer

__all__ = ["Faults", "Lifecycle", "Rejected", "SandboxClock", "SandboxError", "SandboxServer"]
