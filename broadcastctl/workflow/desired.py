"""What the files ask for: the campaigns linted as of a given time, and, when the lint found no
error, their request bodies with who they call, and which changed since a git revision.

Pure apart from reading the files: it prints nothing and reads no clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from broadcastctl.checks.pipeline import Checked, check_files
from broadcastctl.checks.reporters import Report
from broadcastctl.git import changed_since as changed_since_files
from broadcastctl.lint.campaigns import Campaign, find_campaign_files
from broadcastctl.plan.bodies import DesiredTask, to_payload
from broadcastctl.plan.model import CallLimit
from broadcastctl.policy.people import people_of
from broadcastctl.policy.rules import exceptions_of


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
