"""The plan for people at a terminal: a block per action, then the summary and the notes."""

from __future__ import annotations

from broadcastctl.output.style import Style
from broadcastctl.output.words import plural
from broadcastctl.plan.model import Action, Kind, Plan
from broadcastctl.plan.views import parts, people, uploads
from broadcastctl.plan.views.common import (
    basis_line,
    change_line,
    footnotes,
    offline_line,
    summary_line,
    target_line,
    unchanged_line,
)
from broadcastctl.visible import visible

UNMANAGED_SHOWN = 10

_MARKS = {
    Kind.CREATE: ("+", "32"),
    Kind.UPDATE: ("~", "33"),
    Kind.BLOCKED: ("!", "1;31"),
    Kind.NOOP: ("=", "2"),
    Kind.ORPHANED: ("-", "1;35"),
    Kind.UNMANAGED: ("?", "2"),
    Kind.CANCELLED: ("x", "35"),
}


def view_text(plan: Plan, style: Style, *, show_unchanged: bool = False) -> str:
    """Unchanged campaigns in one line unless `show_unchanged`: a long plan shows what moves."""
    lines = [target_line(plan)] if plan.target and not plan.offline else []
    if plan.offline:
        lines += [style.paint(offline_line(plan.offline), "1;33"), ""]
    hidden = {Kind.UNMANAGED} if show_unchanged else {Kind.UNMANAGED, Kind.NOOP}
    campaign = None
    for action in plan.actions:
        if action.kind in hidden:
            continue
        if action.campaign is not None and action.campaign != campaign:
            lines.append(style.paint(parts.campaign_line(action.campaign, plan.actions), "1"))
        campaign = action.campaign
        lines += _text_action(action, style)
    if not show_unchanged and plan.of_kind(Kind.NOOP):
        lines.append(style.paint(unchanged_line(plan), "2"))
    lines += _text_unmanaged(plan.of_kind(Kind.UNMANAGED))
    exceptions = people.text_exceptions(plan)
    if exceptions:
        lines += ["", style.paint(exceptions[0], "1;33"), *exceptions[1:]]
    lines += ["", style.paint(summary_line(plan), "1"), *footnotes(plan)]
    return "\n".join(lines).lstrip("\n") + "\n"


def _text_action(action: Action, style: Style) -> list[str]:
    mark, colour = _MARKS[action.kind]
    where = f"  (task {action.job_id}, {action.status_name})" if action.job_id is not None else ""
    head = style.paint(f"{mark} {action.kind.value:<8} {action.task_name}", colour) + where
    body = [
        f"{action.file}: {plural(action.numbers, 'number')}, message played "
        f"{action.loop_count}× a call"
    ]
    body += [recall_line(action)] if action.recall_of is not None else []
    body += parts.part_lines(action)
    body += [change_line(change) for change in action.changes]
    upload = uploads.upload_line(action)
    body += [upload] if upload else []
    if action.reason:
        body.append(style.paint(action.reason, colour))
    basis = basis_line(action)
    body += [basis] if basis else []
    if action.people is not None and action.kind in people.CALLING:
        body += people.text_lines(action.people)
    return [head, *(f"           {line}" for line in body)]


def recall_line(action: Action) -> str:
    """Which task a re-call calls again, and through which call."""
    parent = f" (task {action.parent_job_id})" if action.parent_job_id is not None else ""
    return f"re-calls '{visible(action.recall_of or '')}'{parent} through voice/group/call/resend"


def _text_unmanaged(unmanaged: list[Action]) -> list[str]:
    if not unmanaged:
        return []
    tasks = plural(len(unmanaged), "remote task")
    lines = [f"? {tasks} that no file describes {_are(len(unmanaged))} left alone:"]
    lines += [
        f"    '{visible(action.task_name)}' (task {action.job_id}, {action.status_name})"
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
