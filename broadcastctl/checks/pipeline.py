"""The lint pass as one function: load every file, validate it, run every registered rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from broadcastctl.batch import collector_paused
from broadcastctl.checks import registry
from broadcastctl.checks.halves import in_two
from broadcastctl.lint.campaigns import Campaign, Loaded, load_campaign, one_pass
from broadcastctl.lint.diagnostics import Diagnostic, in_order
from broadcastctl.lint.registry import CampaignRule, Context, CrossFileRule, Registry
from broadcastctl.lint.schema_check import validate
from broadcastctl.policy.audience import Audience, audience_of
from broadcastctl.policy.localrules import Calling, calling_days
from broadcastctl.policy.policyfile import LoadedPolicy, Policy, find_policy, load_policy
from broadcastctl.policy.rules import CallingRule, PolicyFileRule, PolicyRule, check_policy
from broadcastctl.windowzone import WindowZone


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


def check_files(
    files: Sequence[Path],
    now: dt.datetime,
    vendor_timezone: dt.tzinfo,
    window_zone: WindowZone = WindowZone.VENDOR,
) -> Checked:
    with one_pass(files), collector_paused():
        return _check_files(files, Context(now, vendor_timezone, window_zone))


def _check_files(files: Sequence[Path], context: Context) -> Checked:
    rules = _ByKind.of(registry.load())  # before any file is checked: what is listed runs
    campaigns: list[Campaign] = []
    diagnostics: list[Diagnostic] = []
    readers: dict[Diagnostic, list[str]] = {}  # a numbers file's problems, by who reads it
    read: set[str | None] = set()
    policies: dict[str, Policy] = {}
    audiences: dict[str, Audience] = {}
    # each file's policy, loaded here first: a forked process finds them loaded
    governing = [load_policy(find_policy(path)) for path in files]

    def check(part: Sequence[Path]) -> list[_OneFile]:
        return [_check_one(path, context, rules) for path in part]

    checked = in_two(files, check) if len(files) >= PARALLEL_FROM else check(files)
    callings = _callings(governing, checked, context)
    last_days = _last_days(callings)
    for policy, (loaded, audience, found) in zip(governing, checked, strict=True):
        if policy.policy.file not in read:  # the policy file's own problems, once
            read.add(policy.policy.file)
            last_day = last_days.get(policy.policy.file)
            diagnostics += policy.diagnostics
            diagnostics += _per_policy_file(rules, policy.policy, context, last_day)
        if loaded.campaign is not None:
            campaigns.append(loaded.campaign)
            policies[loaded.campaign.file] = policy.policy
            if audience is not None:
                audiences[loaded.campaign.file] = audience
        diagnostics += _sort_out(found, loaded.campaign, readers)
    diagnostics += _together(rules, campaigns, context) + _with_readers(readers)
    diagnostics += [d for rule in rules.calling for d in rule.check(callings)]
    diagnostics = sorted(set(diagnostics), key=in_order)
    return Checked(len(files), campaigns, diagnostics, policies, audiences)


_OneFile = tuple[Loaded, Audience | None, list[Diagnostic]]


@dataclass(frozen=True)
class _ByKind:
    """The registry's rules by what they run on, sorted out once a pass, not once a file."""

    campaign: list[CampaignRule]
    policy: list[PolicyRule]
    together: list[CrossFileRule]
    policy_file: list[PolicyFileRule]
    calling: list[CallingRule]

    @classmethod
    def of(cls, rules: Registry) -> _ByKind:
        return cls(
            rules.of(CampaignRule),
            rules.of(PolicyRule),
            rules.of(CrossFileRule),
            rules.of(PolicyFileRule),
            rules.of(CallingRule),
        )


def _check_one(path: Path, context: Context, rules: _ByKind) -> _OneFile:
    """One file read and checked on its own: what loaded, its audience, its diagnostics."""
    policy = load_policy(find_policy(path))
    loaded = load_campaign(path)
    found = list(loaded.diagnostics)
    audience = None
    if loaded.campaign is not None:
        campaign = loaded.campaign
        audience = audience_of(campaign.numbers) if campaign.numbers is not None else None
        schema = validate(campaign)
        ruled = [d for rule in rules.campaign for d in rule.check(campaign, context)]
        ruled += check_policy(campaign, policy.policy, context, audience, rules.policy)
        found += schema + _not_repeated(ruled, schema)
    return loaded, audience, found


def _together(rules: _ByKind, campaigns: list[Campaign], context: Context) -> list[Diagnostic]:
    """The rules across files: every campaign of the pass at once."""
    return [d for rule in rules.together for d in rule.check(campaigns, context)]


def _per_policy_file(
    rules: _ByKind, policy: Policy, context: Context, last_day: dt.date | None
) -> list[Diagnostic]:
    """The rules of a policy file itself, said once for all the campaigns below it."""
    return [d for rule in rules.policy_file for d in rule.check(policy, context, last_day)]


def _callings(
    governing: list[LoadedPolicy], checked: list[_OneFile], context: Context
) -> list[Calling]:
    """Each campaign with numbers: its policy and the days it calls (for the rules across
    campaigns about the people called, and how fresh each do-not-call list must be)."""
    vendor = context.vendor_timezone
    found = []
    for policy, (loaded, audience, _) in zip(governing, checked, strict=True):
        if loaded.campaign is None or audience is None:
            continue
        count = len(audience.numbers.values)
        days = calling_days(loaded.campaign, count, policy.policy, context.now, vendor)
        # a task calls each number once: on its first day, as far as frequency counts
        found.append(Calling(loaded.campaign, audience, policy.policy, (days[0],), days[-1]))
    return found


def _last_days(callings: list[Calling]) -> dict[str | None, dt.date]:
    """The last day a campaign calls, by the policy file over it."""
    last: dict[str | None, dt.date] = {}
    for calling in callings:
        file, day = calling.policy.file, calling.last_day
        last[file] = max(day, last.get(file, day))
    return last


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
