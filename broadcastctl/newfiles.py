"""New files inside one folder, as `init` writes them: never through a link that leads out of
the folder, never over anything already there, and each one whole or not at all."""

from __future__ import annotations

import contextlib
import enum
import errno
import operator
import os
import secrets
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from broadcastctl.errors import BroadcastctlError

# Opening a FIFO for reading blocks until a writer comes, and a terminal may become ours: only
# regular files are read, opened so that neither can happen, and checked again once open.
_READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_NOCTTY", 0)
# Hard links cannot be made here: the file is renamed into place instead (after a last look).
_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK}


class Found(enum.Enum):
    """What is at a path init writes."""

    NOTHING = "nothing"
    SAME = "the same file"
    DIFFERENT = "another file"


@dataclass(frozen=True)
class Place:
    """Where one file goes: the real folder that exists (inside the root), the folders still to
    make below it, the file's name, and what is there now."""

    path: str  # relative to the root, as listed
    folder: Path
    missing: tuple[str, ...]
    name: str
    found: Found


class _Refused(Exception):
    """A path init must not write through or beside; the message names it."""


def target_folder(root: Path) -> Path:
    """The folder to write into, resolved (a link to a folder is followed: it is the one
    named); a link to nothing or something that is not a folder is an error naming it."""
    try:
        if root.is_symlink() and not root.exists():
            raise BroadcastctlError(f"init: {root} is a link to nothing ({os.readlink(root)})")
        if root.exists() and not root.is_dir():
            raise BroadcastctlError(f"init: {root} is not a folder")
        return root.resolve()
    except (OSError, RuntimeError) as problem:  # RuntimeError: a symlink loop (Python < 3.13)
        raise BroadcastctlError(f"init: {root} cannot be followed: {_reason(problem)}") from problem


def survey(
    root: Path,
    shown: Path,
    files: Sequence[tuple[str, bytes]],
    alike: Callable[[bytes, bytes], bool] = operator.eq,
) -> list[Place]:
    """Where each file goes below the resolved `root`, and what is there (`alike` tells a file
    there the same as the one to write); every path that cannot be written or judged safely,
    named at once (`shown` is the root as the user wrote it), before anything is written."""
    places: list[Place] = []
    refused: list[str] = []
    prefix = "" if shown == Path() else f"{shown.as_posix().rstrip('/')}/"
    for path, content in files:
        try:
            places.append(_place(root, path, content, alike))
        except _Refused as problem:
            refused.append(f"  {prefix}{problem}")
    if refused:
        raise BroadcastctlError(
            "init wrote nothing: these paths are in the way (init writes only inside its "
            "folder, and only regular files in folders):\n" + "\n".join(dict.fromkeys(refused))
        )
    return places


def write_new(root: Path, place: Place, content: bytes, *, executable: bool = False) -> bool:
    """Write the file whole, unless something appeared at its path meanwhile (then False)."""
    try:
        folder = _make_folders(root, place)
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            return _link_whole(handle, place.name, content, 0o777 if executable else 0o666)
        finally:
            os.close(handle)
    except OSError as problem:
        raise BroadcastctlError(
            f"cannot write {place.path}: {_reason(problem)} (nothing of it was left)"
        ) from problem


def read_regular(path: Path, limit: int) -> bytes | None:
    """The first `limit` + 1 bytes of a regular file, or None when it is not one (a FIFO, a
    device, a folder, a link) or cannot be read."""
    try:
        handle = os.open(path, _READ_FLAGS)
    except OSError:
        return None
    with os.fdopen(handle, "rb") as opened:
        try:
            if not stat.S_ISREG(os.fstat(opened.fileno()).st_mode):
                return None
            return opened.read(limit + 1)
        except OSError:
            return None


def _place(root: Path, path: str, content: bytes, alike: Callable[[bytes, bytes], bool]) -> Place:
    *folders, name = path.split("/")
    folder = root
    for index, part in enumerate(folders):
        here = folder / part
        mode = _mode(here, "/".join(folders[: index + 1]))
        if mode is None:
            return Place(path, folder, tuple(folders[index:]), name, Found.NOTHING)
        folder = _folder(root, here, mode, "/".join(folders[: index + 1]))
    return Place(path, folder, (), name, _found(root, folder / name, path, content, alike))


def _mode(path: Path, shown: str) -> int | None:
    """The path's own mode (a link's, not its target's), or None when nothing is there."""
    try:
        return os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as problem:
        raise _Refused(f"{shown}: {_reason(problem)}") from problem


def _folder(root: Path, here: Path, mode: int, shown: str) -> Path:
    """A folder on the way, followed if it is a link that stays inside the root."""
    if stat.S_ISLNK(mode):
        here = _inside(root, here, shown)
        mode = os.lstat(here).st_mode
    if not stat.S_ISDIR(mode):
        raise _Refused(f"{shown} is not a folder")
    return here


def _found(
    root: Path, path: Path, shown: str, content: bytes, alike: Callable[[bytes, bytes], bool]
) -> Found:
    mode = _mode(path, shown)
    if mode is None:
        return Found.NOTHING
    if stat.S_ISLNK(mode):
        path = _inside(root, path, shown)
        mode = os.lstat(path).st_mode
    if stat.S_ISDIR(mode):
        raise _Refused(f"{shown} is a folder, where init writes a file")
    if not stat.S_ISREG(mode):
        raise _Refused(f"{shown} is not a regular file (a FIFO, a socket or a device)")
    there = read_regular(path, len(content))
    if there is None:
        raise _Refused(f"{shown} cannot be read")
    return Found.SAME if alike(there, content) else Found.DIFFERENT


def _inside(root: Path, link: Path, shown: str) -> Path:
    """Where a link leads, if that exists and is inside the root."""
    try:
        target = link.resolve(strict=True)
    except FileNotFoundError as problem:
        raise _Refused(f"{shown} is a link to nothing ({os.readlink(link)})") from problem
    except (OSError, RuntimeError) as problem:  # RuntimeError: a symlink loop (Python < 3.13)
        raise _Refused(f"{shown} is a link that cannot be followed: {_reason(problem)}") from None
    if not target.is_relative_to(root):
        raise _Refused(f"{shown} is a link that leads out of the folder (to {target})")
    return target


def _make_folders(root: Path, place: Place) -> Path:
    os.makedirs(root, exist_ok=True)  # a new folder, as init may be given
    folder = place.folder
    for part in place.missing:
        folder = folder / part
        try:
            os.mkdir(folder)
        except FileExistsError:  # made meanwhile: used only if it is a real folder
            if not stat.S_ISDIR(os.lstat(folder).st_mode):
                raise
    if not folder.is_relative_to(root):  # never: the survey found it inside
        raise OSError(errno.EXDEV, "outside the folder")
    return folder


def _link_whole(folder: int, name: str, content: bytes, mode: int) -> bool:
    """Write a temporary file beside `name`, then give it its name only if that is free: a
    write cut short (a full disk) leaves no part of a file behind."""
    temporary = f".{name}.{secrets.token_hex(6)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    handle = os.open(temporary, flags, mode, dir_fd=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        return _name(folder, temporary, name)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary, dir_fd=folder)


def _name(folder: int, temporary: str, name: str) -> bool:
    try:
        os.link(temporary, name, src_dir_fd=folder, dst_dir_fd=folder, follow_symlinks=False)
    except FileExistsError:
        return False  # appeared meanwhile: still never overwritten
    except OSError as problem:
        if problem.errno not in _NO_HARD_LINKS:
            raise
        with contextlib.suppress(FileNotFoundError):
            os.lstat(name, dir_fd=folder)
            return False
        os.rename(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
    return True


def _reason(problem: Exception) -> str:
    if isinstance(problem, OSError) and problem.strerror:
        return problem.strerror
    return str(problem)
