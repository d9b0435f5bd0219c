"""The sandbox's clock: the wall clock moved by an offset, or frozen, so tests need not wait."""

from __future__ import annotations

import datetime
import math
import threading
import time
from collections.abc import Callable
from typing import TypeGuard

ClockListener = Callable[[float, float | None], None]
# The span the clock may read: each end a day inside what a date in any zone can show, so the
# clock can always be printed, and stored across restarts.
EARLIEST = 86_400.0
LATEST = datetime.datetime(9999, 12, 30, tzinfo=datetime.UTC).timestamp()


def readable(stored: object, wall: float) -> tuple[float, float | None]:
    """A stored clock (offset, frozen_at) as it may run again; one no date can show (moved out
    of range by an older version) or of another shape is the wall clock instead, rather than
    a sandbox whose every clock read fails."""
    if isinstance(stored, list | tuple) and len(stored) == 2:
        offset, frozen_at = stored
        if _finite(offset) and (frozen_at is None or _finite(frozen_at)):
            reading = float(frozen_at) if frozen_at is not None else wall + float(offset)
            if EARLIEST <= reading <= LATEST:
                return float(offset), None if frozen_at is None else float(frozen_at)
    return 0.0, None


def _finite(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


class SandboxClock:
    """`now()` drives task life cycles and the signature check; tests move it, never sleep."""

    def __init__(
        self,
        zone: datetime.tzinfo,
        *,
        offset: float = 0.0,
        frozen_at: float | None = None,
        on_change: ClockListener | None = None,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self._zone = zone
        self._offset = offset
        self._frozen_at = frozen_at
        self._on_change = on_change
        self._wall = wall
        self._lock = threading.Lock()

    def now(self) -> float:
        """Unix seconds, as the sandbox sees them."""
        with self._lock:
            return self._frozen_at if self._frozen_at is not None else self._wall() + self._offset

    def wall(self) -> float:
        """Unix seconds by the wall clock, whatever the sandbox's clock says."""
        return self._wall()

    @property
    def offset(self) -> float:
        """Seconds between the sandbox's clock and the wall clock."""
        return self.now() - self._wall()

    @property
    def frozen(self) -> bool:
        with self._lock:
            return self._frozen_at is not None

    def advance(self, seconds: float) -> None:
        """Move time forward (or back, with a negative number)."""
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at += seconds
            else:
                self._offset += seconds
            self._changed()

    def set(self, when: datetime.datetime) -> None:
        """Jump to a moment; a naive datetime is read in the sandbox's zone."""
        target = (when if when.tzinfo else when.replace(tzinfo=self._zone)).timestamp()
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at = target
            else:
                self._offset = target - self._wall()
            self._changed()

    def freeze(self, frozen: bool = True) -> None:
        """Stop (or restart) the clock at its current reading, so progress is exact in tests."""
        with self._lock:
            current = (
                self._frozen_at if self._frozen_at is not None else self._wall() + self._offset
            )
            self._frozen_at = current if frozen else None
            self._offset = current - self._wall()
            self._changed()

    def reset(self) -> None:
        """Back to the wall clock, running."""
        with self._lock:
            self._offset, self._frozen_at = 0.0, None
            self._changed()

    def _changed(self) -> None:
        if self._on_change is not None:
            self._on_change(self._offset, self._frozen_at)
