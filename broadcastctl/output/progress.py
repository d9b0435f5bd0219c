"""A progress bar on a terminal's stderr: redrawn in place, and nothing at all elsewhere (a log
must not fill with carriage returns)."""

from __future__ import annotations

import threading
from typing import TextIO

WIDTH = 30


def bar(done: int, total: int, width: int = WIDTH) -> str:
    """`[##########..........]` for the share done; full when there is nothing to do."""
    share = 1.0 if total <= 0 else min(1.0, done / total)
    filled = round(share * width)
    return "[" + "#" * filled + "." * (width - filled) + "]"


class ProgressBar:
    """`update(done, total)` from any thread; `close()` ends the line it drew, if any. A total
    of None is not known yet: the count alone is drawn, never a bar that would shrink back."""

    def __init__(self, stream: TextIO, label: str, unit: str) -> None:
        self._stream = stream
        self._label = label
        self._unit = unit
        self._shown = stream.isatty()
        self._drawn = False
        self._lock = threading.Lock()

    def update(self, done: int, total: int | None) -> None:
        if not self._shown:
            return
        with self._lock:
            if total is None:
                line = f"\r{self._label} {done:,}/? {self._unit}"
            else:
                line = f"\r{self._label} {bar(done, total)} {done:,}/{total:,} {self._unit}"
            self._stream.write(line + "\033[K")
            self._stream.flush()
            self._drawn = True

    def close(self) -> None:
        with self._lock:
            if self._drawn:
                self._stream.write("\r\033[K")
                self._stream.flush()
                self._drawn = False
