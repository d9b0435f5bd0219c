"""Reading the state as a regular file of bounded size: a FIFO, a device, a folder or a link
to nothing is refused at once (never waited on, never read without end)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

# 64 MiB: a task's entry and its snapshot row take about 1.6 KB (a state of 5,000 tasks read
# in detail is 8.1 MB), so some 40,000 tasks fit; past it the file is not a state this tool
# wrote, and reading it whole would cost memory without bound.
MAX_STATE_BYTES = 64 * 1024 * 1024


class NotRegular(Exception):
    """The path exists but cannot be read as a state: the message says what it is."""


def read_regular(path: Path, limit: int = MAX_STATE_BYTES) -> bytes | None:
    """The file's bytes; None when nothing is there. Never blocks, never reads past `limit`."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        if os.path.lexists(path):
            raise NotRegular("it is a link to nothing") from None
        return None
    except OSError as error:
        raise NotRegular(f"it cannot be opened ({error.strerror})") from error
    kind = os.fstat(fd)
    if not stat.S_ISREG(kind.st_mode):
        os.close(fd)
        raise NotRegular(f"it is {_what(kind.st_mode)}, not a regular file")
    with os.fdopen(fd, "rb") as handle:
        if kind.st_size > limit:
            raise NotRegular(_too_large(limit))
        data = handle.read(limit + 1)  # the file may have grown since fstat
    if len(data) > limit:
        raise NotRegular(_too_large(limit))
    return data


def _too_large(limit: int) -> str:
    return f"it is larger than {limit // (1024 * 1024)} MiB, more than any state holds"


def _what(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"
