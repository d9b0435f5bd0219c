"""The days a campaign may call on, as far as lint can tell from its file.

One function, so that every rule that depends on when a campaign calls (the freshness of
do-not-call lists, the calling hours) agrees on it, and a better estimate changes all at once.
"""

from __future__ import annotations

import datetime as dt

from broadcastctl.lint.campaigns import Campaign
from broadcastctl.policy.hours import run_day


def last_calling_day(campaign: Campaign, now: dt.datetime, vendor: dt.tzinfo) -> dt.date:
    """The last day (vendor time) on which the campaign may still place a call.

    For now the day it starts: its `sendTime`'s date, else today. A task of many numbers goes
    on calling on the following days at the vendor's pace; an estimate of those days belongs
    here, and every rule that asks this function then judges by it.
    """
    return run_day(campaign, now, vendor)
