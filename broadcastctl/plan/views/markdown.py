"""The plan for a pull request or a job summary: a table of what changes, folded lists, cut to
GitHub's comment limit."""

from __future__ import annotations

from broadcastctl.output.markdown import markdown_cell, markdown_code
from broadcastctl.output.words import plural
from broadcastctl.plan.model import Action, Kind, Plan
from broadcastctl.plan.views import parts, people, uploads
from broadcastctl.plan.views.common import (
    basis_line,
    change_line,
    footnotes,
    offline_line,
    summary_line,
)

GITHUB_COMMENT_LIMIT = 65_535

_ICONS = {
    Kind.CREATE: "➕ create",
    Kind.UPDATE: "✏️ update",
    Kind.BLOCKED: "⛔ blocked",
    Kind.NOOP: "✅ unchanged",
    Kind.ORPHANED: "🗑️ orphaned",
    Kind.UNMANAGED: "❔ unmanaged",
    Kind.CANCELLED: "🛑 cancelled",
}


def view_markdown(plan: Plan, limit: int = GITHUB_COMMENT_LIMIT) -> str:
    """A pull-request comment or job summary that fits GitHub's comment limit."""
    head = ["### broadcastctl plan", ""]
    if plan.target and not plan.offline:  # an offline plan's header names it
        head += [f"Target: {markdown_code(plan.target)}", ""]
    if plan.offline:
        head += [f"_{markdown_cell(offline_line(plan.offline))}_", ""]
    head += [summary_line(plan).replace("\n", "  \n"), ""]
    sections = [
        _table(plan.of_kind(Kind.ORPHANED, Kind.CREATE, Kind.UPDATE, Kind.BLOCKED, Kind.CANCELLED)),
        *_present(people.markdown_exceptions(plan), people.markdown_people(plan)),
        _details("{} unchanged", plan.of_kind(Kind.NOOP)),
        _details("{} no file describes (left alone)", plan.of_kind(Kind.UNMANAGED), "remote task"),
        [f"_{note}_" for note in footnotes(plan)],
    ]
    return _fit(head, sections, limit)


def _present(*sections: list[str]) -> list[list[str]]:
    return [section for section in sections if section]


def _table(actions: list[Action]) -> list[str]:
    if not actions:
        return ["Nothing to create or update."]
    rows = ["| | task | file | numbers | what changes |", "|---|---|---|---|---|"]
    return rows + [_row(action) for action in actions]


def _row(action: Action) -> str:
    lines = [*parts.part_lines(action), *(change_line(change) for change in action.changes)]
    upload = uploads.upload_line(action)
    detail = "<br>".join(markdown_cell(line) for line in [*lines, *([upload] if upload else [])])
    if action.reason:
        detail = (detail + "<br>" if detail else "") + f"**{markdown_cell(action.reason)}**"
    basis = basis_line(action)
    if basis:
        detail = (detail + "<br>" if detail else "") + f"_{markdown_cell(basis)}_"
    task = markdown_cell(action.task_name) + (f" (task {action.job_id})" if action.job_id else "")
    numbers = f"{action.numbers:,} × {plural(action.loop_count, 'play')}"
    file = markdown_code(action.file) if action.file else ""
    return f"| {_ICONS[action.kind]} | {task} | {file} | {numbers} | {detail} |"


def _details(title: str, actions: list[Action], noun: str = "") -> list[str]:
    """A folded list; `title` holds {} for the count, of `noun` when one is given."""
    if not actions:
        return []
    count = plural(len(actions), noun) if noun else str(len(actions))
    lines = [f"<details><summary>{title.format(count)}</summary>", ""]
    lines += [
        f"- {markdown_cell(a.task_name)} (task {a.job_id}, {a.status_name})"
        + (f" — {markdown_code(a.file)}" if a.file else "")
        + (f" — {markdown_cell(basis)}" if (basis := basis_line(a)) else "")
        for a in actions
    ]
    return [*lines, "", "</details>"]


def _fit(head: list[str], sections: list[list[str]], limit: int) -> str:
    """Whole sections while they fit; then as many lines of a section as fit, and a note."""
    lines = list(head)
    size = sum(len(line) + 1 for line in lines)
    for section in sections:
        for index, line in enumerate(section):
            more = plural(len(section) - index, "more line")
            note = f"\n… {more} not shown; see the job log."
            if size + len(line) + 1 + len(note) > limit:
                lines.append(note.strip())
                return "\n".join(lines) + "\n"
            lines.append(line)
            size += len(line) + 1
        lines.append("")
        size += 1
    return "\n".join(lines)
