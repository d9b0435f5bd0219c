"""Ctrl-C while the command line loads: deferred from the moment this is imported (first of the
command line's modules), so `main` says it in one line rather than Python as a traceback."""

from __future__ import annotations

import signal
import threading
from types import FrameType

interrupted = threading.Event()


def _defer(signum: int, frame: FrameType | None) -> None:
    del signum, frame
    interrupted.set()


if threading.current_thread() is threading.main_thread():
    signal.signal(signal.SIGINT, _defer)
