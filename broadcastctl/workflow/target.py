"""The target: the vendor's API from BROADCASTCTL_API_*, or the sandbox served from this process.

The one module that knows the sandbox. It loads neither the lint pipeline nor the planner, so
`status` and `results` open a target without paying for them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from broadcastctl.api import ApiConfig
from broadcastctl.windowzone import window_zone

if TYPE_CHECKING:
    from broadcastctl.api.client import Client

SANDBOX_DB = Path(".broadcastctl") / "sandbox.sqlite3"


@dataclass(frozen=True)
class Target:
    """Where the tasks live, and how to say so without naming a secret."""

    client: Client
    label: str


@contextlib.contextmanager
def open_target(sandbox: bool, zone: dt.tzinfo) -> Iterator[Target]:
    """The vendor API from BROADCASTCTL_API_*, or a sandbox served from this process in `zone`,
    reading calling windows as BROADCASTCTL_WINDOW_ZONE says."""
    # Imported here: the HTTP client and the sandbox's server cost a tenth of a second to load,
    # which `plan --offline` (no network) and `lint` need not pay.
    from broadcastctl.api.client import Client  # noqa: PLC0415
    from broadcastctl.sandbox import SandboxServer  # noqa: PLC0415

    if not sandbox:
        config = ApiConfig.from_environment(os.environ)
        with Client(config) as client:
            yield Target(client, config.shown_url)
        return
    key, secret = secrets.token_hex(8), secrets.token_hex(16)
    _keep_out_of_git(SANDBOX_DB)
    reading = window_zone(os.environ)
    with SandboxServer(
        SANDBOX_DB, api_key=key, api_secret=secret, timezone=zone, window_zone=reading
    ) as server:
        config = ApiConfig(url=server.url, api_key=key, api_secret=secret, timezone=zone)
        with Client(config, clock=server.clock.now) as client:  # its "now" is the sandbox's
            yield Target(client, f"the sandbox ({SANDBOX_DB})")


def _keep_out_of_git(database: Path) -> None:
    """A `plan --sandbox` in a user's repository must not leave an untracked database behind:
    a .gitignore beside it says so to git (the state file in the same folder stays visible)."""
    ignore = database.parent / ".gitignore"
    if not ignore.exists():
        database.parent.mkdir(parents=True, exist_ok=True)
        lines = ["# written by broadcastctl: the local sandbox's database", ".gitignore"]
        ignore.write_text("\n".join([*lines, f"{database.name}*", ""]))
