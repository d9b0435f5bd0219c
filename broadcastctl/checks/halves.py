"""Work on many independent items in two processes: the second half in a forked child, the
first here, the results back in order.

Linting 1,000 campaigns is 1,000 independent reads and checks, bound by the CPU; two cores do
it in a little over half the time. A fork shares everything loaded so far (modules, the
schema, policies, folders already looked up) without a start-up cost, and only the child's
results travel back, pickled through a pipe. The child never returns into the caller's code:
it leaves with `os._exit`, so no output buffer, atexit hook or test teardown runs twice.

Whatever goes wrong in the child (an exception, a kill, results that cannot be pickled), the
parent does the second half itself: the outcome, an exception included, is the one a single
process gives. A fork is made only where it is safe and can help: on Linux, with no other
thread running (a fork copies locks other threads may hold), and a core to spare.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any, BinaryIO, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def can_fork() -> bool:
    """On Linux, with no other thread running, and a core to spare: two available to this
    process, and a load average (the last minute's) that leaves one of them free. On a machine
    whose cores are all busy, a second process only adds the cost of the fork and of the
    results' trip back (as `make -l` holds back jobs for the same reason)."""
    if sys.platform != "linux" or threading.active_count() > 1:
        return False
    cores = len(os.sched_getaffinity(0))
    return cores >= 2 and os.getloadavg()[0] < cores - 0.5


def in_two(items: Sequence[Item], work: Callable[[Sequence[Item]], list[Result]]) -> list[Result]:
    """`work(items)`, computed as `work(first half) + work(second half)`, the second half in a
    forked process when `can_fork()`."""
    if len(items) < 2 or not can_fork():
        return work(items)
    import pickle  # noqa: PLC0415 - loaded only when the work is shared (not on every start)

    half = (len(items) + 1) // 2
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child's coverage is not collected
        os.close(reader)
        try:
            signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C: the parent reports it
            with os.fdopen(writer, "wb") as pipe:
                pickle.dump(work(items[half:]), pipe, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        done = False
        try:
            first = work(items[:half])
            second = _received(pipe)
            done = True
        finally:
            if not done:  # an error or Ctrl-C here: the child's work is not wanted
                os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
    if second is None:
        second = work(items[half:])  # the child failed: done here, as one process would
    return first + second


def _received(pipe: BinaryIO) -> list[Any] | None:
    import pickle  # noqa: PLC0415 - as in `in_two`

    try:
        received = pickle.load(pipe)  # noqa: S301 - our own child, through a private pipe
    except Exception:  # a child that failed sent nothing, or part of it
        return None
    return received if isinstance(received, list) else None
