"""`broadcastctl schema`: print the campaign JSON Schema (or with --policy the policy file's)
or its path, or keep a copy of it in a repository (`--write DIR`, `--check DIR`) for editors to
point at with a relative path."""

from __future__ import annotations

import sys
from pathlib import Path

from broadcastctl import __version__
from broadcastctl.errors import EXIT_FAILURE, EXIT_OK, BroadcastctlError
from broadcastctl.schema import (
    POLICY_SCHEMA_NAME,
    SCHEMA_NAME,
    copy_is_current,
    schema_path,
    schema_text,
)


def run(
    *, path: bool, write: str | None = None, check: str | None = None, policy: bool = False
) -> int:
    name = POLICY_SCHEMA_NAME if policy else SCHEMA_NAME
    if write is not None:
        return _write(Path(write), name)
    if check is not None:
        return _check(Path(check), name)
    sys.stdout.write(f"{schema_path(name)}\n" if path else schema_text(name))
    return EXIT_OK


def _write(folder: Path, name: str) -> int:
    copy = folder / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
        copy.write_text(schema_text(name), encoding="utf-8")
    except OSError as problem:
        raise BroadcastctlError(f"cannot write {copy}: {problem.strerror}") from problem
    print(f"wrote {copy} (the schema of broadcastctl {__version__})")
    return EXIT_OK


def _check(folder: Path, name: str) -> int:
    copy = folder / name
    if copy_is_current(copy, name):
        print(f"{copy} is the schema of broadcastctl {__version__}")
        return EXIT_OK
    state = "is not" if copy.is_file() else "does not exist, so it is not"
    print(
        f"{copy} {state} the schema of broadcastctl {__version__}; "
        f"run: broadcastctl schema{' --policy' if name == POLICY_SCHEMA_NAME else ''} "
        f"--write {folder}",
        file=sys.stderr,
    )
    return EXIT_FAILURE
