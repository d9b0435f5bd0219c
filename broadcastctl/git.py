"""The git calls broadcastctl makes: which files changed since a revision, when a file was
last committed, and what a file held at a commit."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

from broadcastctl.errors import UsageError


def changed_since(revision: str) -> frozenset[Path]:
    """Files that differ from git `revision` in the working tree, untracked ones included."""
    root = Path(_git("rev-parse", "--show-toplevel").strip())
    listed = _git("-C", str(root), "diff", "--name-only", "-z", revision, "--")
    listed += _git(
        "-C", str(root), "ls-files", "--others", "--exclude-standard", "--full-name", "-z"
    )
    return frozenset((root / name).resolve() for name in listed.split("\0") if name)


def last_commit_date(path: Path) -> dt.date | None:
    """The date of the last commit that touched `path`; None outside git or when uncommitted."""
    try:
        found = subprocess.run(
            ["git", "-C", str(path.parent), "log", "-1", "--format=%cs", "--", path.name],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (FileNotFoundError, subprocess.CalledProcessError):
        return None
    return dt.date.fromisoformat(found) if found else None


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], capture_output=True, text=True, check=True).stdout
    except FileNotFoundError as error:
        raise UsageError("--changed-since needs git, and git is not installed") from error
    except subprocess.CalledProcessError as error:
        raise UsageError(f"--changed-since: {error.stderr.strip() or 'git failed'}") from error


def head_commit() -> str | None:
    """The commit checked out, or None outside a git repository (or without git)."""
    try:
        found = subprocess.run(
            ["git", "rev-parse", "--verify", "-q", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    return found.stdout.strip() or None if found.returncode == 0 else None


_COMMIT = re.compile(r"[0-9a-f]{7,64}")


def file_at(commit: str, path: Path) -> bytes | None:
    """What `path` (a file of the repository it stands in, which may no longer exist) held at
    `commit`; None without git, outside a repository, or when that commit does not hold it."""
    if not _COMMIT.fullmatch(commit):
        return None  # never handed to git as an option
    target = path.absolute()
    folder = next((f for f in target.parents if f.is_dir()), None)
    try:
        top = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        inside = target.parent.resolve() / target.name
        relative = inside.relative_to(Path(top).resolve()).as_posix()
        return subprocess.run(
            ["git", "-C", top, "show", f"{commit}:{relative}"], capture_output=True, check=True
        ).stdout
    except (OSError, ValueError, subprocess.CalledProcessError):
        return None


def could_be_committed(path: Path) -> bool:
    """Whether `path` lies in a git work tree and git does not ignore it (a file that `git add
    .` would pick up); False outside git or without git."""
    folder = path.resolve().parent
    try:
        inside = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--is-inside-work-tree"],
            capture_output=True,
            text=True,
            check=False,
        )
        if inside.returncode != 0 or inside.stdout.strip() != "true":
            return False
        ignored = subprocess.run(
            ["git", "-C", str(folder), "check-ignore", "-q", "--", path.name],
            capture_output=True,
            check=False,
        )
    except OSError:
        return False
    return ignored.returncode == 1  # 0: ignored; 128: git failed
