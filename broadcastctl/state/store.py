"""The state record: what deploy sent to each task, and the remote tasks as last read.

One JSON document with a `format_version`. It is written whole to a temporary file beside it
and renamed over it, so a reader (or a crash) sees the old document or the new one, never half
of one; and a write is refused when the file changed since it was read (compare-and-swap), so
two deploys cannot lose each other's entries. A document this broadcastctl cannot read is an
error, and is never overwritten.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from broadcastctl.batch import collector_paused
from broadcastctl.errors import BroadcastctlError
from broadcastctl.state.document import (
    FORMAT_VERSION,
    Invalid,
    State,
    load_json,
    may_hold_surrogates,
    read_document,
    render,
)
from broadcastctl.state.regularfile import NotRegular, read_regular
from broadcastctl.state.snapshot import RemoteTask, Snapshot

__all__ = ["FORMAT_VERSION", "State", "StateError", "StateFile", "keep_snapshot", "now_text"]
DEFAULT_PATH = Path(".broadcastctl") / "state.json"
ENVIRONMENT = "BROADCASTCTL_STATE"


class StateError(BroadcastctlError):
    """The state cannot be read or written; the message says why and what to do."""

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable  # a failure of the disk, which may pass


def state_path(given: str | None) -> Path:
    """--state, else BROADCASTCTL_STATE, else .broadcastctl/state.json."""
    return Path(given or os.environ.get(ENVIRONMENT) or DEFAULT_PATH)


class StateFile:
    """One state file: read once, then written with compare-and-swap after every change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._seen: str | None = None  # digest of the bytes last read or written; None: absent

    @property
    def exists(self) -> bool:
        return self.path.is_file()

    def read(self) -> State:
        """The state on disk (an empty one when there is no file yet)."""
        data = self._bytes()
        if data is None:
            self._seen = None
            return State()
        with collector_paused():
            state = parse(data, self.path)
        self._seen = _digest(data)
        return state

    def write(self, state: State) -> None:
        """Replace the file with `state`, unless someone else wrote it since we read it."""
        data = render(state)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._locked():
            current = self._current()
            if current != self._seen:
                raise StateError(
                    f"the state {self.path} changed since this run read it (another deploy or "
                    "refresh wrote it); nothing more was recorded by this run — run it again"
                )
            try:
                _replace(self.path, data)
            except OSError as error:
                why = error.strerror or str(error)
                raise StateError(
                    f"cannot write the state {self.path}: {why}", retryable=True
                ) from error
            self._seen = _digest(data)

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Hold the state for a whole deploy: a second deploy on it stops at once."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self._lock_path(".deploy"), "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as error:
                raise StateError(
                    f"another deploy is using the state {self.path}; wait for it to finish, "
                    "then run again (nothing was sent)"
                ) from error
            yield

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with open(self._lock_path(".lock"), "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield

    def _lock_path(self, suffix: str) -> Path:
        return self.path.with_name(self.path.name + suffix)

    def _current(self) -> str | None:
        data = self._bytes()
        return None if data is None else _digest(data)

    def _bytes(self) -> bytes | None:
        """The file's bytes, None when there is none; read only as a regular file of sane size."""
        try:
            return read_regular(self.path)
        except NotRegular as error:
            raise StateError(f"cannot read the state {self.path}: {error}") from error


def _replace(path: Path, data: bytes) -> None:
    """Write beside the file, flush to disk, and rename over it: all or nothing."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- the document ------------------------------------------------------------------------------


def parse(data: bytes, path: Path) -> State:
    """The state in `data`, every part checked, or one line saying why it cannot be used."""
    try:
        document = load_json(data)
    except Invalid as error:
        raise _unreadable(path, str(error)) from error
    except (UnicodeDecodeError, ValueError) as error:
        raise _unreadable(path, "it is not JSON (cut short or corrupted?)") from error
    if not isinstance(document, dict):
        raise _unreadable(path, "it is not a state document")
    version = document.get("format_version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
            raise _unreadable(
                path,
                f"it is of format {version}, newer than this broadcastctl reads "
                f"({FORMAT_VERSION}); upgrade broadcastctl",
            )
        shown = repr(version) if isinstance(version, int | str | None) else "not a number"
        raise _unreadable(path, f"its format_version is {shown[:40]}, not {FORMAT_VERSION}")
    try:
        return read_document(document, every_string=may_hold_surrogates(data))
    except Invalid as error:
        raise _unreadable(path, str(error)) from error


def _unreadable(path: Path, why: str) -> StateError:
    return StateError(
        f"cannot use the state {path}: {why}. It was left as it is; restore it from where the "
        "deploy saved it, or move it away to plan from what the API shows"
    )


def now_text() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def keep_snapshot(
    store: StateFile, state: State, target: str, tasks: Sequence[RemoteTask], commit: str | None
) -> State:
    """The one writer of a snapshot, for deploy and refresh alike: the remote tasks as just
    read from `target`, taken now at `commit`. The state as written."""
    kept = state.with_snapshot(Snapshot(target, now_text(), commit, tuple(tasks)))
    store.write(kept)
    return kept
