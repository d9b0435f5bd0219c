"""Reading the state as a regular file of bounded size (through `broadcastctl.safefile`, the
one reader of files that must not block or run on): a FIFO, a device, a folder or a link to
nothing is refused at once."""

from __future__ import annotations

import os
from pathlib import Path

from broadcastctl.safefile import UnreadableFile, read_regular_file

# 64 MiB: a task's entry and its snapshot row take about 1.6 KB (a state of 5,000 tasks read
# in detail is 8.1 MB), so some 40,000 tasks fit; past it the file is not a state this tool
# wrote, and reading it whole would cost memory without bound.
MAX_STATE_BYTES = 64 * 1024 * 1024


class NotRegular(Exception):
    """The path exists but cannot be read as a state: the message says what it is."""


def read_regular(path: Path, limit: int = MAX_STATE_BYTES) -> bytes | None:
    """The file's bytes; None when nothing is there. Never blocks, never reads past `limit`."""
    if not os.path.lexists(path):
        return None
    try:
        return read_regular_file(path, limit)
    except UnreadableFile as error:
        raise NotRegular(error.reason) from error
