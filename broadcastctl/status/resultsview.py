"""What `results` says once the CSV file is written: how many records, answered or failed, and
whether the vendor's list counts more calls than it kept records of; for a campaign in zone
parts, the same of each part. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from broadcastctl.api.callrecords import CallRecord
from broadcastctl.api.records import TaskSummary
from broadcastctl.output.words import plural
from broadcastctl.visible import visible


def results_summary(
    task: TaskSummary,
    records: Sequence[CallRecord],
    path: Path,
    masked: bool,
    *,
    complete: bool = True,
    left_out: int = 0,
) -> str:
    """What was written; `complete` is false when the task's first calls may be past what the
    vendor keeps; `left_out` counts the calls to the task's numbers outside its time span."""
    answered = sum(1 for record in records if record.answered)
    line = (
        f"Wrote {plural(len(records), 'call record')} of task '{visible(task.task_name)}' "
        f"({task.job_id}) to {path}: {answered:,} answered, {len(records) - answered:,} failed"
    )
    line += " (numbers masked)." if masked else " (it holds full phone numbers: keep it private)."
    if left_out:
        line += (
            f" {plural(left_out, 'call')} to its numbers outside its time span (another task's) "
            "left out."
        )
    if len(records) < task.call_num:
        line += f" The vendor's list counts {plural(task.call_num, 'call')} placed: " + (
            "its records may lag behind, run again later."
            if complete
            else "the older ones are gone."
        )
    return line


@dataclass(frozen=True)
class PartWritten:
    """A zone part's rows written: its label, its task, its records, whether they reach back to
    the task's start and how many calls to its numbers lay outside its span."""

    label: str
    task: TaskSummary
    records: Sequence[CallRecord]
    complete: bool = True
    left_out: int = 0


def parts_summary(name: str, parts: Sequence[PartWritten], path: Path, masked: bool) -> str:
    """What was written of a campaign in zone parts: the campaign's totals, then a line a part."""
    records = [record for part in parts for record in part.records]
    answered = sum(1 for record in records if record.answered)
    line = (
        f"Wrote {plural(len(records), 'call record')} of campaign '{visible(name)}' "
        f"({plural(len(parts), 'zone part')}) to {path}: {answered:,} answered, "
        f"{len(records) - answered:,} failed"
    )
    line += " (numbers masked)." if masked else " (it holds full phone numbers: keep it private)."
    return "\n".join([line, *(_part_line(part) for part in parts)])


def _part_line(part: PartWritten) -> str:
    answered = sum(1 for record in part.records if record.answered)
    line = (
        f"  {visible(part.label)}: task {part.task.job_id}, "
        f"{plural(len(part.records), 'call record')}, {answered:,} answered, "
        f"{len(part.records) - answered:,} failed."
    )
    if part.left_out:
        line += f" {plural(part.left_out, 'call')} to its numbers outside its time span left out."
    if len(part.records) < part.task.call_num:
        line += f" The vendor's list counts {plural(part.task.call_num, 'call')} placed: " + (
            "its records may lag behind, run again later."
            if part.complete
            else "the older ones are gone."
        )
    return line
