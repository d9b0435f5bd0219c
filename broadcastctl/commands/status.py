"""`broadcastctl status`: what each campaign's task is doing, from the vendor's list call alone
(one request per 100 tasks, no detail calls); `--watch` reads again until every task finished.
A campaign sent in zone parts is known by the state's entries that name it, never by name."""

from __future__ import annotations

import io
import os
import shutil
import sys
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from broadcastctl.api.vendortime import vendor_timezone
from broadcastctl.commands.options import StatusOptions
from broadcastctl.errors import EXIT_INTERRUPTED, EXIT_OK
from broadcastctl.lint.campaigns import find_campaign_files, load_campaign
from broadcastctl.output.style import Style, use_color
from broadcastctl.plan.window import Window
from broadcastctl.state.entry import Entry
from broadcastctl.state.snapshot import Snapshot
from broadcastctl.state.store import StateFile, state_path
from broadcastctl.status.board import FINISHED, Board, Wanted, make_board
from broadcastctl.status.views import VIEWS, status_json_line
from broadcastctl.windowzone import WindowZone, window_zone
from broadcastctl.workflow.target import Target, open_target


def run(
    options: StatusOptions,
    *,
    sleep: Callable[[float], None] = time.sleep,
    stdout: TextIO | None = None,
) -> int:
    remote, watch, output_format = options.remote, options.watch, options.output_format
    out = stdout or sys.stdout
    state = StateFile(state_path(remote.state)).read()
    entries = state.entries
    campaigns = campaign_names(remote.paths, entries, window_zone())
    orphans = orphaned(entries, campaigns, remote.paths)
    seen_ended = ended(state.snapshot)
    style = Style(use_color(remote.color, out))
    lines = watch is not None and output_format == "json"  # one document a line
    screen = Screen(out, in_place=watch is not None and out.isatty() and not lines)
    with open_target(remote.sandbox, vendor_timezone()) as target:
        try:
            while True:
                board = read_board(
                    target,
                    campaigns=campaigns,
                    orphans=orphans,
                    entries=entries,
                    show_all=options.show_all,
                    since_days=remote.since_days,
                    seen_ended=seen_ended,
                )
                if lines:
                    screen.show(status_json_line(board), between="")
                else:
                    screen.show(VIEWS[output_format](board, style))
                if watch is None or board.done:
                    break
                sleep(watch)
        except KeyboardInterrupt:
            # After the terminal's "^C", on a line of its own.
            print("\nbroadcastctl: stopped watching" if sys.stderr.isatty() else
                  "broadcastctl: stopped watching", file=sys.stderr)  # fmt: skip
            return EXIT_INTERRUPTED
    if watch is not None and not board.watched:
        print("broadcastctl: nothing to watch: no task of these campaigns exists", file=sys.stderr)
    return EXIT_OK


def campaign_names(
    paths: Sequence[str], entries: Mapping[str, Entry], zone: WindowZone = WindowZone.VENDOR
) -> list[Wanted]:
    """The task name of every campaign file that has one, errors or not: a campaign whose
    sendTime has passed no longer lints clean, and is the very one whose status is wanted.
    A campaign in local windows is sent in zone parts (under the vendor's reading of windows):
    its parts are the state's entries that name it."""
    wanted: list[Wanted] = []
    for path in find_campaign_files(paths):
        campaign = load_campaign(path).campaign
        name = None if campaign is None else campaign.data.get("taskName")
        if campaign is not None and isinstance(name, str):
            data = campaign.data
            in_parts = "localWindows" in data and zone is WindowZone.VENDOR
            parts = parts_of(name, entries)
            windows, recall_of = _windows(data), _recall_of(data)
            wanted.append(Wanted(name, campaign.file, windows, recall_of, parts, in_parts=in_parts))
    return list({item.task_name: item for item in wanted}.values())


def parts_of(campaign: str, entries: Mapping[str, Entry]) -> tuple[Wanted, ...]:
    """The zone parts the state records of `campaign` (its taskName), by label."""
    return tuple(
        Wanted(name, entry.file, _windows(entry.sent or {}), label=entry.part or name)
        for name, entry in sorted(entries.items(), key=lambda item: item[1].part or item[0])
        if entry.campaign == campaign
    )


def _recall_of(data: Mapping[str, Any]) -> str | None:
    """A re-call's parent: the campaign's recallOf, or as the state recorded it."""
    parent = data.get("recallOf")
    return parent if isinstance(parent, str) else None


def _windows(data: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """The campaign's calling windows as written; whatever is not a window is left out."""
    listed = data.get("allowSendTime")
    return tuple(
        (window["strTime"], window["endTime"])
        for window in (listed if isinstance(listed, list) else [])
        if isinstance(window, dict)
        and isinstance(window.get("strTime"), str)
        and isinstance(window.get("endTime"), str)
    )


def orphaned(
    entries: Mapping[str, Entry], campaigns: Sequence[Wanted], paths: Sequence[str]
) -> list[Wanted]:
    """Tasks the state names that no campaign given names, unless their file still exists (a
    status of some files only): as plan and deploy judge orphans. Only those whose file was
    under a folder given (or is a file given): `status FILE` shows that campaign alone. The
    parts of a campaign no file names any more are one orphan, in parts."""
    given = {item.task_name for item in campaigns}
    files = {item.file for item in campaigns}
    left = {
        name: entry
        for name, entry in sorted(entries.items())
        if name not in given
        and entry.campaign not in given
        and within(entry.file, paths)
        and not (entry.file is not None and entry.file not in files and Path(entry.file).is_file())
    }
    found: dict[str, Wanted] = {}
    for name, entry in left.items():
        if entry.campaign is None:
            found[name] = Wanted(
                name, entry.file, _windows(entry.sent or {}), _recall_of(entry.sent or {})
            )
        elif entry.campaign not in found:
            parts = tuple(
                part for part in parts_of(entry.campaign, entries) if part.task_name in left
            )
            found[entry.campaign] = Wanted(entry.campaign, entry.file, parts=parts)
    return sorted(found.values(), key=lambda item: item.task_name)


def within(file: str | None, paths: Sequence[str]) -> bool:
    """Whether `file` (as the state recorded it) is one of `paths` or under one of them that is
    a folder; a task whose file is unknown belongs to no path given."""
    if file is None:
        return False
    where = Path(os.path.normpath(file))
    for given in paths:
        path = Path(os.path.normpath(given))
        if where == path or (path.is_dir() and path in where.parents):
            return True
    return False


def ended(snapshot: Snapshot | None) -> set[int]:
    """The tasks the state's snapshot already saw ended: their orphans were shown then."""
    if snapshot is None:
        return set()
    return {task.job_id for task in snapshot.tasks if task.status in FINISHED}


def read_board(
    target: Target,
    *,
    campaigns: Sequence[Wanted],
    orphans: Sequence[Wanted],
    entries: Mapping[str, Entry],
    show_all: bool,
    since_days: int,
    seen_ended: Collection[int] = (),
) -> Board:
    now = target.client.now()
    window = Window.last_days(since_days, now)
    remote = target.client.list_tasks(created_from=window.start, created_to=window.end)
    return make_board(
        campaigns,
        orphans,
        remote,
        show_all=show_all,
        target=target.label,
        time=now.isoformat(sep=" ", timespec="seconds"),
        recorded_ids={
            name: entry.job_id for name, entry in entries.items() if entry.job_id is not None
        },
        minute=now.hour * 60 + now.minute,
        seen_ended=seen_ended,
    )


class Screen:
    """Prints each reading; on a terminal with --watch, over the one before it."""

    def __init__(self, out: TextIO, *, in_place: bool) -> None:
        self._out = out
        self._in_place = in_place
        self._lines = 0

    def show(self, text: str, between: str = "\n") -> None:
        """`text` after the last reading: over it, or after `between`."""
        if self._in_place and self._lines:
            # Up to the first line of the last reading, then clear to the end of the screen; a
            # reading taller than the screen has scrolled out of reach: clear it all instead.
            high = self._lines >= _rows(self._out)
            self._out.write("\033[H\033[J" if high else f"\033[{self._lines}F\033[J")
        elif self._lines:
            self._out.write(between)
        self._out.write(text)
        self._out.flush()
        self._lines = text.count("\n")


def _rows(out: TextIO) -> int:
    try:
        return os.get_terminal_size(out.fileno()).lines
    except (OSError, ValueError, io.UnsupportedOperation):
        return shutil.get_terminal_size().lines
