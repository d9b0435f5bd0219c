"""What the files ask for: the campaigns linted as of a given time, and, when the lint found no
error, their request bodies with who they call, and which changed since a git revision.

Pure apart from reading the files: it prints nothing and reads no clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from broadcastctl.checks.pipeline import Checked, check_files
from broadcastctl.checks.reporters import Report
from broadcastctl.errors import BroadcastctlError
from broadcastctl.git import changed_since as changed_since_files
from broadcastctl.lint.campaigns import Campaign, Numbers, find_campaign_files
from broadcastctl.localwindows import part_name
from broadcastctl.plan.bodies import DesiredTask, to_payload
from broadcastctl.plan.model import CallLimit
from broadcastctl.policy.audience import Audience, part_of
from broadcastctl.policy.people import people_of
from broadcastctl.policy.policyfile import Policy
from broadcastctl.policy.rules import exceptions_of
from broadcastctl.policy.zonesplit import ZonePart, local_windows, split_campaign, split_recall
from broadcastctl.windowzone import WindowZone


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
    window_zone: WindowZone = WindowZone.VENDOR,
) -> Desired:
    """The campaigns linted as of `now` (sendTime read in the vendor's `zone`), and, when the
    lint found no error, as request bodies: a campaign in local windows as one body per zone
    part when the vendor reads allowSendTime in its own zone."""
    checked = check_files(find_campaign_files(paths), now, zone, window_zone)
    report = Report(checked.files, checked.diagnostics)
    if report.errors:
        return Desired([], report)
    tasks = [
        task
        for campaign in checked.campaigns
        for task in _desired(campaign, checked, now, zone, window_zone)
    ]
    _names_once(tasks)
    limit = call_limit(checked)
    if changed_since is None:
        return Desired(tasks, report, call_limit=limit)
    changed = changed_since_files(changed_since)
    touched = {
        campaign.file for campaign in checked.campaigns if changed.intersection(campaign.sources)
    }
    # By the tasks' own names: a campaign in local windows is sent as its zone parts.
    return Desired(
        tasks, report, frozenset(task.task_name for task in tasks if task.file in touched), limit
    )


def _desired(
    campaign: Campaign,
    checked: Checked,
    now: dt.datetime,
    zone: dt.tzinfo,
    window_zone: WindowZone,
) -> list[DesiredTask]:
    """The request bodies, with who each calls and the reviewed exceptions for the plan to
    show: one, or one per zone part of a campaign in local windows."""
    audience = checked.audiences.get(campaign.file)
    policy = checked.policies[campaign.file]
    windows = local_windows(campaign)
    if windows is not None and window_zone is WindowZone.CALLEE:
        campaign = _with_windows(campaign, windows)  # the vendor reads them as each callee's
    elif windows is not None:
        return _parts(campaign, audience, policy, now, zone)
    return [_task(campaign, audience, policy, now, zone, window_zone)]


def _parts(
    campaign: Campaign, audience: Audience | None, policy: Policy, now: dt.datetime, zone: dt.tzinfo
) -> list[DesiredTask]:
    """A campaign in local windows as its zone parts (a re-call's, as its parent's parts).
    Never as one task: its windows would not be sent at all. Lint stops a campaign that
    cannot be split; one whose error a policy exception let through stops here, as nothing
    could be sent that keeps its windows."""
    is_recall = isinstance(campaign.data.get("recallOf"), str)
    why = "its numbers (or, for a re-call, its parent's file) are not known"
    if audience is not None and (campaign.parent is not None or not is_recall):
        divide = split_recall if is_recall else split_campaign
        split = divide(campaign, audience, policy, now, zone)
        if split.parts:
            return [_part(campaign, audience, part, policy, now, zone) for part in split.parts]
        why = "; ".join(split.problems) or "it has no numbers"
    raise BroadcastctlError(
        f"{campaign.file}: no zone part can be made of it for its localWindows ({why}); "
        "nothing of it is sent. Correct what lint's local-windows rule reports"
    )


def _names_once(tasks: Sequence[DesiredTask]) -> None:
    """A zone part's name is its campaign's taskName and a label: another campaign may bear
    that very name (lint's duplicate-task-name sees only the names written)."""
    files: dict[str, str] = {}
    for task in tasks:
        if task.task_name in files:
            other = files[task.task_name]
            raise BroadcastctlError(
                f"the task name {task.task_name!r} would be used by {other} and by {task.file} "
                "(a zone part of a campaign in local windows is named after its campaign and "
                "its zone); rename one of the campaigns"
            )
        files[task.task_name] = task.file


def _task(  # noqa: PLR0917 - one task, from all it rests on
    campaign: Campaign,
    audience: Audience | None,
    policy: Policy,
    now: dt.datetime,
    zone: dt.tzinfo,
    window_zone: WindowZone = WindowZone.VENDOR,
) -> DesiredTask:
    people = (
        people_of(campaign, audience, policy, now, zone, window_zone)
        if audience is not None
        else None
    )
    exceptions = tuple(exceptions_of(campaign).items())
    return replace(to_payload(campaign), people=people, exceptions=exceptions)


def _part(  # noqa: PLR0917 - one part, with all it is made from
    campaign: Campaign,
    audience: Audience,
    zone_part: ZonePart,
    policy: Policy,
    now: dt.datetime,
    zone: dt.tzinfo,
) -> DesiredTask:
    """One zone part as a campaign of its own: the part's numbers, its windows in vendor time,
    and its own name; judged for the plan's people view as any campaign is."""
    part, name = zone_part.part, str(campaign.data["taskName"])
    own = _with_windows(campaign, part.vendor, task_name=part_name(name, part.label))
    parent = campaign.data.get("recallOf")
    if isinstance(parent, str):  # a re-call's part calls again its parent's part of this label
        own = replace(own, data={**own.data, "recallOf": part_name(parent, part.label)})
    assert campaign.numbers is not None  # a split campaign has numbers
    own = replace(own, numbers=_subset(campaign.numbers, zone_part.indexes))
    assert own.numbers is not None
    task = _task(own, part_of(audience, own.numbers, zone_part.indexes), policy, now, zone)
    return replace(task, campaign=name, part=part)


def _with_windows(
    campaign: Campaign, windows: tuple[tuple[str, str], ...], task_name: str | None = None
) -> Campaign:
    """The campaign with `windows` as its allowSendTime in place of its localWindows."""
    data = {key: value for key, value in campaign.data.items() if key != "localWindows"}
    data["allowSendTime"] = [{"strTime": start, "endTime": end} for start, end in windows]
    if task_name is not None:
        data["taskName"] = task_name
    return replace(campaign, data=data)


def _subset(numbers: Numbers, indexes: Sequence[int]) -> Numbers:
    def pick(values: Sequence[Any]) -> list[Any]:
        return [values[index] for index in indexes]

    plain = bytes(numbers.plain[index] for index in indexes) if numbers.plain else b""
    return replace(
        numbers,
        values=pick(numbers.values),
        lines=pick(numbers.lines),
        columns=pick(numbers.columns),
        plain=plain,
    )


def call_limit(checked: Checked) -> CallLimit | None:
    """max_new_calls is per deploy: when campaigns of one deploy fall under several policy
    files, the smallest limit among them holds for the deploy's whole total."""
    limits = [
        CallLimit(policy.max_new_calls, policy.file)
        for policy in checked.policies.values()
        if policy.max_new_calls is not None and policy.file is not None
    ]
    return min(limits, key=lambda limit: (limit.limit, limit.policy), default=None)
