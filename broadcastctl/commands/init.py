"""`broadcastctl init [DIR]`: start a campaigns repository (an example campaign, the policy
file, the schema copies, the pre-commit hook, the GitHub workflows). Never overwrites a file:
a second run writes only what is missing and lists what is already there, and which of those
differ from what this version writes. It writes only inside DIR, each file whole."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path

from broadcastctl.api.vendortime import format_vendor_time, vendor_timezone
from broadcastctl.errors import EXIT_OK
from broadcastctl.newfiles import Found, read_regular, survey, target_folder, write_new
from broadcastctl.output.words import plural
from broadcastctl.scaffold import alike, notes, scaffold_files, setup_for

IGNORED = ".broadcastctl/"
_GITIGNORE_READ = 1024 * 1024  # a longer .gitignore is not searched for the line


def run(*, directory: str) -> int:
    root = Path(directory)
    folder = target_folder(root)
    setup = replace(setup_for(folder), send_time=_tomorrow(vendor_timezone()))
    files = scaffold_files(setup)
    places = survey(folder, root, [(file.path, file.text.encode()) for file in files], alike)
    written: list[str] = []
    kept: list[str] = []
    differ: list[str] = []
    for file, place in zip(files, places, strict=True):
        if place.found is Found.DIFFERENT:
            differ.append(file.path)
        elif place.found is Found.SAME or not write_new(
            folder, place, file.text.encode(), executable=file.executable
        ):
            kept.append(file.path)
        else:
            written.append(file.path)
    _report(root, written, kept, differ)
    print("".join(f"{line}\n" for line in notes(setup, written)), end="")
    if written:
        go = "" if _where(root) == "this folder" else f"cd {os.fspath(root)} && "
        print(f"Next: {go}broadcastctl lint && broadcastctl deploy --sandbox --yes")
    return EXIT_OK


def _tomorrow(zone: dt.tzinfo) -> str:
    """Midnight after today, in the vendor's zone: the example campaign's sendTime."""
    day = dt.datetime.now(zone).date() + dt.timedelta(days=1)
    return format_vendor_time(dt.datetime.combine(day, dt.time()), zone)


def _where(root: Path) -> str:
    return "this folder" if root.resolve() == Path.cwd().resolve() else str(root)


def _report(root: Path, written: list[str], kept: list[str], differ: list[str]) -> None:
    if written:
        print(f"Wrote {plural(len(written), 'file')} in {_where(root)}:")
        print("".join(f"  + {path}\n" for path in written), end="")
    if kept:
        print(f"Already there, left as {'it is' if len(kept) == 1 else 'they are'}:")
        print("".join(f"  = {path}\n" for path in kept), end="")
    if differ:
        # Edited, or cut short, or from another version: said, and still never overwritten.
        print("Already there but not as this version writes them, left as they are:")
        print("".join(f"  ~ {path}\n" for path in differ), end="")
    if not written:
        print("Nothing written: every file init writes is already there.")
    if ".gitignore" in differ and not _ignores_state(root / ".gitignore"):
        print(
            f"Note: .gitignore does not ignore {IGNORED}; add that line to keep local state, "
            "saved plans and the sandbox's database out of git."
        )


def _ignores_state(gitignore: Path) -> bool:
    content = read_regular(gitignore, _GITIGNORE_READ)
    if content is None or len(content) > _GITIGNORE_READ:
        return True  # not readable as a file of sane size: nothing useful to say about it
    lines = content.decode("utf-8", errors="replace").splitlines()
    return any(line.strip().strip("/") == IGNORED.strip("/") for line in lines)
