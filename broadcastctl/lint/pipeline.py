"""The lint pipeline as one function: load every file, validate it, apply the rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from broadcastctl.lint.campaigns import Campaign, load_campaign, one_pass
from broadcastctl.lint.diagnostics import Diagnostic, in_order
from broadcastctl.lint.rules import Context, check_campaign, check_together
from broadcastctl.lint.schema_check import validate
from broadcastctl.policy.audience import Audience, audience_of
from broadcastctl.policy.policyfile import Policy, find_policy, load_policy
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


def check_files(files: Sequence[Path], now: dt.datetime, vendor_timezone: dt.tzinfo) -> Checked:
    with one_pass():
        return _check_files(files, now, vendor_timezone)


def _check_files(files: Sequence[Path], now: dt.datetime, vendor_timezone: dt.tzinfo) -> Checked:
    context = Context(now, vendor_timezone)
    campaigns: list[Campaign] = []
    diagnostics: list[Diagnostic] = []
    readers: dict[Diagnostic, list[str]] = {}  # a numbers file's problems, by who reads it
    read: set[str | None] = set()
    policies: dict[str, Policy] = {}
    audiences: dict[str, Audience] = {}
    for path in files:
        policy = load_policy(find_policy(path))
        if policy.policy.file not in read:  # the policy file's own problems, once
            read.add(policy.policy.file)
            diagnostics += policy.diagnostics + list(stale_lists(policy.policy, context))
        loaded = load_campaign(path)
        found = list(loaded.diagnostics)
        if loaded.campaign is not None:
            campaign = loaded.campaign
            campaigns.append(campaign)
            policies[campaign.file] = policy.policy
            audience = audience_of(campaign.numbers) if campaign.numbers is not None else None
            if audience is not None:
                audiences[campaign.file] = audience
            schema = validate(campaign)
            ruled = check_campaign(campaign, context)
            ruled += check_policy(campaign, policy.policy, context, audience)
            found += schema + _not_repeated(ruled, schema)
        diagnostics += _sort_out(found, loaded.campaign, readers)
    diagnostics += check_together(campaigns) + _with_readers(readers)
    diagnostics = sorted(set(diagnostics), key=in_order)
    return Checked(len(files), campaigns, diagnostics, policies, audiences)


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
