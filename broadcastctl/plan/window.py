"""The creation times a read of the remote tasks searches: plain data, shared by the planner's
reader, the deployer, the saved plan and the commands that only read (status, results)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# The window reaches past "now": the vendor's clock (or a sandbox clock moved forward) may be
# ahead of this machine's, and a task made a moment ago must still show.
FUTURE_MARGIN = dt.timedelta(days=30)


@dataclass(frozen=True)
class Window:
    """The creation times searched: the list call needs a range, and tasks outside it are unseen."""

    start: dt.datetime
    end: dt.datetime

    @classmethod
    def last_days(cls, days: int, now: dt.datetime) -> Window:
        return cls(now - dt.timedelta(days=days), now + FUTURE_MARGIN)
