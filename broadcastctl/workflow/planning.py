"""Planning, live and offline: the desired tasks against the remote tasks (read from the target,
or the state's snapshot), finished the same way (git history of a blocked swap, the policy's
call limit).

It prints nothing and reads no clock: the commands give it the time, show the lint report and
the plan, and stop on lint errors before any request is made.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from broadcastctl.errors import BroadcastctlError
from broadcastctl.plan.bodies import DesiredTask, with_voice_files
from broadcastctl.plan.model import Action, Offline, Plan
from broadcastctl.plan.planner import Comparisons, make_plan
from broadcastctl.plan.remote import Progress, read_remote, settled_tasks, with_uploads
from broadcastctl.plan.window import Window
from broadcastctl.state.entry import Entry, Intent
from broadcastctl.state.snapshot import RemoteTask, Snapshot
from broadcastctl.state.store import State
from broadcastctl.workflow.desired import Desired
from broadcastctl.workflow.history import with_history
from broadcastctl.workflow.target import Target


def plan_against(
    target: Target,
    desired: Desired,
    window: Window,
    workers: int,
    sent: Mapping[str, Entry] | None = None,
    *,
    snapshot: Snapshot | None = None,
    progress: Progress | None = None,
    intents: Mapping[str, Intent] | None = None,
) -> Plan:
    return read_and_plan(
        target, desired, window, workers, sent,
        snapshot=snapshot, progress=progress, intents=intents,
    )[0]  # fmt: skip


def read_and_plan(
    target: Target,
    desired: Desired,
    window: Window,
    workers: int,
    sent: Mapping[str, Entry] | None = None,
    *,
    snapshot: Snapshot | None = None,
    progress: Progress | None = None,
    intents: Mapping[str, Intent] | None = None,
) -> tuple[Plan, list[RemoteTask]]:
    """The plan, and the remote tasks it was made from (for the state's snapshot). `sent` is
    the state's entries (None without a state). Only the files' tasks are read in detail: a
    plan judges the others by their list rows. A task the state's `snapshot` holds in detail
    in a final status keeps that detail (`settled_tasks`): the same plan, one call fewer."""
    names = {task.task_name for task in desired.tasks}
    settled = settled_tasks(snapshot, target.label)
    early = Comparisons(desired.tasks, desired.changed, sent, intents)
    remote = read_remote(
        target.client, names, window, workers, settled, progress=progress, on_read=early.read
    )
    tasks = with_uploads(target.client, desired.tasks)
    return _planned(desired, tasks, remote, sent, intents=intents, early=early), remote


def _planned(
    desired: Desired,
    tasks: Sequence[DesiredTask],
    remote: Sequence[RemoteTask],
    sent: Mapping[str, Entry] | None,
    *,
    intents: Mapping[str, Intent] | None = None,
    early: Comparisons | None = None,
) -> Plan:
    """The step live and offline planning share: the planner, what git history says of a
    blocked swap of numbers, and the policy's limit on new calls."""
    plan = make_plan(
        tasks, remote, desired.changed, sent, elsewhere(desired, sent),
        intents=intents, early=early,
    )  # fmt: skip
    plan = with_history(plan, tasks, sent)
    return replace(plan, call_limit=desired.call_limit)


def _offline_uploads(tasks: list[DesiredTask], snapshot: Snapshot) -> list[DesiredTask]:
    """Offline the file list is not read: a task that exists keeps the voice file it plays."""
    playing = {task.task_name: task.fields.get("voiceFileId") for task in snapshot.tasks}
    return [
        with_voice_files(task, {task.upload.file_name: str(playing[task.task_name])})
        if task.upload is not None and playing.get(task.task_name)
        else task
        for task in tasks
    ]


def _not_looked_up(action: Action) -> Action:
    if action.upload is None:
        return action
    unseen = tuple(sorted({*action.not_compared, "voiceFileId"})) if action.job_id else ()
    step = replace(action.upload, file_id=None, looked_up=False)
    return replace(
        action,
        upload=step,
        not_compared=unseen or action.not_compared,
        with_vendor=tuple(name for name in action.with_vendor if name not in unseen),
        with_record=tuple(name for name in action.with_record if name not in unseen),
    )


def elsewhere(desired: Desired, sent: Mapping[str, Entry] | None) -> set[str]:
    """Entries whose campaign files exist but were not among those given (a plan of some files
    only): their tasks are not orphans. A file given that now names another task is one."""
    given = {task.file for task in desired.tasks}
    wanted = {task.task_name for task in desired.tasks}
    return {
        name
        for name, entry in (sent or {}).items()
        if name not in wanted
        and entry.file is not None
        and entry.file not in given
        and os.path.isfile(entry.file)  # thousands of entries: no Path object for each
    }


def detailed_names(desired: Desired, sent: Mapping[str, Entry] | None) -> set[str]:
    """What a snapshot reads in detail: the files' tasks, and every task the state names (so
    refresh sees console edits of them all)."""
    return {task.task_name for task in desired.tasks} | set(sent or ())


def plan_offline(
    desired: Desired, state: State, path: Path, now: dt.datetime, max_age: dt.timedelta
) -> Plan:
    """The plan against the state's snapshot: no credentials, no network."""
    snapshot = state.snapshot
    if snapshot is None:
        raise BroadcastctlError(
            f"the state {path} holds no snapshot of the remote tasks (or there is no state): "
            "plan --offline needs a deploy or a refresh to have run first"
        )
    sent = state.entries
    tasks = _offline_uploads(desired.tasks, snapshot)
    plan = _planned(desired, tasks, snapshot.tasks, sent, intents=state.intents)
    header = offline_header(snapshot, now, max_age)
    actions = tuple(_not_looked_up(action) for action in plan.actions)
    return replace(plan, actions=actions, offline=header)


def offline_header(snapshot: Snapshot, now: dt.datetime, max_age: dt.timedelta) -> Offline:
    """Where and when the snapshot was taken, and its age once past `max_age`."""
    age = now - dt.datetime.fromisoformat(snapshot.taken_at)
    hours = age.total_seconds() / 3600 if age > max_age else None
    return Offline(snapshot.target, snapshot.taken_at, snapshot.commit, hours)
