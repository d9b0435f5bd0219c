"""Drift: remote tasks that no longer look as broadcastctl left them (edited in the vendor's
console, cancelled, or gone), judged from the state's entries and its previous snapshot."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from broadcastctl.plan.planner import shown_differences
from broadcastctl.state.entry import Entry
from broadcastctl.state.snapshot import RemoteTask, Snapshot

CANCELLED = 4


@dataclass(frozen=True)
class Drift:
    task_name: str
    job_id: int
    what: str  # what differs, in words; never a number or a secret


def find_drift(
    entries: Mapping[str, Entry],
    remote: Sequence[RemoteTask],
    before: Snapshot | None,
    described: Collection[str] = (),
) -> list[Drift]:
    """Every entry whose task is gone, cancelled outside broadcastctl, or shows other values than
    were sent. A cancel is told every time while a file (`described`: the files' task names)
    still asks for the task, until the file says what to do or `broadcastctl cancel` records
    it; once no file asks for it, only the first time it is seen."""
    now = {task.job_id: task for task in remote}
    seen = {task.job_id: task for task in before.tasks} if before is not None else None
    drift = []
    for name, entry in sorted(entries.items()):
        task = now.get(entry.job_id)
        earlier = None if seen is None else seen.get(entry.job_id)
        if task is None:
            if seen is None or earlier is not None:
                drift.append(Drift(name, entry.job_id, "gone: the vendor no longer lists it"))
            continue
        if task.status == CANCELLED and entry.cancelled is None:
            asked = name in described
            if asked or earlier is None or earlier.status != CANCELLED:
                drift.append(Drift(name, entry.job_id, _cancelled_outside(asked)))
        edited = shown_differences(entry.sent, task) if entry.sent is not None else []
        if entry.numbers_digest is not None and task.number_count != entry.number_count:
            edited.insert(0, "numberList")
        if edited:
            drift.append(
                Drift(name, entry.job_id, "differs from what was sent: " + ", ".join(edited))
            )
    return drift


def _cancelled_outside(asked: bool) -> str:
    if not asked:
        return "cancelled outside broadcastctl"
    return (
        "cancelled outside broadcastctl, and its file still asks for it: give the campaign a "
        "new taskName to run it again, or record the stop with `broadcastctl cancel`"
    )
