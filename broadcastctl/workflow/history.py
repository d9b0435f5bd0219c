"""What git history says of swapped numbers: a task's numbers cannot change, and a plan that
blocks such a change says how many numbers were added and removed since the commit the task
was deployed at, when git still holds that commit's campaign file (and its numberFile).

The old files are read through `broadcastctl.git`, put in a scratch folder in the places they
had, and read as lint reads campaigns, so that a number counts as the same one exactly when it
did for the digest. Counts are trusted only when the old numbers are the ones the state says
were sent (a deploy made from uncommitted edits sent others): else nothing is said. No number
is ever shown, only how many.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from broadcastctl import git
from broadcastctl.lint.campaigns import load_campaign
from broadcastctl.lint.yamlload import load_yaml
from broadcastctl.output.words import plural
from broadcastctl.plan.bodies import DesiredTask, unique_numbers
from broadcastctl.plan.model import Action, Change, Kind, Plan
from broadcastctl.state.entry import Entry


def with_history(
    plan: Plan, desired: Sequence[DesiredTask], sent: Mapping[str, Entry] | None
) -> Plan:
    """The plan, its blocked swaps of numbers saying how many were added and removed."""
    if not sent:
        return plan
    files = {task.task_name: task for task in desired}
    actions = tuple(_explained(action, files, sent) for action in plan.actions)
    return plan if actions == plan.actions else replace(plan, actions=actions)


def _explained(
    action: Action, files: Mapping[str, DesiredTask], sent: Mapping[str, Entry]
) -> Action:
    swap = next((c for c in action.changes if _is_swap(c)), None)
    entry = sent.get(action.task_name)
    task = files.get(action.task_name)
    if action.kind != Kind.BLOCKED or swap is None or task is None or entry is None:
        return action
    if entry.commit is None or entry.job_id != action.job_id:
        return action
    old = numbers_at(entry.commit, Path(task.file))
    if old is None or entry.same_numbers(old) is not True:
        return action
    now = set(task.body["numberList"])
    added, removed = len(now - set(old)), len(set(old) - now)
    if not added and not removed:
        return action
    said = (
        f"{swap.new}: {plural(added, 'number')} added and {removed:,} removed since commit "
        f"{entry.commit[:12]}, which it was deployed at"
    )
    changes = tuple(replace(c, new=said) if c is swap else c for c in action.changes)
    return replace(action, changes=changes)


def _is_swap(change: Change) -> bool:
    """The planner's change of numbers at the same count: known by digest only."""
    return change.field == "numberList" and isinstance(change.old, str)


def numbers_at(commit: str, file: Path) -> list[str] | None:
    """The numbers the campaign `file` called for at `commit`, as deploy sends them; None
    where git, the commit or the files cannot say."""
    campaign = git.file_at(commit, file)
    if campaign is None:
        return None
    with tempfile.TemporaryDirectory(prefix="broadcastctl-history-") as scratch:
        root = Path(scratch)
        (root / ".git").mkdir()  # the scratch folder is the repository its references stay in
        copy = root.joinpath(*file.absolute().parts[1:])  # where it was, below the scratch root
        copy.parent.mkdir(parents=True)
        copy.write_bytes(campaign)
        written = load_yaml(campaign, file.name).data
        number_file = written.get("numberFile") if isinstance(written, dict) else None
        if isinstance(number_file, str):
            place = Path(os.path.normpath(copy.parent / number_file))
            content = git.file_at(commit, file.parent / number_file)
            if content is None or not place.is_relative_to(root):
                return None
            place.parent.mkdir(parents=True, exist_ok=True)
            place.write_bytes(content)
        loaded = load_campaign(copy)
    if loaded.campaign is None or loaded.campaign.numbers is None:
        return None
    return unique_numbers(loaded.campaign)
