"""What every format of the plan says alike: a value as a reviewer sees it, a change, the
summary, the volume gate's line, the notes, the offline header."""

from __future__ import annotations

from typing import Any

from broadcastctl.output.words import duration, plural
from broadcastctl.plan.model import Action, Change, Kind, Offline, Plan, counts
from broadcastctl.plan.views import uploads
from broadcastctl.privacy import PRIVATE_FIELDS, private_value
from broadcastctl.vendorfields import WAITING
from broadcastctl.visible import json_text

TEXT_SHOWN = 60
DIFFERENCE_SHOWN = 160  # the differing middle of two long texts, context included
_CONTEXT = 20  # characters shown on each side of a difference


def shown_value(change_field: str, value: Any) -> str:
    """A value as a reviewer should see it: numbers counted, caller ids masked, audio digested."""
    if value is None or value == "":
        return "(none: call at once)" if change_field == "sendTime" else "(not set)"
    pending = uploads.shown_pending(value) if change_field == "voiceFileId" else None
    if pending is not None:
        return pending
    if change_field == "numberList":  # a count, or what the state says of the numbers
        return value if isinstance(value, str) else plural(value, "number")
    if change_field in PRIVATE_FIELDS:
        return str(private_value(change_field, value))
    if isinstance(value, str) and len(value) > TEXT_SHOWN:
        value = value[: TEXT_SHOWN - 1] + "…"
    return json_text(value)


def summary_line(plan: Plan) -> str:
    total = counts(plan)
    parts = [
        f"{total['create']} to create",
        f"{total['update']} to update",
        f"{total['blocked']} blocked",
        f"{total['no-op']} unchanged",
    ]
    if total["cancelled"]:
        parts.append(f"{total['cancelled']} cancelled")
    if total["orphaned"]:
        parts.insert(0, orphans_part(plan))
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


def orphans_part(plan: Plan) -> str:
    """The orphans by what they do: waiting ones have not called yet, calling ones are."""
    orphans = plan.of_kind(Kind.ORPHANED)
    calling = sum(1 for action in orphans if action.status not in (None, WAITING))
    waiting = len(orphans) - calling
    doing = [f"{waiting} waiting"] * bool(waiting) + [f"{calling} calling"] * bool(calling)
    return f"{len(orphans)} orphaned ({', '.join(doing)}; their campaigns gone)"


def target_line(plan: Plan) -> str:
    """Where the plan was made against, in every format ("" when the plan does not say)."""
    return f"Target: {plan.target}" if plan.target else ""


def unchanged_line(plan: Plan) -> str:
    """The unchanged campaigns in one line, for a long plan that need not list them."""
    unchanged = plan.of_kind(Kind.NOOP)
    if not unchanged:
        return ""
    return (
        f"= {plural(len(unchanged), 'campaign')} unchanged "
        "(plan --show-unchanged lists them, --format json always does)"
    )


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


def change_line(change: Change) -> str:
    old, new = change.old, change.new
    if _long_texts(change.field, old, new):
        old, new = _differing_middle(old, new)
        return f"{change.field}: {json_text(old)} → {json_text(new)}"
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


def basis_line(action: Action) -> str | None:
    """What a remote task's comparison rested on, in one line: the vendor's detail (as a count
    of fields; JSON lists them), the record of what was sent, and what neither covers."""
    if not (action.with_vendor or action.with_record):
        return None  # no comparison was made (a create, an orphan, a task no file describes)
    shown = [name for name in action.with_vendor if not name.startswith("numberList")]
    vendor = [
        *(["the number count"] if len(shown) < len(action.with_vendor) else []),
        *([plural(len(shown), "field")] if shown else []),
    ]
    parts = [f"compared with the vendor: {' and '.join(vendor) or 'nothing'}"]
    record = [_numbers_named(name) for name in action.with_record]
    parts.append("with the record of what was sent: " + (_some(record) if record else "nothing"))
    if action.not_compared:
        parts.append("not compared: " + _some(list(action.not_compared)))
    return "; ".join(parts)


BASIS_NAMES = 6  # field names a line shows before "and N more": JSON lists them all


def _some(names: list[str]) -> str:
    if len(names) <= BASIS_NAMES:
        return ", ".join(names)
    return ", ".join(names[:BASIS_NAMES]) + f" and {len(names) - BASIS_NAMES} more"


def _numbers_named(name: str) -> str:
    return "the numbers" if name == "numberList" else name


def footnotes(plan: Plan) -> list[str]:
    matched = [
        a
        for a in plan.actions
        if a.job_id is not None
        and a.kind not in (Kind.UNMANAGED, Kind.ORPHANED, Kind.CANCELLED)  # nothing compared
    ]
    if not matched:
        return []
    notes = []
    if not plan.with_state:
        notes.append(
            "No state was found: only what the API shows is compared (deploy writes the state)."
        )
    by_count = [a for a in matched if not a.numbers_compared and a.recall_of is None]
    recalls = [a for a in matched if a.recall_of is not None]
    if by_count:
        notes.append(
            f"Numbers are compared by count for {plural(len(by_count), 'task')}: the API does "
            "not return "
            "the numbers of a task, and the state does not know what was sent to them."
        )
    if recalls:
        notes.append(
            f"The numbers of {plural(len(recalls), 're-call')} are not compared: the resend call "
            "took them from the parent."
        )
    hidden = sorted({name for action in matched for name in action.not_compared})
    if hidden:
        notes.append(
            "Not compared, because the API does not return them and the state has no record of "
            "them: " + ", ".join(hidden) + "."
        )
    if any(action.with_record for action in matched):
        notes.append(
            "Fields compared with the record of what was sent are not read from the vendor: an "
            "edit of them in the vendor's console cannot be seen."
        )
    return notes


def offline_line(offline: Offline) -> str:
    """The header of a plan made offline, in every format: what it was planned against."""
    commit = f" at commit {offline.commit[:12]}" if offline.commit else ""
    line = (
        f"Offline: planned against the state's snapshot of {offline.target}, taken "
        f"{offline.taken_at}{commit}; nothing was read from the vendor."
    )
    if offline.hours_old is not None:
        line += (
            f" Warning: the snapshot is {duration(offline.hours_old * 3_600)} old (more than "
            "--max-age); tasks may have started calling since: run `broadcastctl refresh`."
        )
    return line
