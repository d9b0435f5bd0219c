"""The lint pipeline as one function: load every file, validate it, apply the rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from broadcastctl.batch import collector_paused
from broadcastctl.lint.campaigns import Campaign, Loaded, load_campaign, one_pass
from broadcastctl.lint.diagnostics import Diagnostic, in_order
from broadcastctl.lint.halves import in_two
from broadcastctl.lint.rules import Context, check_campaign, check_together
from broadcastctl.lint.schema_check import validate
from broadcastctl.policy.audience import Audience, audience_of
from broadcastctl.policy.frequency import Calling, check_frequency
from broadcastctl.policy.localrules import calling_days
from broadcastctl.policy.policyfile import LoadedPolicy, Policy, find_policy, load_policy
from broadcastctl.policy.rules import check_policy, stale_lists


@dataclass(frozen=True)
class Checked:
    """Campaigns that loaded (valid or not) and every diagnostic, sorted by file and line."""

    files: int
    campaigns: list[Campaign]
    diagnostics: list[Diagnostic]
    # by campaign file: the policy over it, and its numbers' countries and zones (for the plan)
    policies: dict[str, Policy] = field(default_factory=dict)
    audiences: dict[str, Audience] = field(default_factory=dict)


# From this many files, half of them are checked in a forked process (`halves`): about 0.3 ms
# of CPU a campaign, so 1,000 of them take 0.3 s on two cores instead of 0.6 s on one. Below
# it, the fork and the results' trip back cost more than they save.
PARALLEL_FROM = 200


def check_files(files: Sequence[Path], now: dt.datetime, vendor_timezone: dt.tzinfo) -> Checked:
    with one_pass(), collector_paused():
        return _check_files(files, now, vendor_timezone)


def _check_files(files: Sequence[Path], now: dt.datetime, vendor_timezone: dt.tzinfo) -> Checked:
    context = Context(now, vendor_timezone)
    campaigns: list[Campaign] = []
    diagnostics: list[Diagnostic] = []
    readers: dict[Diagnostic, list[str]] = {}  # a numbers file's problems, by who reads it
    read: set[str | None] = set()
    policies: dict[str, Policy] = {}
    audiences: dict[str, Audience] = {}
    # each file's policy, loaded here first: a forked process finds them loaded
    governing = [load_policy(find_policy(path)) for path in files]

    def check(part: Sequence[Path]) -> list[_OneFile]:
        return [_check_one(path, context) for path in part]

    checked = in_two(files, check) if len(files) >= PARALLEL_FROM else check(files)
    callings = _callings(governing, checked, context)
    last_days = _last_days(callings)
    for policy, (loaded, audience, found) in zip(governing, checked, strict=True):
        if policy.policy.file not in read:  # the policy file's own problems, once
            read.add(policy.policy.file)
            last_day = last_days.get(policy.policy.file)
            diagnostics += policy.diagnostics + list(stale_lists(policy.policy, context, last_day))
        if loaded.campaign is not None:
            campaigns.append(loaded.campaign)
            policies[loaded.campaign.file] = policy.policy
            if audience is not None:
                audiences[loaded.campaign.file] = audience
        diagnostics += _sort_out(found, loaded.campaign, readers)
    diagnostics += check_together(campaigns) + _with_readers(readers) + check_frequency(callings)
    diagnostics = sorted(set(diagnostics), key=in_order)
    return Checked(len(files), campaigns, diagnostics, policies, audiences)


_OneFile = tuple[Loaded, Audience | None, list[Diagnostic]]


def _callings(
    governing: list[LoadedPolicy], checked: list[_OneFile], context: Context
) -> list[Calling]:
    """Each campaign with numbers: its policy and the days it calls (for the rules across
    campaigns: how often one person is called, how fresh each do-not-call list is)."""
    vendor = context.vendor_timezone
    return [
        Calling(
            loaded.campaign,
            audience,
            policy.policy,
            tuple(calling_days(loaded.campaign, context.now, vendor)),
        )
        for policy, (loaded, audience, _) in zip(governing, checked, strict=True)
        if loaded.campaign is not None and audience is not None
    ]


def _last_days(callings: list[Calling]) -> dict[str | None, dt.date]:
    """The last day a campaign calls, by the policy file over it."""
    last: dict[str | None, dt.date] = {}
    for calling in callings:
        for day in calling.days:
            file = calling.policy.file
            last[file] = max(day, last.get(file, day))
    return last


def _check_one(path: Path, context: Context) -> _OneFile:
    """One file read and checked on its own: what loaded, its audience, its diagnostics."""
    policy = load_policy(find_policy(path))
    loaded = load_campaign(path)
    found = list(loaded.diagnostics)
    audience = None
    if loaded.campaign is not None:
        campaign = loaded.campaign
        audience = audience_of(campaign.numbers) if campaign.numbers is not None else None
        schema = validate(campaign)
        ruled = check_campaign(campaign, context)
        ruled += check_policy(campaign, policy.policy, context, audience)
        found += schema + _not_repeated(ruled, schema)
    return loaded, audience, found


def _sort_out(
    found: list[Diagnostic], campaign: Campaign | None, readers: dict[Diagnostic, list[str]]
) -> list[Diagnostic]:
    """The campaign's own diagnostics; those in a file it reads (its numberFile) go to
    `readers`, to be said once, naming every campaign that reads the file."""
    if campaign is None:
        return found
    own = []
    for diagnostic in found:
        if diagnostic.file == campaign.file:
            own.append(diagnostic)
        else:
            readers.setdefault(diagnostic, []).append(campaign.file)
    return own


def _with_readers(readers: dict[Diagnostic, list[str]]) -> list[Diagnostic]:
    return [
        replace(diagnostic, message=f"{diagnostic.message} (read by {', '.join(files)})")
        for diagnostic, files in readers.items()
    ]


def _not_repeated(ruled: list[Diagnostic], schema: list[Diagnostic]) -> list[Diagnostic]:
    """One mistake, one diagnostic: a value the schema already refused is not judged again by a
    rule (a sendTime in the wrong format is not also "not a date on the calendar")."""
    refused = {(d.file, d.pointer) for d in schema if d.pointer}
    return [d for d in ruled if (d.file, d.pointer) not in refused]
