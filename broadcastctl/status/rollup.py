"""A campaign sent in zone parts (`localWindows`), read as one: its parts' statuses, progress
and calling windows rolled up. Pure, over the list call's rows."""

from __future__ import annotations

from collections.abc import Sequence

from broadcastctl.api.records import TaskSummary

# The statuses in the order a campaign takes the first any part has: calling while any part
# calls, else the least advanced, and completed only once every part completed.
ROLLED_ORDER = (1, 0, 6, 5, 3, 4, 2)  # calling, waiting, submitting, suspended, failed, cancelled
DAY_MINUTES = 24 * 60


def rolled_status(statuses: Sequence[int]) -> int:
    """The campaign's status from its parts' (at least one); a status the vendor's table does
    not name comes first: nothing is known of how far it is."""
    unknown = [status for status in statuses if status not in ROLLED_ORDER]
    if unknown:
        return min(unknown)
    return min(statuses, key=ROLLED_ORDER.index)


def rolled_rate(tasks: Sequence[TaskSummary]) -> str:
    """The parts' progress rates weighed by their numbers, as the vendor writes one ("66.67");
    "-" when a part's rate is not a number."""
    total = sum(task.number_count for task in tasks)
    try:
        weighed = sum(float(task.rate) * task.number_count for task in tasks)
    except ValueError:
        return "-"
    rate = weighed / total if total else 0.0
    return f"{rate:.2f}".rstrip("0").rstrip(".")


def soonest(openings: Sequence[str], minute: int) -> str | None:
    """The opening (HH:mm) that comes first after `minute` of the day; None without one."""
    if not openings:
        return None
    return min(openings, key=lambda opens: (_minutes(opens) - minute) % DAY_MINUTES)


def _minutes(clock: str) -> int:
    return int(clock[:2]) * 60 + int(clock[3:])
