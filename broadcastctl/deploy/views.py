"""What deploy says: the plan's header, one line per result as it comes, the summary, and the
JSON document of `deploy --format json`. Pure: strings and plain data, printed by the command."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from broadcastctl.deploy.deployer import Outcome, Result
from broadcastctl.errors import BroadcastctlError
from broadcastctl.output.style import Style
from broadcastctl.output.words import plural
from broadcastctl.plan.model import Plan, counts
from broadcastctl.plan.views import view_text
from broadcastctl.privacy import mask_numbers_in
from broadcastctl.visible import visible

RESULT_FORMAT_VERSION = "1"
GATED = "not sent: the volume gate refused the deploy (see the error below)"
_COLOURS = {Result.CREATED: "32", Result.UPDATED: "33", Result.CANCELLED: "35"}


def header(plan: Plan, checked: int, warnings: int, target: str, style: Style) -> str:
    """The lint's outcome, the target and the plan, before anything is sent."""
    return (
        f"Lint: {plural(checked, 'file')} checked, no errors, {plural(warnings, 'warning')}.\n"
        f"Target: {target}\n" + view_text(plan, style)
    )


def question(plan: Plan, cancels: int = 0, sandbox: bool = False) -> str:
    total = counts(plan)
    cancelling = f", cancel {plural(cancels, 'orphaned task')}" if cancels else ""
    where = " on the sandbox (no phone rings)" if sandbox else ""
    return (
        f"\nApply {plural(total['create'], 'create')} and {plural(total['update'], 'update')}"
        f"{cancelling}, placing {plural(total['calls'], 'new call')}{where}? "
        "Only 'yes' is accepted: "
    )


def no_terminal(sandbox: bool) -> str:
    """Why deploy will not ask, and what to pass instead."""
    if sandbox:
        return (
            "deploy asks before applying, even to the sandbox (which places no calls), and "
            "there is no terminal to confirm on; pass --yes to apply the plan shown above"
        )
    return (
        "deploy places real calls and there is no terminal to confirm on; "
        "pass --yes to apply the plan shown above"
    )


def progress_line(outcome: Outcome, done: int, total: int, style: Style) -> str:
    """`[ 3/12] created   name (task 5000001; voice file ...): message`"""
    result = style.paint(f"{outcome.result.value:<9}", _COLOURS.get(outcome.result, "1;31"))
    details = [f"task {outcome.job_id}"] if outcome.job_id else []
    details += filter(None, [_voice_file(outcome)])
    task = f" ({'; '.join(details)})" if details else ""
    message = f": {outcome.message}" if outcome.message else ""
    counter = f"[{done:>{len(str(total))}}/{total}]"
    # The message may quote the vendor: nothing in the line may drive the terminal.
    return f"{counter} {result} {visible(f'{outcome.action.task_name}{task}{message}')}"


def left_alone(left: int, prune: bool) -> str:
    """Orphans deploy does not cancel, said so every time: they still call people."""
    if not left:
        return ""
    why = "not waiting or calling" if prune else "pass --prune to cancel them"
    were = "was" if left == 1 else "were"
    return f"{plural(left, 'orphaned task')} {were} left alone ({why}).\n"


def adopted(names: Sequence[str]) -> str:
    return (
        f"Adopted {plural(len(names), 'task')} that broadcastctl did not create into the state "
        f"({', '.join(names[:5])}{', ...' if len(names) > 5 else ''}): their numbers "
        "and the fields the API does not return are unknown until they are sent again."
    )


def snapshot_not_kept(error: Exception) -> str:
    return (
        f"The state keeps what was sent, but not a new snapshot of the remote tasks ({error}); "
        "the next plan reads them from the API."
    )


def summary(outcomes: Sequence[Outcome]) -> str:
    tally = {result: sum(o.result is result for o in outcomes) for result in Result}
    shown = ", ".join(f"{count} {result.value}" for result, count in tally.items() if count)
    stopped = next((o.message for o in outcomes if o.unreachable), None)
    if stopped is None:
        return f"Deploy: {shown or 'nothing done'}."
    return (
        f"Deploy: {shown}; stopped, the API is not answering ({stopped}). The state records "
        "what was sent: deploy again once the API answers."
    )


def error_text(error: Exception | None) -> str | None:
    """An error as the JSON document carries it: the line the user reads on stderr."""
    if error is None:
        return None
    if isinstance(error, BroadcastctlError):
        return str(error)
    return f"unexpected error: {type(error).__name__}: {error}"


def result_document(outcomes: Sequence[Outcome], error: str | None = None) -> dict[str, Any]:
    """deploy --format json: one entry per task, in the order the results came, and the error
    that stopped the deploy (null when none did)."""
    tally = {result.value: sum(o.result is result for o in outcomes) for result in Result}
    return {
        "format_version": RESULT_FORMAT_VERSION,
        "error": error,
        "summary": tally,
        "tasks": [
            {
                "name": o.action.task_name,
                "id": o.job_id,
                "result": o.result.value,
                "message": o.message,
                "voice_file": _voice_file_entry(o),
            }
            for o in outcomes
        ],
    }


def _voice_file_entry(outcome: Outcome) -> dict[str, Any] | None:
    upload = outcome.action.upload
    if upload is None or outcome.voice_file_id is None:
        return None
    return {
        "name": upload.file_name,
        "id": vendor_id(outcome.voice_file_id),
        "uploaded": outcome.voice_file_uploaded,
    }


def vendor_id(text: str) -> str:
    """An id the vendor chose, as shown: it may echo anything, a phone number included (the
    state keeps it whole)."""
    return visible(mask_numbers_in(text))


def _voice_file(outcome: Outcome) -> str:
    """What became of the task's voice file: uploaded now, or found at the vendor."""
    entry = _voice_file_entry(outcome)
    if entry is None:
        return ""
    how = "uploaded" if entry["uploaded"] else "already uploaded"
    return f"voice file {entry['name']} {how}, id {entry['id']}"


def settled(names: Sequence[str]) -> str:
    """Creates a run cut short had sent, found at the vendor and now recorded."""
    return (
        f"Recorded {plural(len(names), 'task')} that an earlier deploy created before it was cut "
        f"short, with what it sent ({', '.join(names)})."
    )
