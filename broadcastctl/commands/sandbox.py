"""`broadcastctl sandbox`: serve the vendor API emulator on loopback until Ctrl-C."""

from __future__ import annotations

import contextlib
import datetime
import logging
import os
import secrets
import signal
import sys
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from broadcastctl.api.config import KEY_VARIABLE, SECRET_VARIABLE, URL_VARIABLE
from broadcastctl.api.vendortime import parse_timezone
from broadcastctl.errors import EXIT_OK, UsageError
from broadcastctl.sandbox import Faults, Lifecycle, SandboxServer
from broadcastctl.windowzone import WINDOW_ZONE_VARIABLE, WindowZone, window_zone


def run(
    *,
    host: str,
    port: int,
    db: str,
    api_key: str | None,
    api_secret: str | None,
    allow_remote: bool,
    timezone: str,
    timestamp_window: float,
    submit_seconds: float,
    calls_per_second: float,
    create_envelope: str,
    create_without_id: bool,
    quiet: bool,
    advance: float | None = None,
    **fault_options: Any,
) -> int:
    """Start the sandbox, print what a shell needs to use it, and serve until interrupted."""
    if advance is not None:
        return advance_clock(Path(db), advance, parse_timezone(timezone, source="--timezone"))
    key, secret, source = credentials(api_key, api_secret, os.environ)
    server = SandboxServer(
        Path(db),
        host=host,
        port=port,
        api_key=key,
        api_secret=secret,
        timezone=parse_timezone(timezone, source="--timezone"),
        faults=Faults(**fault_options),
        timestamp_window=timestamp_window,
        lifecycle=Lifecycle(submit_seconds=submit_seconds, calls_per_second=calls_per_second),
        create_envelope=create_envelope,
        create_returns_id=not create_without_id,
        allow_remote=allow_remote,
        window_zone=window_zone(os.environ),
    )
    # `kill` (a CI job ending, a container stopping) stops the sandbox as Ctrl-C does.
    before = signal.signal(signal.SIGTERM, _interrupt)
    try:
        with _requests_logged(not quiet), server:
            _announce(server, source)
            try:
                threading.Event().wait()
            except KeyboardInterrupt:
                print("broadcastctl sandbox: stopped", file=sys.stderr)
    finally:
        signal.signal(signal.SIGTERM, before)  # as it was: the caller's process goes on
    return EXIT_OK


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def credentials(
    api_key: str | None, api_secret: str | None, environ: Mapping[str, str]
) -> tuple[str, str, str]:
    """Key and secret from the options, else the environment, else new ones; and which it was."""
    if (api_key is None) != (api_secret is None):
        raise UsageError("give both --api-key and --api-secret, or neither")
    if api_key and api_secret:
        return api_key, api_secret, "options"
    env_key, env_secret = environ.get(KEY_VARIABLE), environ.get(SECRET_VARIABLE)
    if env_key and env_secret:
        return env_key, env_secret, "environment"
    return secrets.token_hex(4), secrets.token_urlsafe(24), "generated"


def _announce(server: SandboxServer, source: str) -> None:
    url = server.url
    lines = [
        f"broadcastctl sandbox: the vendor API emulator is listening on {url}",
        f"  database: {server.db_path} (tasks survive a restart)",
        f"  calling windows (allowSendTime): {_reading(server.window_zone)}",
        f"  admin, for this machine only: {url}/_sandbox/faults (GET, PUT) and"
        f" {url}/_sandbox/clock (GET, POST)",
        "To point broadcastctl at it:",
    ]
    if source == "environment":
        # Those may be someone's real credentials: use them, never print them.
        lines.append(f"export {URL_VARIABLE}={url}")
        lines.append(f"  (the key and secret are {KEY_VARIABLE} and {SECRET_VARIABLE} as set now)")
    else:
        lines.append(
            f"export {URL_VARIABLE}={url} {KEY_VARIABLE}={server.api_key} "
            f"{SECRET_VARIABLE}={server.api_secret}"
        )
    lines.append("Press Ctrl-C to stop.")
    print("\n".join(lines), flush=True)


def _reading(zone: WindowZone) -> str:
    if zone is WindowZone.CALLEE:
        return f"in each callee's local time ({WINDOW_ZONE_VARIABLE}=callee)"
    return f"in the sandbox's zone ({WINDOW_ZONE_VARIABLE}=vendor, the default)"


@contextlib.contextmanager
def _requests_logged(wanted: bool) -> Iterator[None]:
    """Each request on stderr while serving; the logger as it was afterwards."""
    if not wanted:
        yield
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    logger = logging.getLogger("broadcastctl.sandbox")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def advance_clock(db: Path, seconds: float, zone: datetime.tzinfo) -> int:
    """Move the stored clock of a sandbox database and say what time the sandbox now reads."""
    if not db.is_file():
        raise UsageError(
            f"{db} holds no sandbox yet; deploy with --sandbox (or serve one with --db) first"
        )
    # Never served: the account only satisfies the constructor.
    key, secret = secrets.token_hex(8), secrets.token_hex(16)
    server = SandboxServer(db, api_key=key, api_secret=secret, timezone=zone)
    try:
        server.clock.advance(seconds)
        now = datetime.datetime.fromtimestamp(server.clock.now(), zone)
    finally:
        server.stop()
    print(f"broadcastctl sandbox: the clock of {db} reads {now:%Y-%m-%d %H:%M:%S} (vendor time)")
    return EXIT_OK
