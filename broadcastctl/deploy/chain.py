"""The chain plan and deploy share: lint the files, build the desired tasks, open the target API
(the vendor, or the sandbox in this process), read the remote tasks, and plan.

The chain prints nothing and reads no clock: the commands give it the time and the vendor's
zone, show the lint report it returns, and stop on lint errors before any request is made.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import secrets
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from broadcastctl.api import ApiConfig
from broadcastctl.deploy.history import with_history
from broadcastctl.errors import BroadcastctlError
from broadcastctl.git import changed_since as changed_since_files
from broadcastctl.lint.campaigns import Campaign, find_campaign_files
from broadcastctl.lint.pipeline import Checked, check_files
from broadcastctl.lint.reporters import Report
from broadcastctl.plan.bodies import DesiredTask, to_payload, with_voice_files
from broadcastctl.plan.model import Action, CallLimit, Plan
from broadcastctl.plan.planner import make_plan
from broadcastctl.plan.remote import Window, read_remote, with_uploads
from broadcastctl.policy.people import people_of
from broadcastctl.policy.rules import exceptions_of
from broadcastctl.state.entry import Entry
from broadcastctl.state.snapshot import RemoteTask, Snapshot
from broadcastctl.state.store import State

if TYPE_CHECKING:
    from broadcastctl.api.client import Client

SANDBOX_DB = Path(".broadcastctl") / "sandbox.sqlite3"


@dataclass(frozen=True)
class Target:
    """Where the tasks live, and how to say so without naming a secret."""

    client: Client
    label: str


@contextlib.contextmanager
def open_target(sandbox: bool, zone: dt.tzinfo) -> Iterator[Target]:
    """The vendor API from BROADCASTCTL_API_*, or a sandbox served from this process in `zone`."""
    # Imported here: the HTTP client and the sandbox's server cost a tenth of a second to load,
    # which `plan --offline` (no network) and `lint` need not pay.
    from broadcastctl.api.client import Client  # noqa: PLC0415
    from broadcastctl.sandbox import SandboxServer  # noqa: PLC0415

    if not sandbox:
        config = ApiConfig.from_environment(os.environ)
        with Client(config) as client:
            yield Target(client, config.shown_url)
        return
    key, secret = secrets.token_hex(8), secrets.token_hex(16)
    _keep_out_of_git(SANDBOX_DB)
    with SandboxServer(SANDBOX_DB, api_key=key, api_secret=secret, timezone=zone) as server:
        config = ApiConfig(url=server.url, api_key=key, api_secret=secret, timezone=zone)
        with Client(config, clock=server.clock.now) as client:  # its "now" is the sandbox's
            yield Target(client, f"the sandbox ({SANDBOX_DB})")


def _keep_out_of_git(database: Path) -> None:
    """A `plan --sandbox` in a user's repository must not leave an untracked database behind:
    a .gitignore beside it says so to git (the state file in the same folder stays visible)."""
    ignore = database.parent / ".gitignore"
    if not ignore.exists():
        database.parent.mkdir(parents=True, exist_ok=True)
        lines = ["# written by broadcastctl: the local sandbox's database", ".gitignore"]
        ignore.write_text("\n".join([*lines, f"{database.name}*", ""]))


@dataclass(frozen=True)
class Desired:
    """What the files ask for, the lint report on them, and which changed since --changed-since.

    With lint errors there are no tasks: a campaign with an error is never planned or sent.
    """

    tasks: list[DesiredTask]
    lint: Report
    changed: frozenset[str] = frozenset()  # task names
    call_limit: CallLimit | None = None  # the smallest max_new_calls over these campaigns


def desired_tasks(
    paths: Sequence[str],
    now: dt.datetime,
    zone: dt.tzinfo,
    changed_since: str | None = None,
) -> Desired:
    """The campaigns linted as of `now` (sendTime read in the vendor's `zone`), and, when the
    lint found no error, as request bodies."""
    checked = check_files(find_campaign_files(paths), now, zone)
    report = Report(checked.files, checked.diagnostics)
    if report.errors:
        return Desired([], report)
    tasks = [_desired(campaign, checked, now, zone) for campaign in checked.campaigns]
    limit = call_limit(checked)
    if changed_since is None:
        return Desired(tasks, report, call_limit=limit)
    changed = changed_since_files(changed_since)
    return Desired(
        tasks,
        report,
        frozenset(
            str(campaign.data["taskName"])
            for campaign in checked.campaigns
            if changed.intersection(campaign.sources)
        ),
        limit,
    )


def _desired(
    campaign: Campaign, checked: Checked, now: dt.datetime, zone: dt.tzinfo
) -> DesiredTask:
    """The request body, with who it calls and its reviewed exceptions for the plan to show."""
    audience = checked.audiences.get(campaign.file)
    policy = checked.policies[campaign.file]
    people = people_of(campaign, audience, policy, now, zone) if audience is not None else None
    exceptions = tuple(exceptions_of(campaign).items())
    return replace(to_payload(campaign), people=people, exceptions=exceptions)


def call_limit(checked: Checked) -> CallLimit | None:
    """max_new_calls is per deploy: when campaigns of one deploy fall under several policy
    files, the smallest limit among them holds for the deploy's whole total."""
    limits = [
        CallLimit(policy.max_new_calls, policy.file)
        for policy in checked.policies.values()
        if policy.max_new_calls is not None and policy.file is not None
    ]
    return min(limits, key=lambda limit: (limit.limit, limit.policy), default=None)


def plan_against(
    target: Target,
    desired: Desired,
    window: Window,
    workers: int,
    sent: Mapping[str, Entry] | None = None,
) -> Plan:
    return read_and_plan(target, desired, window, workers, sent)[0]


def read_and_plan(
    target: Target,
    desired: Desired,
    window: Window,
    workers: int,
    sent: Mapping[str, Entry] | None = None,
) -> tuple[Plan, list[RemoteTask]]:
    """The plan, and the remote tasks it was made from (for the state's snapshot). `sent` is
    the state's entries (None without a state). Only the files' tasks are read in detail: a
    plan judges the others by their list rows."""
    names = {task.task_name for task in desired.tasks}
    remote = read_remote(target.client, names, window, workers)
    tasks = with_uploads(target.client, desired.tasks)
    plan = make_plan(tasks, remote, desired.changed, sent, elsewhere(desired, sent))
    plan = with_history(plan, tasks, sent)
    return replace(plan, call_limit=desired.call_limit), remote


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
    return replace(action, upload=step, not_compared=unseen or action.not_compared)


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
    plan = make_plan(tasks, snapshot.tasks, desired.changed, sent, elsewhere(desired, sent))
    plan = with_history(plan, tasks, sent)
    header = offline_header(snapshot, now, max_age)
    actions = tuple(_not_looked_up(action) for action in plan.actions)
    return replace(plan, actions=actions, offline=header, call_limit=desired.call_limit)


def offline_header(snapshot: Snapshot, now: dt.datetime, max_age: dt.timedelta) -> str:
    commit = f" at commit {snapshot.commit[:12]}" if snapshot.commit else ""
    header = (
        f"Offline: planned against the state's snapshot of {snapshot.target}, taken "
        f"{snapshot.taken_at}{commit}; nothing was read from the vendor."
    )
    age = now - dt.datetime.fromisoformat(snapshot.taken_at)
    if age > max_age:
        hours = age.total_seconds() / 3600
        header += (
            f" Warning: the snapshot is {hours:,.0f} hours old (more than --max-age); "
            "tasks may have started calling since: run `broadcastctl refresh`."
        )
    return header
