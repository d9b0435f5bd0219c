"""What `results --summary` prints, one or more summaries side by side (a task and its re-call;
a campaign in zone parts, then each part): text, markdown with Mermaid charts that GitHub
draws, and JSON with the same figures (a campaign's parts nested in it). Pure."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from broadcastctl.output.markdown import markdown_cell
from broadcastctl.output.words import plural
from broadcastctl.status.summary import Summary, Tally
from broadcastctl.visible import json_text, one_line, visible

FORMAT_VERSION = 1
_DROPPED = str.maketrans("", "", "#<>")
MAX_COUNTRIES = 12  # in the country chart; the table lists them all


def figures(summary: Summary) -> list[tuple[str, str]]:
    """The headline figures, as every format names them."""
    return [
        ("calls placed", f"{summary.placed:,}"),
        ("answered", f"{summary.answered:,} ({summary.answer_rate:.1f}%)"),
        ("failed", f"{summary.failed:,}"),
        ("keys pressed", f"{sum(count for _, count in summary.keys):,}"),
        ("SMS sent", "unknown" if summary.sms_sent is None else f"{summary.sms_sent:,}"),
        ("talk time", _duration(summary.talk_seconds)),
        ("ambiguous calls", f"{summary.ambiguous:,}"),
    ]


def shown(summaries: Sequence[Summary]) -> list[Summary]:
    """The columns: each summary, a campaign's followed by its parts', each titled by its
    label beside its campaign (the campaign's name is the column before)."""
    return [
        column
        for summary in summaries
        for column in (summary, *(replace(part, task_name=part.part or part.task_name)
                                  for part in summary.parts))
    ]  # fmt: skip


def text(summaries: Sequence[Summary]) -> str:
    """A table of figures, one column a task (a campaign, then its parts), then each one's
    breakdowns."""
    summaries = shown(summaries)
    head = ["", *(_title(summary) for summary in summaries)]
    rows = [head] + [
        [name, *(dict(figures(s))[name] for s in summaries)] for name, _ in figures(summaries[0])
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
             for row in rows]  # fmt: skip
    for summary in summaries:
        lines += ["", f"{_title(summary)}:", *_breakdowns(summary)]
    return "\n".join([*lines, *_notes(summaries)]) + "\n"


def _breakdowns(summary: Summary) -> list[str]:
    hours = ", ".join(f"{t.key}h {t.rate:.0f}%" for t in summary.by_hour if t.calls)
    return [
        f"  failed by reason: {_pairs(summary.reasons)}",
        f"  answer rate by local hour: {hours or 'none'}"
        + (f" ({_unknown_hours(summary)})" if summary.hour_unknown else ""),
        "  answer rate by country: "
        + (
            ", ".join(f"{t.key} {t.rate:.0f}% of {t.calls:,}" for t in summary.by_country) or "none"
        ),
        f"  keys pressed: {_pairs(summary.keys)}",
    ]


def markdown(summaries: Sequence[Summary]) -> str:
    """A table of figures side by side (a campaign, then its parts), then each one's Mermaid
    charts."""
    summaries = shown(summaries)
    head = ["", *(markdown_cell(_title(summary)) for summary in summaries)]
    lines = [_md_row(head), _md_row(["---"] * len(head))]
    for name, _ in figures(summaries[0]):
        lines.append(_md_row([name, *(dict(figures(s))[name] for s in summaries)]))
    for summary in summaries:
        lines += [*([""] if lines[-1] else []), f"#### {markdown_cell(_title(summary))}", ""]
        lines += _bar_chart("Answer rate by the callee's local hour", summary.by_hour)
        if summary.hour_unknown:
            lines += [f"{_unknown_hours(summary)} (not in the chart).", ""]
        lines += _bar_chart("Answer rate by country", summary.by_country[:MAX_COUNTRIES])
        lines += _pie("Failed calls by reason", summary.reasons)
        lines += _pie("Keys pressed", summary.keys)
    notes = _notes(summaries, lambda summary: markdown_cell(_title(summary)))
    return "\n".join([*lines, *(["", *notes] if notes else [])]).rstrip("\n") + "\n"


def json_view(summaries: Sequence[Summary]) -> str:
    """The same figures as a document: {"version": 1, "tasks": [...]}, one entry a task."""
    return json_text({"version": FORMAT_VERSION, "tasks": [_document(s) for s in summaries]},
                     indent=2) + "\n"  # fmt: skip


VIEWS: dict[str, Callable[[Sequence[Summary]], str]] = {
    "text": text,
    "markdown": markdown,
    "json": json_view,
}


def _document(summary: Summary) -> dict[str, Any]:
    return {
        "task_name": summary.task_name,
        "job_id": summary.job_id,
        "placed": summary.placed,
        "listed_placed": summary.listed,
        "answered": summary.answered,
        "failed": summary.failed,
        "answer_rate": summary.answer_rate,
        "failed_by_reason": dict(summary.reasons),
        "by_local_hour": {t.key: _tally(t) for t in summary.by_hour if t.calls},
        "local_hour_unknown": summary.hour_unknown,
        "by_country": {t.key: _tally(t) for t in summary.by_country},
        "keys_pressed": dict(summary.keys),
        "sms_sent": summary.sms_sent,
        "talk_seconds": summary.talk_seconds,
        "ambiguous": summary.ambiguous,
        "part": summary.part,
        "parts": [_document(part) for part in summary.parts],
    }


def _tally(tally: Tally) -> dict[str, Any]:
    return {"calls": tally.calls, "answered": tally.answered, "rate": tally.rate}


def _bar_chart(title: str, tallies: Sequence[Tally]) -> list[str]:
    """A Mermaid `xychart-beta` bar chart of answer rates where there were calls (an hour
    without calls is left out, not drawn as 0%), or nothing without a call."""
    shown = [tally for tally in tallies if tally.calls]
    if not shown:
        return []
    labels = ", ".join(f'"{_label(tally.key)}"' for tally in shown)  # "07": a category
    rates = ", ".join(f"{tally.rate:g}" for tally in shown)
    return [
        "```mermaid",
        "xychart-beta",
        f'    title "{title}"',
        f"    x-axis [{labels}]",
        '    y-axis "answered (%)" 0 --> 100',
        f"    bar [{rates}]",
        "```",
        "",
    ]


def _pie(title: str, counts: Sequence[tuple[str, int]]) -> list[str]:
    """A Mermaid `pie` of counts, or nothing when there are none."""
    if not counts:
        return []
    slices = [f'    "{_label(key)}" : {count}' for key, count in counts]
    return ["```mermaid", f"pie title {title}", *slices, "```", ""]


def _label(text: str) -> str:
    """The vendor's text as a quoted Mermaid label: on one line, printable, no quote, no
    `#` (Mermaid's entity codes), no tag, no backtick that could close the fence; at most 40
    characters."""
    kept = one_line(text).replace('"', "'").replace("`", "'")
    return kept.translate(_DROPPED)[:40]


def _notes(
    summaries: Sequence[Summary], named: Callable[[Summary], str] | None = None
) -> list[str]:
    notes = []
    for summary in summaries:
        title = (named or _title)(summary)
        if summary.ambiguous:
            notes.append(
                f"{title}: {summary.ambiguous:,} of the calls counted are to numbers another task "
                "also called while this one was calling; the vendor's records cannot say whose "
                "they are."
            )
        if summary.placed != summary.listed:
            notes.append(
                f"{title}: the vendor's task list counts {summary.listed:,} calls placed, "
                f"the records {summary.placed:,}."
            )
    return notes


def _unknown_hours(summary: Summary) -> str:
    return f"{plural(summary.hour_unknown, 'call')} at a local hour that cannot be told"


def _title(summary: Summary) -> str:
    if summary.job_id is None:
        return f"{visible(summary.task_name)} ({plural(len(summary.parts), 'zone part')})"
    return f"{visible(summary.task_name)} ({summary.job_id})"


def _pairs(pairs: Sequence[tuple[str, int]]) -> str:
    return ", ".join(f"{visible(key)} {count:,}" for key, count in pairs) or "none"


def _md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _duration(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours}h {rest // 60:02d}m {rest % 60:02d}s"
