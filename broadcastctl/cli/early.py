"""Ctrl-C while the command line loads: deferred from the moment this is imported (first of the
command line's modules), so `main` says it in one line rather than Python as a traceback. And
the cyclic garbage collector off while the command line and the command's modules load: they
make tens of thousands of objects that live as long as the process, which it would walk again
and again for nothing (1 % of a lint); `resume_collector` turns it back on."""

from __future__ import annotations

import gc
import signal
import threading
from types import FrameType

interrupted = threading.Event()


def _defer(signum: int, frame: FrameType | None) -> None:
    del signum, frame
    interrupted.set()


if threading.current_thread() is threading.main_thread():
    signal.signal(signal.SIGINT, _defer)


_collector_paused = threading.Event()
if gc.isenabled():
    gc.disable()
    _collector_paused.set()


def resume_collector() -> None:
    """The collector on again, if this module turned it off (once the command is loaded)."""
    if _collector_paused.is_set():
        _collector_paused.clear()
        gc.enable()
