"""Status output for a terminal (text), a scheduled job's summary (markdown) and programs (json).

Only counts: no number, caller id or secret ever reaches a status. A campaign sent in zone
parts is one row of sums, its parts beneath (in json, its `parts`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from broadcastctl.output.markdown import markdown_cell, markdown_code
from broadcastctl.output.style import Style
from broadcastctl.output.words import plural
from broadcastctl.status.board import Board, Kind, Row
from broadcastctl.visible import json_text, one_line, visible

JSON_VERSION = "1"
NAME_SHOWN = 40
_HEADERS = ("TASK", "ID", "STATUS", "NUMBERS", "PLACED", "ANSWERED", "FAILED", "PROGRESS")
_COLOURS = {"calling": "33", "completed": "32", "failed to submit": "1;31", "cancelled": "2"}
_NOTES = {Kind.ORPHAN: "orphan: no campaign file names it", Kind.OTHER: "no campaign file given"}


def cells(row: Row) -> tuple[str, ...]:
    """The row's values as shown: counts with thousands separators, '-' where unknown."""
    counts, rate = row.counts, row.rate
    job_id = "-" if row.job_id is None else str(row.job_id)
    if counts is None or rate is None:
        return (job_id,) + ("-",) * 5
    return (
        job_id,
        *(f"{count:,}" for count in counts),
        f"{visible(rate)}%",  # the vendor's own text
    )


def _each_task(board: Board) -> list[Row]:
    """A row a task the vendor may list: a part's, or a row's own."""
    return [task for row in board.rows for task in (row.parts or (row,))]


def summary_line(board: Board) -> str:
    if not board.rows and not board.hidden:
        return "No campaigns, and no task in the window."
    tasks = [row for row in _each_task(board) if row.task is not None]
    states = Counter(row.status_name for row in tasks)
    parts = [f"{count} {name}" for name, count in sorted(states.items())]
    line = f"{plural(len(tasks), 'task')}" + (f": {', '.join(parts)}" if parts else "")
    missing = sum(1 for row in board.rows if row.status_name == "not deployed")
    if missing:
        line += f"; {plural(missing, 'campaign')} not deployed"
    old = sum(1 for row in _each_task(board) if row.outside_window)
    if old:
        line += f"; {old:,} older than the list window (--since-days)"
    placed = sum(row.task.call_num for row in tasks if row.task is not None)
    answered = sum(row.task.success for row in tasks if row.task is not None)
    line += f". {plural(placed, 'call')} placed, {answered:,} answered."
    if board.watched and board.done:
        line += " Every campaign's task has finished."
    if board.hidden:
        line += f" {plural(board.hidden, 'ended orphan')} not shown again (--all shows them)."
    return line


def _name(row: Row) -> str:
    if row.label is not None:  # a part, beneath its campaign
        return "  " + _name(Row(row.label, row.kind, None, None))
    name = (
        row.task_name if len(row.task_name) <= NAME_SHOWN else row.task_name[: NAME_SHOWN - 1] + "…"
    )
    # A line break must not break the table, nor a control character (a name from the vendor
    # may hold an escape sequence) reach the terminal.
    return one_line(name)


def _shown(board: Board) -> list[Row]:
    """The rows in the order shown: each campaign in parts followed by its parts."""
    return [shown for row in board.rows for shown in (row, *row.parts)]


def status_text(board: Board, style: Style) -> str:
    rows = _shown(board)
    table = [_HEADERS] + [(_name(row), *_with_status(row)) for row in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(_HEADERS))]
    lines = [f"Status of {board.target} at {board.time}:"]
    for number, line in enumerate(table):
        text = "  ".join(
            value.ljust(width) if i in (0, 2) else value.rjust(width)
            for i, (value, width) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        if number:
            row = rows[number - 1]
            text = style.paint(text, _COLOURS.get(row.status_name, "0"))
            note = _note(row)
            if note:
                text += f"  ({note})"
        lines.append(text)
    lines.append(summary_line(board))
    return "\n".join(lines) + "\n"


def _note(row: Row) -> str:
    # A part: what its campaign's row says of the campaign holds for it.
    notes = [] if row.label is not None else [_NOTES.get(row.kind, "")]
    if row.parts:
        notes.append(f"{plural(len(row.parts), 'zone part')}")
    if row.recall_of is not None:
        notes.append(f"re-calls {row.recall_of}")
    if row.recalled_by:
        notes.append(f"re-called by {', '.join(row.recalled_by)}")
    if row.window_opens is not None:
        notes.append(
            f"outside its calling windows: the next opens at {row.window_opens} vendor time"
        )
    return "; ".join(filter(None, notes))


def _with_status(row: Row) -> tuple[str, ...]:
    values = cells(row)
    return (values[0], row.status_name, *values[1:])


def status_markdown(board: Board, style: Style | None = None) -> str:
    lines = [
        "### Campaign status",
        "",
        f"Read from {markdown_code(board.target)} at {board.time}.",
        "",
        "| Task | ID | Status | Numbers | Placed | Answered | Failed | Progress |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    for row in _shown(board):
        name = (
            markdown_code(row.task_name) if row.label is None else f"↳ {markdown_code(row.label)}"
        )
        note = _note(row)
        if note:
            name += f" ({note})"
        values = _with_status(row)
        lines.append(f"| {name} | " + " | ".join(markdown_cell(v) for v in values) + " |")
    lines += ["", summary_line(board)]
    return "\n".join(lines) + "\n"


def status_document(board: Board) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "target": board.target,
        "time": board.time,
        "finished": board.done,
        "hidden_orphans": board.hidden,  # ended orphans seen ended before (--all shows them)
        "tasks": [
            {
                "task_name": row.task_name,
                "kind": str(row.kind),
                "file": row.file,
                **_figures(row),
                "recall_of": row.recall_of,
                "recalled_by": list(row.recalled_by),
                "parts": [
                    {"label": part.label, "task_name": part.task_name, **_figures(part)}
                    for part in row.parts
                ],
            }
            for row in board.rows
        ],
    }


def _figures(row: Row) -> dict[str, Any]:
    """A row's task as the document gives it; a campaign's in parts is their sum (no id)."""
    counts = row.counts
    return {
        "job_id": row.job_id,
        "status": row.status,
        "status_name": row.status_name,
        "numbers": None if counts is None else counts[0],
        "placed": None if counts is None else counts[1],
        "answered": None if counts is None else counts[2],
        "failed": None if counts is None else counts[3],
        "rate": row.rate,
        "finished": row.finished,
        "window_opens": row.window_opens,
    }


def status_json(board: Board, style: Style | None = None) -> str:
    return json_text(status_document(board), indent=2) + "\n"


def status_json_line(board: Board) -> str:
    """One document on one line: what --watch prints for each reading in json."""
    return json_text(status_document(board), separators=(",", ":")) + "\n"


VIEWS: dict[str, Callable[[Board, Style], str]] = {
    "text": status_text,
    "markdown": status_markdown,
    "json": status_json,
}
