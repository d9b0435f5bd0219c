"""SandboxServer: the vendor emulator on a loopback port, embeddable in tests and in the CLI."""

from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from broadcastctl.api.config import is_loopback_host
from broadcastctl.api.vendortime import DEFAULT_TIMEZONE
from broadcastctl.errors import UsageError
from broadcastctl.sandbox.clock import SandboxClock, readable
from broadcastctl.sandbox.envelopes import Envelope
from broadcastctl.sandbox.errors import SandboxError
from broadcastctl.sandbox.faults import Faults, FaultState
from broadcastctl.sandbox.handler import HttpServer
from broadcastctl.sandbox.lifecycle import Lifecycle
from broadcastctl.sandbox.runtime import Runtime, Settings
from broadcastctl.sandbox.store import StatusFunction, Store
from broadcastctl.sandbox.timetable import Timetable
from broadcastctl.sandbox.vendor import Vendor
from broadcastctl.windowzone import WindowZone

WRITE_STYLES = {"status": Envelope.STATUS, "code": Envelope.CODE_STRING}
_CLOCK_SETTING = "clock"
# How often the serving thread looks for a stop request; bounds how long stop() takes.
_POLL_SECONDS = 0.02


class SandboxServer:
    """Serves the emulated vendor API from a SQLite file, on a background thread.

    `create_envelope` ("status" or "code") and `create_returns_id` choose the create answer,
    which the vendor's pages never show; `window_zone` the zone calling windows are read in
    (the vendor's, or each callee's: BROADCASTCTL_WINDOW_ZONE, which the commands pass).
    """

    def __init__(
        self,
        db_path: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        api_key: str,
        api_secret: str,
        timezone: datetime.tzinfo = DEFAULT_TIMEZONE,
        faults: Faults | None = None,
        timestamp_window: float = 300.0,
        lifecycle: Lifecycle | None = None,
        create_envelope: str = "status",
        create_returns_id: bool = True,
        allow_remote: bool = False,
        window_zone: WindowZone = WindowZone.VENDOR,
    ) -> None:
        if not allow_remote and not is_loopback_host(host):
            raise UsageError(
                f"the sandbox listens on loopback only and {host} is not;"
                " pass --allow-remote (allow_remote=True) to listen there anyway"
            )
        if create_envelope not in WRITE_STYLES:
            raise UsageError(f"create_envelope must be one of {', '.join(WRITE_STYLES)}")
        self._address = (host, port)
        self._settings = Settings(
            api_key=api_key,
            api_secret=api_secret,
            timezone=timezone,
            timestamp_window=timestamp_window,
            write_style=WRITE_STYLES[create_envelope],
            create_returns_id=create_returns_id,
            window_zone=window_zone,
        )
        lifecycle = lifecycle or Lifecycle()
        try:
            db_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise SandboxError(
                f"cannot open the sandbox database {db_path}: {error.strerror}"
            ) from None
        self.db_path = db_path

        def numbers(job_id: int) -> list[str]:  # in callee mode only, from the store made next
            return store.numbers(job_id)

        timetable = Timetable(timezone, window_zone, numbers)
        store = self._store = Store(db_path, _status_function(lifecycle, timetable))
        offset, frozen_at = readable(self._store.setting(_CLOCK_SETTING), time.time())
        self.clock = SandboxClock(
            timezone, offset=offset, frozen_at=frozen_at, on_change=self._save_clock
        )
        self._runtime = Runtime(
            settings=self._settings,
            vendor=Vendor(self._store, self.clock, timezone, lifecycle, timetable),
            clock=self.clock,
            faults=FaultState(faults),
            stopping=threading.Event(),
        )
        self._httpd: HttpServer | None = None
        self._thread: threading.Thread | None = None

    def __repr__(self) -> str:
        return f"SandboxServer({self.db_path}, {self._address[0]}:{self._address[1]})"

    def __enter__(self) -> SandboxServer:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def api_key(self) -> str:
        return self._settings.api_key

    @property
    def api_secret(self) -> str:
        return self._settings.api_secret

    @property
    def timezone(self) -> datetime.tzinfo:
        return self._settings.timezone

    @property
    def window_zone(self) -> WindowZone:
        return self._settings.window_zone

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise SandboxError("the sandbox is not started")
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        host = self._address[0]
        return f"http://{f'[{host}]' if ':' in host else host}:{self.port}"

    @property
    def faults(self) -> Faults:
        """The faults in force, with what is left of the count-based ones."""
        return self._runtime.faults.faults

    def set_faults(self, faults: Faults) -> None:
        self._runtime.faults.replace(faults)

    def stored_fields(self, job_id: int) -> Mapping[str, Any] | None:
        """Every field a task was created or updated with, including the ones the vendor's
        detail call never shows; for tests that must see what really arrived."""
        row = self._store.task(job_id)
        return None if row is None else row.fields

    def start(self) -> None:
        if self._httpd is not None or self._runtime.stopping.is_set():
            raise SandboxError("a sandbox starts once; make a new SandboxServer")
        try:
            self._httpd = HttpServer(self._address, self._runtime)
        except OSError as error:
            self._store.close()  # this server will never serve
            host, port = self._address
            raise SandboxError(f"cannot listen on {host}:{port}: {error.strerror}") from error
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": _POLL_SECONDS},
            name=f"sandbox:{self.port}",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving, end open connections (and any injected delay), close the database."""
        self._runtime.stopping.set()
        if self._httpd is not None and self._thread is not None:
            self._httpd.shutdown()
            self._httpd.close_connections()
            self._httpd.server_close()
            self._thread.join()
            self._thread = None
        self._store.close()

    def _save_clock(self, offset: float, frozen_at: float | None) -> None:
        self._store.save_setting(_CLOCK_SETTING, [offset, frozen_at])


def _status_function(lifecycle: Lifecycle, timetable: Timetable) -> StatusFunction:
    """A task's status as the list call's status filter sees it: the one the list shows."""

    def status_of(  # noqa: PLR0917 - the columns SQLite passes, in order
        job_id: int,
        send_at: float,
        cancelled_at: float | None,
        count: int,
        now: float,
        fields_json: str,
    ) -> int:
        schedule = timetable.schedule(job_id, fields_json, count)
        return lifecycle.progress(send_at, cancelled_at, count, now, schedule).status

    return status_of
