"""The sandbox's clock: the wall clock moved by an offset, or frozen, so tests need not wait."""

from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Callable

ClockListener = Callable[[float, float | None], None]


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
