"""Plan output for people (text), pull requests (markdown) and programs (json).

Numbers never appear, only their count; caller ids are masked and audio is shown by size and
digest. Secrets never reach a plan in the first place.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from broadcastctl.output.markdown import markdown_cell, markdown_code
from broadcastctl.output.privacy import PRIVATE_FIELDS, private_value
from broadcastctl.output.style import Style
from broadcastctl.output.words import plural
from broadcastctl.plan import peopleview, uploadview
from broadcastctl.plan.model import Action, Change, Kind, Offline, Plan, counts

# The version of the json view's layout, for programs reading `plan --format json`; the file
# `plan --out` writes has its own (planfile.FORMAT_VERSION).
JSON_VERSION = "1"
GITHUB_COMMENT_LIMIT = 65_535
TEXT_SHOWN = 60
DIFFERENCE_SHOWN = 160  # the differing middle of two long texts, context included
_CONTEXT = 20  # characters shown on each side of a difference
UNMANAGED_SHOWN = 10

_MARKS = {
    Kind.CREATE: ("+", "32"),
    Kind.UPDATE: ("~", "33"),
    Kind.BLOCKED: ("!", "1;31"),
    Kind.NOOP: ("=", "2"),
    Kind.ORPHANED: ("-", "1;35"),
    Kind.UNMANAGED: ("?", "2"),
}


def shown_value(change_field: str, value: Any) -> str:
    """A value as a reviewer should see it: numbers counted, caller ids masked, audio digested."""
    if value is None or value == "":
        return "(none: call at once)" if change_field == "sendTime" else "(not set)"
    pending = uploadview.shown_pending(value) if change_field == "voiceFileId" else None
    if pending is not None:
        return pending
    if change_field == "numberList":  # a count, or what the state says of the numbers
        return value if isinstance(value, str) else plural(value, "number")
    if change_field in PRIVATE_FIELDS:
        return str(private_value(change_field, value))
    if isinstance(value, str) and len(value) > TEXT_SHOWN:
        value = value[: TEXT_SHOWN - 1] + "…"
    return json.dumps(value, ensure_ascii=False)


def summary_line(plan: Plan) -> str:
    total = counts(plan)
    parts = [
        f"{total['create']} to create",
        f"{total['update']} to update",
        f"{total['blocked']} blocked",
        f"{total['no-op']} unchanged",
    ]
    if total["orphaned"]:
        parts.insert(0, f"{total['orphaned']} orphaned (still calling, no file)")
    unmanaged = plural(total["unmanaged"], "remote task")
    line = f"Plan: {', '.join(parts)}; {unmanaged} no file describes."
    if total["calls"]:
        line += (
            f"\nNew calls: {total['calls']:,} (one per number), playing the message up to "
            f"{plural(total['plays'], 'time')}."
        )
    if plan.call_limit is not None:
        line += "\n" + limit_line(plan)
    return line


def limit_line(plan: Plan) -> str:
    """The volume gate: the new calls against the policy's limit (plain data of the plan's:
    `new_calls`, `call_limit`), as the summary says it ("" without a limit)."""
    limit = plan.call_limit
    if limit is None:
        return ""
    total = plan.new_calls
    head = f"Volume gate: {plural(total, 'new call')}"
    if total > limit.limit:
        return (
            f"{head}, over max_new_calls {limit.limit:,} ({limit.policy}); deploy refuses them "
            f"unless given --allow-calls {total} or more."
        )
    return f"{head}, within max_new_calls {limit.limit:,} ({limit.policy})."


# --- text ------------------------------------------------------------------------------------


def view_text(plan: Plan, style: Style) -> str:
    lines = [style.paint(offline_line(plan.offline), "1;33"), ""] if plan.offline else []
    for action in plan.actions:
        if action.kind is not Kind.UNMANAGED:
            lines += _text_action(action, style)
    lines += _text_unmanaged(plan.of_kind(Kind.UNMANAGED))
    exceptions = peopleview.text_exceptions(plan)
    if exceptions:
        lines += ["", style.paint(exceptions[0], "1;33"), *exceptions[1:]]
    lines += ["", style.paint(summary_line(plan), "1"), *_footnotes(plan)]
    return "\n".join(lines).lstrip("\n") + "\n"


def _text_action(action: Action, style: Style) -> list[str]:
    mark, colour = _MARKS[action.kind]
    where = f"  (task {action.job_id}, {action.status_name})" if action.job_id is not None else ""
    head = style.paint(f"{mark} {action.kind.value:<8} {action.task_name}", colour) + where
    body = [
        f"{action.file}: {plural(action.numbers, 'number')}, message played "
        f"{action.loop_count}× a call"
    ]
    body += [_change_line(change) for change in action.changes]
    upload = uploadview.upload_line(action)
    body += [upload] if upload else []
    if action.reason:
        body.append(style.paint(action.reason, colour))
    if action.people is not None and action.kind in peopleview.CALLING:
        body += peopleview.text_lines(action.people)
    return [head, *(f"           {line}" for line in body)]


def _change_line(change: Change) -> str:
    old, new = change.old, change.new
    if _long_texts(change.field, old, new):
        old, new = _differing_middle(old, new)
        return f"{change.field}: {json.dumps(old, ensure_ascii=False)} → " + json.dumps(
            new, ensure_ascii=False
        )
    old, new = shown_value(change.field, old), shown_value(change.field, new)
    return f"{change.field}: {old} → {new}"


def _long_texts(field_name: str, old: Any, new: Any) -> bool:
    return (
        field_name not in (*PRIVATE_FIELDS, "numberList")
        and isinstance(old, str)
        and isinstance(new, str)
        and max(len(old), len(new)) > TEXT_SHOWN
    )


def _differing_middle(old: str, new: str) -> tuple[str, str]:
    """Two long texts as the part between what they share at both ends, with some context
    around it: a change anywhere, or in two places, is never cut off."""
    limit = min(len(old), len(new))
    head = next((i for i in range(limit) if old[i] != new[i]), limit)
    tail = next((i for i in range(limit - head) if old[-1 - i] != new[-1 - i]), limit - head)
    start = max(0, head - _CONTEXT)
    return _cut(old, start, len(old) - tail), _cut(new, start, len(new) - tail)


def _cut(text: str, start: int, end: int) -> str:
    """text[start:end] with the context after it, "…" where it was cut, the middle shortened
    when it is longer than DIFFERENCE_SHOWN."""
    stop = min(len(text), end + _CONTEXT)
    middle = text[start:stop]
    if len(middle) > DIFFERENCE_SHOWN:
        half = DIFFERENCE_SHOWN // 2
        middle = f"{middle[:half]}…{middle[-half:]}"
    return ("…" if start else "") + middle + ("…" if stop < len(text) else "")


def _text_unmanaged(unmanaged: list[Action]) -> list[str]:
    if not unmanaged:
        return []
    tasks = plural(len(unmanaged), "remote task")
    lines = [f"? {tasks} that no file describes {_are(len(unmanaged))} left alone:"]
    lines += [
        f"    {action.task_name!r} (task {action.job_id}, {action.status_name})"
        for action in unmanaged[:UNMANAGED_SHOWN]
    ]
    if len(unmanaged) > UNMANAGED_SHOWN:
        lines.append(
            f"    ... and {len(unmanaged) - UNMANAGED_SHOWN} more "
            "(see `broadcastctl plan --format json`)"
        )
    return lines


def _are(count: int) -> str:
    return "is" if count == 1 else "are"


def _footnotes(plan: Plan) -> list[str]:
    matched = [
        a
        for a in plan.actions
        if a.job_id is not None and a.kind not in (Kind.UNMANAGED, Kind.ORPHANED)
    ]
    if not matched:
        return []
    notes = []
    if not plan.with_state:
        notes.append(
            "No state was found: only what the API shows is compared (deploy writes the state)."
        )
    by_count = [a for a in matched if not a.numbers_compared]
    if by_count:
        notes.append(
            f"Numbers are compared by count for {plural(len(by_count), 'task')}: the API does "
            "not return "
            "the numbers of a task, and the state does not know what was sent to them."
        )
    hidden = sorted({name for action in matched for name in action.not_compared})
    if hidden:
        notes.append(
            "Not compared, because the API does not return them: " + ", ".join(hidden) + "."
        )
    return notes


# --- markdown --------------------------------------------------------------------------------

_ICONS = {
    Kind.CREATE: "➕ create",
    Kind.UPDATE: "✏️ update",
    Kind.BLOCKED: "⛔ blocked",
    Kind.NOOP: "✅ unchanged",
    Kind.ORPHANED: "🗑️ orphaned",
    Kind.UNMANAGED: "❔ unmanaged",
}


def view_markdown(plan: Plan, limit: int = GITHUB_COMMENT_LIMIT) -> str:
    """A pull-request comment or job summary that fits GitHub's comment limit."""
    head = ["### broadcastctl plan", ""]
    if plan.offline:
        head += [f"_{markdown_cell(offline_line(plan.offline))}_", ""]
    head += [summary_line(plan).replace("\n", "  \n"), ""]
    sections = [
        _table(plan.of_kind(Kind.ORPHANED, Kind.CREATE, Kind.UPDATE, Kind.BLOCKED)),
        *_present(peopleview.markdown_exceptions(plan), peopleview.markdown_people(plan)),
        _details("{} unchanged", plan.of_kind(Kind.NOOP)),
        _details("{} no file describes (left alone)", plan.of_kind(Kind.UNMANAGED), "remote task"),
        [f"_{note}_" for note in _footnotes(plan)],
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
    lines = [_change_line(change) for change in action.changes]
    upload = uploadview.upload_line(action)
    detail = "<br>".join(markdown_cell(line) for line in [*lines, *([upload] if upload else [])])
    if action.reason:
        detail = (detail + "<br>" if detail else "") + f"**{markdown_cell(action.reason)}**"
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


# --- json ------------------------------------------------------------------------------------


def view_json(plan: Plan) -> str:
    return json.dumps(_json_document(plan), indent=2, ensure_ascii=False) + "\n"


def _json_document(plan: Plan) -> dict[str, Any]:
    return {
        "format_version": JSON_VERSION,
        "summary": counts(plan),
        "offline": offline_line(plan.offline) if plan.offline else None,
        "fingerprints": {
            "campaigns": plan.campaigns_fingerprint,
            "remote": plan.remote_fingerprint,
        },
        "new_calls": _json_new_calls(plan),
        "policy_exceptions": peopleview.json_exceptions(plan),
        "actions": [_json_action(action) for action in plan.actions],
    }


def _json_new_calls(plan: Plan) -> dict[str, Any]:
    limit = plan.call_limit
    return {
        "total": plan.new_calls,
        "limit": limit.limit if limit else None,
        "policy": limit.policy if limit else None,
        "over_limit": plan.over_limit,
    }


def _json_action(action: Action) -> dict[str, Any]:
    return {
        "action": action.kind.value,
        "task_name": action.task_name,
        "file": action.file,
        "job_id": action.job_id,
        "status": action.status,
        "numbers": action.numbers,
        "loop_count": action.loop_count,
        "changes": [
            {
                "field": c.field,
                "old": private_value(c.field, c.old),
                "new": private_value(c.field, c.new),
            }
            for c in action.changes
        ],
        "reason": action.reason,
        "not_compared": list(action.not_compared),
        "people": peopleview.json_people(action.people),
        "upload": uploadview.json_upload(action.upload),
    }


VIEWS: dict[str, Callable[[Plan, Style], str]] = {
    "text": view_text,
    "markdown": lambda plan, _: view_markdown(plan),
    "json": lambda plan, _: view_json(plan),
}


def offline_line(offline: Offline) -> str:
    """The header of a plan made offline, in every format: what it was planned against."""
    commit = f" at commit {offline.commit[:12]}" if offline.commit else ""
    line = (
        f"Offline: planned against the state's snapshot of {offline.target}, taken "
        f"{offline.taken_at}{commit}; nothing was read from the vendor."
    )
    if offline.hours_old is not None:
        line += (
            f" Warning: the snapshot is {offline.hours_old:,.0f} hours old (more than "
            "--max-age); tasks may have started calling since: run `broadcastctl refresh`."
        )
    return line
