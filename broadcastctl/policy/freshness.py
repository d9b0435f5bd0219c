"""How old a do-not-call list may be, and whether it is: one check for every list of a policy
file, judged on the last day a campaign below it calls (`localrules.calling_days`, gathered by
the lint pass), never on the day lint runs alone, and never fresh for ever because of an export
date in the future.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from broadcastctl.lint.diagnostics import Diagnostic, error
from broadcastctl.lint.registry import Context
from broadcastctl.policy.countries import builtin, country_rules
from broadcastctl.policy.dnclist import export_problem
from broadcastctl.policy.policyfile import Policy
from broadcastctl.policy.suppression import DoNotCall

STALE_SUPPRESSION_ID = "stale-suppression"  # declared in policy.rules
# The date somewhere on earth at a moment: a list exported today on the other side of the
# world is not in the future.
_EARLIEST_ZONE = dt.timezone(dt.timedelta(hours=14))


def stale_lists(
    policy: Policy, context: Context, last_day: dt.date | None = None
) -> Iterator[Diagnostic]:
    """A do-not-call list older than allowed on the last day a campaign below calls (today at
    the earliest), by its export or its last commit: its own `max_age_days`, else its
    registry's period, else the policy's `suppression_max_age_days`. An export date that is
    no date, or one in the future, is an error too.

    A rule of the policy file, checked once for all the campaigns below it.
    """
    if policy.file is None:
        return
    today = context.now.astimezone(context.vendor_timezone).date()
    day = max(today, last_day or today)
    for listed in policy.suppression:
        problem = _problem(listed, policy, context.now, today, day)
        if problem is not None:
            pointer = f"/suppression/{listed.index}"
            yield error(policy.file, listed.named_at, STALE_SUPPRESSION_ID, problem, pointer)


def _problem(
    listed: DoNotCall, policy: Policy, now: dt.datetime, today: dt.date, day: dt.date
) -> str | None:
    wrong_date = date_problem(listed, now)
    if wrong_date is not None:
        return (
            f"do-not-call list {listed.file}: {wrong_date}; date it by the day it was "
            "exported, or leave the line out and commit it"
        )
    if listed.exported is None:
        return (
            f"the age of do-not-call list {listed.file} is unknown: give it a first line "
            "`# exported: YYYY-MM-DD`, or commit it"
        )
    age = (day - listed.exported).days
    allowed, why = list_max_age(listed, policy)
    if age <= allowed:
        return None
    when = "today" if day == today else f"{day}, the last day a campaign here calls"
    return (
        f"do-not-call list {listed.file} was {listed.dated_by} on {listed.exported}, "
        f"{age} days before {when}; {why} allows {allowed} days — export it again "
        "before calling"
    )


def list_max_age(listed: DoNotCall, policy: Policy) -> tuple[int, str]:
    """How old a list may be, and who says so."""
    if listed.max_age_days is not None:
        return listed.max_age_days, "its own max_age_days"
    registry = builtin().registries.get(listed.registry or "")
    if registry is None:
        return policy.max_age_days, "the policy"
    rules = country_rules(registry.country, policy.calling_rules)
    own = rules.registry
    found = own if own is not None and own.id == registry.id else registry
    return found.max_age_days, f"{found.name} ({found.origin.short()})"


def latest_today(now: dt.datetime) -> dt.date:
    """The latest date anywhere at `now`; an export after it is in the future."""
    return now.astimezone(_EARLIEST_ZONE).date()


def date_problem(listed: DoNotCall, now: dt.datetime) -> str | None:
    """What is wrong with the list's `# exported:` date as written: not a date, or future."""
    return export_problem(listed.export_written, latest_today(now))
