"""How old a do-not-call list may be: judged on the last day a campaign may call with it, not
on the day lint runs, and never fresh for ever because of an export date in the future."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from broadcastctl.lint.campaigns import Campaign
from broadcastctl.lint.diagnostics import Diagnostic, error
from broadcastctl.policy.callingdays import last_calling_day
from broadcastctl.policy.dnclist import export_problem
from broadcastctl.policy.suppression import DoNotCall

STALE_SUPPRESSION_ID = "stale-suppression"  # declared in policy.rules
# The date somewhere on earth at a moment: a list exported today on the other side of the
# world is not in the future.
_EARLIEST_ZONE = dt.timezone(dt.timedelta(hours=14))


def latest_today(now: dt.datetime) -> dt.date:
    """The latest date anywhere at `now`; an export after it is in the future."""
    return now.astimezone(_EARLIEST_ZONE).date()


def age_on(listed: DoNotCall, day: dt.date) -> int | None:
    """The list's age in days on `day`; None when its date is unknown."""
    return None if listed.exported is None else (day - listed.exported).days


def too_old(listed: DoNotCall, day: dt.date, max_age_days: int) -> bool:
    """Whether the list is older than `max_age_days` on `day`."""
    age = age_on(listed, day)
    return age is not None and age > max_age_days


def date_problem(listed: DoNotCall, now: dt.datetime) -> str | None:
    """What is wrong with the list's `# exported:` date as written: not a date, or future."""
    return export_problem(listed.export_written, latest_today(now))


def stale_on_calling_days(
    campaign: Campaign,
    lists: tuple[DoNotCall, ...],
    max_age_days: int,
    now: dt.datetime,
    vendor: dt.tzinfo,
) -> Iterator[Diagnostic]:
    """Lists fresh enough today that will be too old by the campaign's last calling day (a
    list already too old today is the policy file's error, said once there)."""
    today = now.astimezone(vendor).date()
    last = last_calling_day(campaign, now, vendor)
    if last <= today:
        return
    for listed in lists:
        if date_problem(listed, now) or too_old(listed, today, max_age_days):
            continue
        if too_old(listed, last, max_age_days):
            where = campaign.positions.values.get("sendTime")
            yield error(
                campaign.file,
                where.at if where is not None else (1, 1),
                STALE_SUPPRESSION_ID,
                f"do-not-call list {listed.file} was {listed.dated_by} on {listed.exported}; "
                f"this campaign may call until {last}, when the list is {age_on(listed, last)} "
                f"days old, and the policy allows {max_age_days} days — export it again "
                "closer to the day it calls",
                "/sendTime",
            )
