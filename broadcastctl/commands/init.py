"""`broadcastctl init [DIR]`: start a campaigns repository (an example campaign, the policy
file, the schema copies, the pre-commit hook, the GitHub workflows). Never overwrites a file:
a second run writes only what is missing and lists what is already there."""

from __future__ import annotations

import os
from pathlib import Path

from broadcastctl.errors import EXIT_OK, BroadcastctlError
from broadcastctl.output.words import plural
from broadcastctl.scaffold import ScaffoldFile, notes, scaffold_files, setup_for

IGNORED = ".broadcastctl/"


def run(*, directory: str) -> int:
    root = Path(directory)
    written: list[str] = []
    kept: list[str] = []
    setup = setup_for(root)
    for scaffold in scaffold_files(setup):
        (written if _write_new(root, scaffold) else kept).append(scaffold.path)
    _report(root, written, kept, notes(setup, written))
    return EXIT_OK


def _write_new(root: Path, scaffold: ScaffoldFile) -> bool:
    """Write the file unless something (a file, a folder, a link) is already at its path."""
    target = root / scaffold.path
    if target.exists() or target.is_symlink():
        return False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8", newline="\n") as out:
            out.write(scaffold.text)
        if scaffold.executable:
            target.chmod(target.stat().st_mode | 0o111)
    except FileExistsError:
        return False  # appeared meanwhile: still never overwritten
    except OSError as problem:
        raise BroadcastctlError(f"cannot write {target}: {problem.strerror}") from problem
    return True


def _report(root: Path, written: list[str], kept: list[str], said: list[str]) -> None:
    where = "this folder" if root.resolve() == Path.cwd().resolve() else str(root)
    if written:
        print(f"Wrote {plural(len(written), 'file')} in {where}:")
        print("".join(f"  + {path}\n" for path in written), end="")
    if kept:
        print(f"Already there, left as {'it is' if len(kept) == 1 else 'they are'}:")
        print("".join(f"  = {path}\n" for path in kept), end="")
    if not written:
        print("Nothing written: every file init writes is already there.")
    if ".gitignore" in kept and not _ignores_state(root / ".gitignore"):
        print(
            f"Note: .gitignore does not ignore {IGNORED}; add that line to keep local state, "
            "saved plans and the sandbox's database out of git."
        )
    print("".join(f"{line}\n" for line in said), end="")
    if written:
        go = "" if where == "this folder" else f"cd {os.fspath(root)} && "
        print(f"Next: {go}broadcastctl lint && broadcastctl deploy --sandbox --yes")


def _ignores_state(gitignore: Path) -> bool:
    try:
        lines = gitignore.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return True  # not readable as a file: nothing useful to say about it
    return any(line.strip().strip("/") == IGNORED.strip("/") for line in lines)
