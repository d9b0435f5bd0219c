"""Zone parts of a campaign in local windows, as every view shows them: the campaign once, then
each part with its zones, its numbers and its windows in local and in vendor time."""

from __future__ import annotations

from collections.abc import Sequence

from broadcastctl.localwindows import Clock
from broadcastctl.output.words import plural
from broadcastctl.plan.model import Action
from broadcastctl.visible import visible


def windows_text(windows: Sequence[Clock]) -> str:
    return ", ".join(f"{start}-{end}" for start, end in windows)


def campaign_line(campaign: str, actions: Sequence[Action]) -> str:
    """The campaign the parts below belong to, with their totals (over every part the plan
    knows, shown or folded)."""
    parts = [action for action in actions if action.campaign == campaign]
    file = next((action.file for action in parts if action.file), None)
    numbers = sum(action.numbers for action in parts)
    local = next((action.part.local for action in parts if action.part is not None), ())
    where = f" ({file})" if file else ""
    windows = f"; localWindows {windows_text(local)} in each callee's time" if local else ""
    return (
        f"campaign '{visible(campaign)}'{where}: {plural(len(parts), 'zone part')}, "
        f"{plural(numbers, 'number')}{windows}"
    )


def part_lines(action: Action) -> list[str]:
    """Which part the action is: its zones and windows, and what a clock change costs it."""
    part = action.part
    if part is None:
        if action.campaign is None:
            return []
        return [f"a zone part of campaign '{visible(action.campaign)}'"]
    lines = [
        f"part {part.label} of '{visible(action.campaign or '')}': {', '.join(part.zones)}; "
        f"{windows_text(part.local)} local = {windows_text(part.vendor)} vendor time"
    ]
    if part.narrowed:
        lines.append(part.narrowed)
    return lines
