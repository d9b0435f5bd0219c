"""What refresh says: how many remote tasks it read into the snapshot, and each task no longer
as broadcastctl left it (`drift`). Pure: a string for the command to print."""

from __future__ import annotations

from collections.abc import Sequence

from broadcastctl.output.style import Style
from broadcastctl.output.words import plural
from broadcastctl.plan.drift import Drift


def drift_report(drift: Sequence[Drift], read: int, target: str, style: Style) -> str:
    lines = [f"Refreshed the snapshot from {target}: {plural(read, 'remote task')} read."]
    lines += [
        style.paint(f"! drift    {item.task_name} (task {item.job_id}): {item.what}", "1;31")
        for item in drift
    ]
    lines.append(
        f"Drift: {plural(len(drift), 'task')} no longer as broadcastctl left "
        f"{'it' if len(drift) == 1 else 'them'}."
        if drift
        else "No drift: every task broadcastctl made shows what was sent."
    )
    lines.append(UNSEEN)
    return "\n".join(lines) + "\n"


# Said on every refresh: what it cannot see, so "no drift" is not read as more than it is.
UNSEEN = (
    "Only what the vendor shows is compared: a console edit of what it does not show (the "
    "numbers at the same count, smsContent, allowSendTime and the other fields plan lists as "
    "compared with the record of what was sent) cannot be seen."
)
