"""The editor's modeline (`# yaml-language-server: $schema=PATH`, the first line) and whether the
schema copy it names is this version's: for campaign files and the policy file alike."""

from __future__ import annotations

import re
from pathlib import Path

from broadcastctl import __version__
from broadcastctl.schema import SCHEMA_NAME, copy_is_current

SCHEMA_COPY = "schema-copy"

# The first line editors read (`broadcastctl schema [--policy] --write DIR` keeps the file).
_MODELINE = re.compile(rb"# yaml-language-server: \$schema=(?P<target>\S+)")


def modeline_target(first_line: bytes) -> str | None:
    """The schema path a first line names; None without one, or for a URL (the editor's)."""
    found = _MODELINE.match(first_line)
    target = found["target"].decode("utf-8", "replace") if found else None
    return None if target is None or ":" in target else target


def first_line(path: Path) -> bytes:
    try:
        with path.open("rb") as file:
            return file.readline(4096)
    except OSError:
        return b""


def stale_copy(copy: Path, target: str, name: str = SCHEMA_NAME) -> str | None:
    """What is wrong with the copy a modeline names, or None when it is this version's."""
    if copy_is_current(copy, name):
        return None
    state = "is not" if copy.is_file() else "does not exist, so it is not"
    policy = " --policy" if name != SCHEMA_NAME else ""
    return (
        f"the editor's schema {target} {state} the schema of broadcastctl {__version__}; "
        f"run: broadcastctl schema{policy} --write {_folder(copy)}"
    )


def _folder(copy: Path) -> str:
    try:
        return str(copy.parent.relative_to(Path.cwd()))
    except ValueError:
        return str(copy.parent)
