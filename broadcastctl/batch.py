"""Batch work: a pass over many objects that all live until the pass ends (a lint pass, the
state read from disk). The cyclic garbage collector has nothing to free in them, yet walks them
all again each time enough new ones are made: 0.07 s of the lint of a 200,000-number campaign.
It waits while such a pass runs; reference counting frees everything else as always."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off within the block, and as it was after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
