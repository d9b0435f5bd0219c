"""The git calls broadcastctl makes: which files changed since a revision, when a file was
last committed, and what a file held at a commit. Every call goes through `_run`."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from broadcastctl.errors import UsageError

if TYPE_CHECKING:
    import subprocess

# The GIT_* variables a git hook passes on that still mean the same in a child git: transport,
# credentials and config given on the command line. pre-commit keeps the same ones.
_KEPT = frozenset(
    {
        "GIT_ALLOW_PROTOCOL",
        "GIT_ASKPASS",
        "GIT_CONFIG_COUNT",
        "GIT_EXEC_PATH",
        "GIT_HTTP_PROXY_AUTHMETHOD",
        "GIT_SSH",
        "GIT_SSH_COMMAND",
        "GIT_SSL_CAINFO",
        "GIT_SSL_NO_VERIFY",
    }
)


def no_git_env(environment: Mapping[str, str] | None = None) -> dict[str, str]:
    """`environment` (the process's own by default) without the GIT_* variables that would
    point git at another repository, index or work tree: a hook (lint run by pre-commit, or a
    git hook of its own) inherits GIT_DIR, GIT_INDEX_FILE or GIT_WORK_TREE from the git that
    started it, and those would override the `-C` folder every call here names."""
    source = os.environ if environment is None else environment
    return {
        name: value
        for name, value in source.items()
        if not name.startswith("GIT_")
        or name.startswith(("GIT_CONFIG_KEY_", "GIT_CONFIG_VALUE_"))
        or name in _KEPT
    }


def _run(folder: Path | str | None, *args: str) -> subprocess.CompletedProcess[bytes]:
    """git `args` run in `folder` (the current one if None), its output captured as bytes and
    its exit status left to the caller; OSError when git cannot be started."""
    import subprocess  # noqa: PLC0415 - lint calls git only for a list with no export date

    where = () if folder is None else ("-C", str(folder))
    return subprocess.run(
        ["git", *where, *args], capture_output=True, check=False, env=no_git_env()
    )


def _text(output: bytes) -> str:
    # file names are bytes to git: decode them as the file system would
    return os.fsdecode(output)


def changed_since(revision: str) -> frozenset[Path]:
    """Files that differ from git `revision` in the working tree, untracked ones included."""
    root = Path(_checked(None, "rev-parse", "--show-toplevel").strip())
    listed = _checked(root, "diff", "--name-only", "-z", revision, "--")
    listed += _checked(root, "ls-files", "--others", "--exclude-standard", "--full-name", "-z")
    return frozenset((root / name).resolve() for name in listed.split("\0") if name)


def _checked(folder: Path | None, *args: str) -> str:
    """git's output for --changed-since; its failure is the user's to fix, said as git said it."""
    try:
        done = _run(folder, *args)
    except OSError as error:
        raise UsageError("--changed-since needs git, and git is not installed") from error
    if done.returncode != 0:
        said = _text(done.stderr).strip()
        raise UsageError(f"--changed-since: {said or 'git failed'}")
    return _text(done.stdout)


def _answer(folder: Path | str | None, *args: str) -> str | None:
    """git's stripped output, or None when git is missing or fails: for the questions whose
    honest answer outside a repository is "cannot say"."""
    try:
        done = _run(folder, *args)
    except OSError:
        return None
    return _text(done.stdout).strip() if done.returncode == 0 else None


def last_commit_date(path: Path) -> dt.date | None:
    """The date of the last commit that touched `path`; None outside git or when uncommitted."""
    found = _answer(path.parent, "log", "-1", "--format=%cs", "--", path.name)
    return dt.date.fromisoformat(found) if found else None


def head_commit() -> str | None:
    """The commit checked out, or None outside a git repository (or without git)."""
    return _answer(None, "rev-parse", "--verify", "-q", "HEAD") or None


_COMMIT = re.compile(r"[0-9a-f]{7,64}")


def file_at(commit: str, path: Path) -> bytes | None:
    """What `path` (a file of the repository it stands in, which may no longer exist) held at
    `commit`; None without git, outside a repository, or when that commit does not hold it."""
    if not _COMMIT.fullmatch(commit):
        return None  # never handed to git as an option
    target = path.absolute()
    folder = next((f for f in target.parents if f.is_dir()), None)
    top = _answer(folder, "rev-parse", "--show-toplevel")
    if not top:
        return None
    try:
        relative = (target.parent.resolve() / target.name).relative_to(Path(top).resolve())
        shown = _run(top, "show", f"{commit}:{relative.as_posix()}")
    except (OSError, ValueError):
        return None
    return shown.stdout if shown.returncode == 0 else None


def could_be_committed(path: Path) -> bool:
    """Whether `path` lies in a git work tree and git does not ignore it (a file that `git add
    .` would pick up); False outside git or without git."""
    folder = path.resolve().parent
    if _answer(folder, "rev-parse", "--is-inside-work-tree") != "true":
        return False
    try:
        ignored = _run(folder, "check-ignore", "-q", "--", path.name)
    except OSError:
        return False
    return ignored.returncode == 1  # 0: ignored; 128: git failed
