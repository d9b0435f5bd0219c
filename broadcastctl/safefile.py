"""Read a file only if it is a regular file of sane size: never block on a FIFO, never read a
device without end, and say in plain words why a path cannot be read.

For the inputs that keep people safe (the policy file, do-not-call lists): a path that cannot
be read as a file is an error naming it, never a file skipped.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


class UnreadableFile(Exception):
    """Why a path cannot be read as a regular file, in words for a person."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def read_regular_file(path: Path | str, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most `max_bytes`, or UnreadableFile saying why not."""
    with open_regular_file(path, max_bytes) as handle:
        content = handle.read(max_bytes + 1)
    if len(content) > max_bytes:  # it grew after it was measured
        raise UnreadableFile(_too_large(len(content), max_bytes))
    return content


@contextlib.contextmanager
def open_regular_file(path: Path | str, max_bytes: int) -> Iterator[BinaryIO]:
    """A regular file opened for reading: checked before it is opened (so that a FIFO is never
    opened), opened without blocking, and checked again once open (the path may have changed in
    between). A reader that goes on past `max_bytes` must stop there itself."""
    name = os.fspath(path)
    if "\0" in name:
        raise UnreadableFile("its name holds a NUL byte")
    try:
        status = os.stat(name)
        if not stat.S_ISREG(status.st_mode):
            raise UnreadableFile(_kind(name, status.st_mode))
        descriptor = os.open(name, _FLAGS)
    except FileNotFoundError as problem:
        raise UnreadableFile(_missing(name, problem)) from problem
    except (OSError, ValueError, RuntimeError) as problem:
        raise UnreadableFile(_reason(problem)) from problem
    try:
        handle = os.fdopen(descriptor, "rb")
    except OSError as problem:  # pragma: no cover - fdopen of a fresh descriptor
        os.close(descriptor)
        raise UnreadableFile(_reason(problem)) from problem
    with handle:
        opened = os.fstat(handle.fileno())
        if not stat.S_ISREG(opened.st_mode):
            raise UnreadableFile("it is not a regular file (a FIFO, a socket or a device)")
        if opened.st_size > max_bytes:
            raise UnreadableFile(_too_large(opened.st_size, max_bytes))
        os.set_blocking(handle.fileno(), True)  # a regular file: reads never wait anyway
        yield handle


def _kind(name: str, mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "it is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "it is a FIFO (a named pipe), not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "it is a device, not a file"
    if stat.S_ISSOCK(mode):
        return "it is a socket, not a file"
    return f"it is not a regular file ({name})"  # pragma: no cover - no other kind exists


def _missing(name: str, problem: OSError) -> str:
    if os.path.islink(name):
        return "it is a symlink to a file that does not exist"
    return problem.strerror or "it does not exist"


def _reason(problem: BaseException) -> str:
    if isinstance(problem, OSError) and problem.strerror:
        return problem.strerror
    return str(problem)


def _too_large(size: int, limit: int) -> str:
    return f"it is {size / 2**20:.1f} MiB; the limit is {limit / 2**20:g} MiB"
