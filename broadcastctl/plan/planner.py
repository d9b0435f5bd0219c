"""Desired tasks (from the files) against remote tasks (from the API) -> a Plan of actions.

A pure function of its inputs: the same files and the same remote state give the same plan,
which is what lets `deploy --plan` prove that nothing moved since the plan was reviewed.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from broadcastctl.output.words import plural
from broadcastctl.plan.bodies import DesiredTask, Recall, is_pending, sent_value
from broadcastctl.plan.model import Action, Change, Kind, Plan, UploadStep
from broadcastctl.state.entry import CREATE, UPDATE, Entry, Intent, audio_digest
from broadcastctl.state.snapshot import RemoteTask
from broadcastctl.vendorfields import (
    CANCELLED,
    COMPLETED,
    FIXED_AFTER_CREATE,
    MIRRORED_FIELDS,
    RESEND_TYPES,
    TASK_STATUSES,
    WAITING,
    is_on,
)

# Statuses of a task that has calls still to place: an orphan in one of them still calls people.
STILL_CALLING = frozenset({0, 1, 5, 6})


def make_plan(
    desired: Sequence[DesiredTask],
    remote: Sequence[RemoteTask],
    resend: Collection[str] = (),
    sent: Mapping[str, Entry] | None = None,
    elsewhere: Collection[str] = (),
    *,
    intents: Mapping[str, Intent] | None = None,
    early: Comparisons | None = None,
) -> Plan:
    """`resend` names campaigns whose files changed: what the API cannot show is sent again,
    unless `sent` (the state's entries by task name; None without a state) knows it.
    `elsewhere` names entries whose files exist but were not given: not orphans, left out.
    `intents` are the state's requests sent but not settled (a run cut short). `early` holds
    comparisons made while the tasks were read; one is taken only where its inputs are these."""
    by_name: dict[str, list[RemoteTask]] = defaultdict(list)
    for task in remote:
        by_name[task.task_name].append(task)
    records = sent or {}
    wanted = {task.task_name for task in desired}
    pending = intents or {}
    actions = [
        _with_extras(recall_action(
            task, by_name, task.task_name in resend,
            entry=records.get(task.task_name), intent=pending.get(task.task_name),
        ) if task.recall else _action(
            task, by_name.get(task.task_name, []), task.task_name in resend,
            entry=records.get(task.task_name), intent=pending.get(task.task_name),
            with_state=sent is not None, early=early,
        ), task)
        for task in desired
    ]  # fmt: skip
    managed = {entry.job_id: entry for entry in records.values()}
    others = sorted(
        (
            task
            for task in remote
            if task.task_name not in wanted
            and not (task.job_id in managed and managed[task.job_id].task_name in elsewhere)
        ),
        key=lambda t: (t.task_name, t.job_id),
    )
    creating = {a.task_name for a in actions if a.kind is Kind.CREATE}
    created = [task for task in desired if task.task_name in creating]
    calling = [t for t in others if t.job_id in managed and t.status in STILL_CALLING]
    successors = _successors([managed[task.job_id] for task in calling], created)
    orphans = [_orphan(task, managed[task.job_id], successors.get(task.job_id)) for task in calling]
    unmanaged = [_unmanaged(task) for task in others if task.job_id not in managed]
    return Plan(
        tuple(orphans + actions + unmanaged),
        campaigns_fingerprint(desired),
        remote_fingerprint(desired, remote, managed),
        sent is not None,
    )


def recall_action(
    desired: DesiredTask,
    by_name: Mapping[str, list[RemoteTask]],
    resend: bool = False,
    *,
    entry: Entry | None = None,
    intent: Intent | None = None,
) -> Action:
    """A re-call: created once through the resend call while no task bears its name, calling
    up to the parent's failed count (or its number count for everyone); its parent must be a
    single finished task. A re-call that exists is compared like any task (`existing_recall`),
    but for its numbers, which the vendor took from the parent."""
    assert desired.recall is not None
    recall, name = desired.recall, desired.task_name
    base = Action(
        kind=Kind.NOOP, task_name=name, file=desired.file, loop_count=desired.loop_count,
        people=desired.people, exceptions=desired.exceptions, recall_of=recall.parent,
    )  # fmt: skip
    own = [task for task in by_name.get(name, []) if task.status != CANCELLED] or by_name.get(
        name, []
    )
    parents = by_name.get(recall.parent, [])
    if len(own) == 1:
        found = recorded(entry, intent, own[0])
        return existing_recall(desired, own[0], parents, resend, found)
    if own:
        reason = f"the vendor lists {len(own)} tasks named {name!r}; cancel the extra ones"
        return replace(base, kind=Kind.BLOCKED, reason=reason)
    if len(parents) != 1:
        found_text = "no task" if not parents else f"{len(parents)} tasks"
        reason = (
            f"it re-calls {recall.parent!r}, but the vendor lists {found_text} of that name in "
            "the searched window; check recallOf, or search further back with --since-days"
        )
        return replace(base, kind=Kind.BLOCKED, reason=reason + _parts_of(recall.parent, by_name))
    parent = parents[0]
    if parent.status not in (COMPLETED, CANCELLED):
        state = TASK_STATUSES.get(parent.status, f"in status {parent.status}")
        reason = (
            f"its parent {recall.parent!r} (task {parent.job_id}) is {state}: broadcastctl "
            "re-calls only a finished task (one still calling would ring its numbers twice, "
            "and its failed numbers are not all known yet); deploy again once it has completed"
        )
        return replace(base, kind=Kind.BLOCKED, reason=reason, parent_job_id=parent.job_id)
    numbers, note = recall_count(recall, parent)
    if numbers == 0 and parent.failed == 0 and recall.failed_only:
        reason = (
            f"nothing to call again: its parent {recall.parent!r} (task {parent.job_id}) has no "
            "failed number, as the vendor's list counts them, and the vendor refuses a re-call "
            "that would call no one"
        )  # a zone part of a re-call in local windows often has none: it is no error
        return replace(base, numbers=0, parent_job_id=parent.job_id, reason=reason)
    return replace(
        base, kind=Kind.CREATE, numbers=numbers, parent_job_id=parent.job_id, reason=note
    )


def _parts_of(parent: str, by_name: Mapping[str, list[RemoteTask]]) -> str:
    """What to say when the tasks listed look like the zone parts of a campaign of that name
    (sent in local windows): none bears the campaign's own name."""
    parts = sorted(name for name in by_name if name.startswith(f"{parent} UTC"))
    if not parts:
        return ""
    shown = ", ".join(repr(name) for name in parts[:3]) + (", ..." if len(parts) > 3 else "")
    return (
        f". The vendor lists {plural(len(parts), 'task')} named like the zone parts of a "
        f"campaign {parent!r} sent in local windows ({shown}): such a campaign is re-called "
        "part by part, by a re-call in local windows (localWindows) linted with the campaign's "
        "file, or one part by its task name"
    )


def recall_count(recall: Recall, parent: RemoteTask) -> tuple[int, str]:
    """How many numbers a re-call of `parent` (completed, or cancelled) may call, and a note
    when that is only an upper bound: the parent's number count stands in for a failed count
    this plan cannot know (a snapshot or list row without it, or a cancelled parent, whose
    numbers never dialled may count as failed too)."""
    bound = f"counted as all {plural(parent.number_count, 'number')} of the parent, an upper bound"
    if parent.status == CANCELLED:
        return parent.number_count, (
            f"its parent {recall.parent!r} (task {parent.job_id}) was cancelled: the vendor's "
            "pages do not say whether a cancelled task can be re-called (if not, deploy fails "
            "and says so, and nothing is created), nor which of its numbers count as failed; "
            + bound
        )
    if not recall.failed_only:
        return parent.number_count, ""
    if parent.failed is not None:
        return parent.failed, ""
    return parent.number_count, (
        f"the failed count of {recall.parent!r} is not known here (the snapshot this plan was "
        f"made from does not hold it): {bound}; plan without --offline for the count"
    )


# What a re-call's record holds beside its body: the resend call's keyId and resendType, and
# the parent's name (deploy/deployer.py `recall_keys`). Not fields of the task.
RECALL_RECORD = ("keyId", "resendType", "recallOf")


def existing_recall(
    desired: DesiredTask,
    remote: RemoteTask,
    parents: Sequence[RemoteTask],
    resend: bool,
    entry: Entry | None,
) -> Action:
    """A re-call that exists, compared as `compare` compares any task: the fields the vendor
    shows, and with the state's record, the fields it does not show and which parent and
    numbers the resend call asked for. A message changed while it waits is an update; once it
    calls, or with another parent or recallNumbers, it is blocked with the way out. Its
    numbers are not compared: the vendor took them from the parent."""
    assert desired.recall is not None
    recall = desired.recall
    if entry is not None and entry.job_id != remote.job_id:
        entry = None  # the state speaks of another task of this name (one made elsewhere)
    sent = dict(entry.sent) if entry is not None and entry.sent is not None else None
    asked = {key: sent.pop(key) for key in RECALL_RECORD if key in sent} if sent else {}
    plain = None if entry is None else replace(entry, sent=sent, numbers_digest=None)
    listed = parents[0].job_id if len(parents) == 1 else None
    parent_id = asked.get("keyId") if isinstance(asked.get("keyId"), int) else listed
    if remote.status == CANCELLED:
        action = _cancelled(desired, remote, plain)
    else:
        action = compare(desired, remote, resend, plain)
    moved = _recall_changes(recall, asked)
    if moved:
        action = replace(
            action,
            kind=Kind.BLOCKED,
            changes=(*moved, *action.changes),
            reason=(
                f"the resend call that made task {remote.job_id} fixed the task it re-calls and "
                "which of its numbers; to re-call otherwise, give the campaign a new taskName "
                "(and stop this one with `broadcastctl cancel` if it must not run)"
            ),
        )
    known = ("recallOf", "recallNumbers") if "recallOf" in asked and "resendType" in asked else ()
    return replace(
        action,
        numbers=remote.number_count,
        recall_of=recall.parent,
        parent_job_id=parent_id,
        with_vendor=tuple(name for name in action.with_vendor if not name.startswith("numberList")),
        with_record=(*known, *action.with_record),
        not_compared=(*action.not_compared, *(() if known else ("recallOf", "recallNumbers"))),
    )


def _recall_changes(recall: Recall, asked: Mapping[str, Any]) -> tuple[Change, ...]:
    """recallOf and recallNumbers against what the resend call asked for, as recorded."""
    changes = []
    if "recallOf" in asked and asked["recallOf"] != recall.parent:
        changes.append(Change("recallOf", asked["recallOf"], recall.parent))
    if "resendType" in asked and asked["resendType"] != recall.resend_type:
        names = {value: name for name, value in RESEND_TYPES.items()}
        old = names.get(asked["resendType"], asked["resendType"])
        changes.append(Change("recallNumbers", old, names[recall.resend_type]))
    return tuple(changes)


def _with_extras(action: Action, desired: DesiredTask, looked_up: bool = True) -> Action:
    """The action with what the file adds to it: the zone part it is, the voice file it plays."""
    if desired.campaign is not None:
        action = replace(action, campaign=desired.campaign, part=desired.part)
    upload = desired.upload
    if upload is None:
        return action
    file_id = desired.body.get("voiceFileId")
    known = None if is_pending(file_id) else str(file_id)
    step = UploadStep(upload.file_name, upload.size, upload.sha256, known, looked_up)
    return replace(action, upload=step)


def _action(
    desired: DesiredTask,
    matches: list[RemoteTask],
    resend: bool,
    *,
    entry: Entry | None = None,
    intent: Intent | None = None,
    with_state: bool = False,
    early: Comparisons | None = None,
) -> Action:
    if not matches:
        return Action(
            kind=Kind.CREATE,
            task_name=desired.task_name,
            file=desired.file,
            numbers=desired.number_count,
            loop_count=desired.loop_count,
            people=desired.people,
            exceptions=desired.exceptions,
        )
    live = [task for task in matches if task.status != CANCELLED]
    if len(matches) > 1 and len(live) == 1:
        matches = live  # the extra tasks were cancelled: the one left is the file's
    if len(matches) > 1:
        ids = ", ".join(str(task.job_id) for task in matches)
        return _blocked(
            desired,
            matches[0],
            (),
            f"the vendor lists {plural(len(matches), 'task')} named {desired.task_name!r} "
            f"(ids {ids}), so "
            "broadcastctl cannot tell which one this file describes; cancel the extra tasks with "
            "`broadcastctl cancel ID`, or give the campaign a new taskName",
        )
    remote = matches[0]
    entry = recorded(entry, intent, remote)
    if remote.status == CANCELLED:
        return _cancelled(desired, remote, entry)
    action = (early.compare if early is not None else compare)(desired, remote, resend, entry)
    if with_state and not action.numbers_compared and remote.status in STILL_CALLING:
        return _unconfirmed(desired, remote, action)
    return action


class Comparisons:
    """Each file's comparison with its task, made as soon as the task's detail is read (in the
    reading thread, while other reads wait on the network), so that a plan of many campaigns
    does not start comparing only once the last answer is in. `compare` gives a comparison made
    early only for the very same inputs; any other is made then, as it would have been."""

    def __init__(
        self,
        desired: Sequence[DesiredTask],
        resend: Collection[str] = (),
        sent: Mapping[str, Entry] | None = None,
        intents: Mapping[str, Intent] | None = None,
    ) -> None:
        self._desired = {task.task_name: task for task in desired if task.recall is None}
        self._resend, self._sent, self._intents = resend, sent or {}, intents or {}
        self._made: dict[int, tuple[DesiredTask, RemoteTask, bool, Entry | None, Action]] = {}
        self._lock = threading.Lock()

    def read(self, remote: RemoteTask) -> None:
        """Compare the file that names this task with it, if one does."""
        desired = self._desired.get(remote.task_name)
        if desired is None or remote.status == CANCELLED:
            return
        name = remote.task_name
        entry = recorded(self._sent.get(name), self._intents.get(name), remote)
        resend = name in self._resend
        try:
            action = compare(desired, remote, resend, entry)
        except Exception:  # not a failure to read: the plan compares again, should it need this
            return
        made = (desired, remote, resend, entry, action)
        with self._lock:
            self._made[remote.job_id] = made

    def compare(
        self, desired: DesiredTask, remote: RemoteTask, resend: bool, entry: Entry | None
    ) -> Action:
        with self._lock:
            made = self._made.get(remote.job_id)
        if made is None:
            return compare(desired, remote, resend, entry)
        early_desired, early_remote, early_resend, early_entry, action = made
        same = early_desired is desired and early_remote is remote and early_entry is entry
        if same and early_resend == resend:
            return action
        return compare(desired, remote, resend, entry)


def recorded(entry: Entry | None, intent: Intent | None, remote: RemoteTask) -> Entry | None:
    """What the state knows was sent to `remote`: its entry, or a create cut short (the task
    found is the one it made: names are unique at the vendor); after an update cut short, a
    hidden field it would have changed is unknown (the old value or the new one)."""
    if entry is not None and entry.job_id != remote.job_id:
        entry = None  # the state speaks of another task of this name (one made elsewhere)
    if intent is None:
        return entry
    if intent.action == CREATE and entry is None:
        return intent.as_entry(remote.job_id, None, None, "")
    if intent.action != UPDATE or entry is None or intent.job_id != remote.job_id:
        return entry
    before, after = entry.sent or {}, intent.sent
    unsure = {name: UNSURE for name in {*before, *after} if before.get(name) != after.get(name)}
    return replace(entry, sent={**before, **after, **unsure} if entry.sent is not None else None)


# What a hidden field holds after an update that may or may not have arrived: equal to nothing.
UNSURE = "(unknown: an update was cut short)"


def _unconfirmed(desired: DesiredTask, remote: RemoteTask, action: Action) -> Action:
    """A task still waiting or calling whose numbers the state does not know: the API shows
    only their count, so which people it calls cannot be confirmed. Never a no-op."""
    state = TASK_STATUSES.get(remote.status, f"in status {remote.status}")
    reason = (
        f"the numbers of task {remote.job_id} ({state}) cannot be confirmed: the state holds no "
        f"record of what was sent to it (made elsewhere, or its record was lost), and the API "
        f"shows only their count ({remote.number_count}). If it was made from this file, "
        "restore the state that recorded it; otherwise stop it with `broadcastctl cancel` and "
        "give the campaign a new taskName"
    )
    return replace(action, kind=Kind.BLOCKED, reason=reason)


def compare(
    desired: DesiredTask, remote: RemoteTask, resend: bool = False, entry: Entry | None = None
) -> Action:
    """The action that brings `remote` to what `desired` asks, or why none can.

    `entry` is what the state says was sent to this task: the fields the API does not return
    are compared with it. Without it, `resend` (a file known to have changed) sends those
    fields again, since no comparison can tell whether they changed.
    """
    if entry is not None and entry.job_id != remote.job_id:
        entry = None  # the state speaks of another task of this name (one made elsewhere)
    changes = tuple(differences(desired, remote, entry))
    known = entry is not None and entry.sent is not None
    resend = resend and not known
    basis = _basis(desired, remote, entry)
    fixed = [change for change in changes if change.field in FIXED_AFTER_CREATE]
    kind = Kind.UPDATE if changes else Kind.NOOP
    reason = ""
    if fixed or (changes and remote.status != WAITING):
        kind, reason = Kind.BLOCKED, _fixed_reason(fixed) if fixed else _not_waiting_reason(remote)
    elif not changes and resend:
        kind, reason = _resent(remote, basis.not_compared)
    return _matched(
        kind, desired, remote, changes, reason=reason,
        numbers_compared=entry is not None and entry.numbers_digest is not None,
        not_compared=basis.not_compared,
        with_vendor=basis.with_vendor,
        with_record=basis.with_record,
    )  # fmt: skip


@dataclass(frozen=True)
class _Basis:
    with_vendor: tuple[str, ...]
    with_record: tuple[str, ...]
    not_compared: tuple[str, ...]


def _basis(desired: DesiredTask, remote: RemoteTask, entry: Entry | None) -> _Basis:
    """What each field's comparison rests on: the vendor's detail (the numbers by count), the
    state's record of what was sent (the numbers by digest), or nothing (not compared)."""
    shown = [
        name
        for name in sorted(MIRRORED_FIELDS.intersection(remote.fields))
        if not _called(desired, remote, name)
    ]
    sent = entry.sent if entry is not None and entry.sent is not None else {}
    hidden = sorted(_hidden({**sent, **desired.body}, remote))
    by_digest = entry is not None and entry.numbers_digest is not None
    return _Basis(
        ("numberList (count)", *shown),
        (*(["numberList"] if by_digest else []), *(name for name in hidden if name in sent)),
        tuple(name for name in hidden if name not in sent),
    )


def _hidden(body: Mapping[str, Any], remote: RemoteTask) -> set[str]:
    """Fields of `body` the remote task does not show."""
    return {key for key in body if key not in remote.fields and key != "numberList"}


def _resent(remote: RemoteTask, not_compared: tuple[str, ...]) -> tuple[Kind, str]:
    """A changed file whose task shows no difference: the API does not return every field (nor
    a field the file dropped), so the whole body is sent again while the task waits."""
    unseen = f" ({', '.join(not_compared)} among them)" if not_compared else ""
    if remote.status == WAITING:
        return Kind.UPDATE, (
            "the file changed: the whole body is sent again, since the API does not return "
            f"every field{unseen}"
        )
    return Kind.NOOP, (
        f"the file changed, but task {remote.job_id} is "
        f"{TASK_STATUSES.get(remote.status, remote.status)}: a change to what the API does "
        f"not return{unseen} can no longer be sent; give the campaign a new taskName if one "
        "was made"
    )


def differences(
    desired: DesiredTask, remote: RemoteTask, entry: Entry | None = None
) -> list[Change]:
    """Every field the API shows whose remote value differs from the file's; numbers by count,
    and with the state's `entry`, by digest and the hidden fields against what was sent."""
    changes = []
    if desired.recall is not None:
        pass  # a re-call's numbers are the vendor's pick from its parent: nothing to compare
    elif desired.number_count != remote.number_count:
        changes.append(Change("numberList", remote.number_count, desired.number_count))
    elif entry is not None and entry.same_numbers(desired.body["numberList"]) is False:
        count = plural(desired.number_count, "number")
        changes.append(Change("numberList", f"{count} as sent", f"{count}, not all the same"))
    if entry is not None and entry.sent is not None:
        changes += _unseen_differences(desired, remote, entry.sent)
    # Only a field mirroring a request field can differ (numberList is not one: its count is
    # above); the rest of the detail are counters and times.
    for name in sorted(MIRRORED_FIELDS.intersection(remote.fields)):
        if _called(desired, remote, name):
            continue
        new, old = desired.body.get(name), remote.fields[name]
        if not is_on(desired.body, name):  # switched off, yet it holds a value: while the task
            if _still_set(name, old) and remote.status == WAITING:
                changes.append(Change(name, old, new))  # waits, the update clears it
        elif _normal(_as_sent(name, new)) != _normal(old):
            changes.append(Change(name, old, new))
    return changes


def _still_set(name: str, value: Any) -> bool:
    """A value other than empty, zero or the field's default (which the vendor may show for a
    field never given): what a switched-off field must no longer hold."""
    return _normal(value) not in ("", "0", _normal(sent_value({}, name)))


def _unseen_differences(
    desired: DesiredTask, remote: RemoteTask, sent: Mapping[str, Any]
) -> list[Change]:
    """Fields the API does not return, as the file asks against as they were sent; a field the
    file dropped is a change too (the update sends it empty)."""
    changes = []
    for name in sorted(_hidden({**sent, **desired.body}, remote)):
        new, old = desired.body.get(name), sent.get(name)
        if not is_on(desired.body, name):
            if _still_set(name, old):  # switched off since it was sent with a value
                changes.append(Change(name, old, new))
            continue
        if name == "baseFile" and isinstance(new, str) and new:
            new = audio_digest(new)
        if _normal(_as_sent(name, new)) != _normal(_as_sent(name, old)):
            changes.append(Change(name, old, new))
    return changes


def shown_differences(sent: Mapping[str, Any], remote: RemoteTask) -> list[str]:
    """Fields the task shows with another value than was sent (an edit in the console)."""
    edited = []
    for name in sorted(remote.fields):
        if name not in MIRRORED_FIELDS or name == "numberList" or name not in sent:
            continue
        shown = remote.fields[name]
        if name == "baseFile" and isinstance(shown, str) and shown:
            shown = audio_digest(shown)
        if _normal(shown) != _normal(sent[name]):
            edited.append(name)
    return edited


def _called(desired: DesiredTask, remote: RemoteTask, name: str) -> bool:
    """No sendTime means "call at once": nothing to compare once the task stopped waiting (the
    vendor shows whatever time it started); a waiting task is still scheduled, a change."""
    no_time = name == "sendTime" and desired.body.get("sendTime") is None
    return no_time and remote.status != WAITING


def _as_sent(name: str, value: Any) -> Any:
    """A field as the update sends it: one left out (None) at the value that resets it. The
    vendor may show the default it stored for a field never given, and that is no change."""
    return sent_value({} if value is None else {name: value}, name)


def _normal(value: Any) -> Any:
    """Compare as the API would: '', [], {} and null alike, 5 and '5' alike, 5.0 and 5 alike."""
    kind = type(value)
    if kind is str or kind is int:  # most fields: the checks below give the same, more slowly
        return value if kind is str else str(value)
    if value is None or value in ("", [], {}):
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int | float) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, list | dict):
        return json.dumps(value, sort_keys=True)
    return str(value)


def _fixed_reason(fixed: list[Change]) -> str:
    what = " and ".join(
        "its numbers" if change.field == "numberList" else f"its {change.field}" for change in fixed
    )
    return (
        f"the vendor cannot change {what} once a task exists; to run the changed campaign, give "
        "it a new taskName (and stop the old task with `broadcastctl cancel` if it must not run)"
    )


def _not_waiting_reason(remote: RemoteTask) -> str:
    state = TASK_STATUSES.get(remote.status, f"in status {remote.status}")
    return (
        f"task {remote.job_id} is {state} (status {remote.status}); the vendor takes changes only "
        "while a task waits. To run the changed campaign, give it a new taskName"
    )


def _blocked(
    desired: DesiredTask, remote: RemoteTask, changes: tuple[Change, ...], reason: str
) -> Action:
    return _matched(Kind.BLOCKED, desired, remote, changes, reason=reason)


def _matched(
    kind: Kind,
    desired: DesiredTask,
    remote: RemoteTask,
    changes: tuple[Change, ...],
    *,
    reason: str = "",
    not_compared: tuple[str, ...] = (),
    numbers_compared: bool = False,
    with_vendor: tuple[str, ...] = (),
    with_record: tuple[str, ...] = (),
) -> Action:
    """An action on a file that has its remote task."""
    return Action(
        kind=kind,
        task_name=desired.task_name,
        file=desired.file,
        job_id=remote.job_id,
        status=remote.status,
        numbers=desired.number_count,
        loop_count=desired.loop_count,
        changes=changes,
        reason=reason,
        not_compared=not_compared,
        numbers_compared=numbers_compared,
        with_vendor=with_vendor,
        with_record=with_record,
        people=desired.people,
        exceptions=desired.exceptions,
    )


def _orphan(task: RemoteTask, entry: Entry, successor: Successor | None) -> Action:
    """A task broadcastctl made whose campaign is gone (its file deleted, or renamed to another
    taskName): it still calls, unless pruned."""
    state = TASK_STATUSES.get(task.status, f"in status {task.status}")
    if successor is not None and successor.by_file:
        gone = f"its file {entry.file} now names {successor.task_name!r}"
    else:
        gone = f"no file describes it any more (it came from {entry.file})"
    reason = (
        f"{gone}, yet it is {state} and will call up to "
        f"{plural(task.number_count, 'number')}; deploy --prune or `broadcastctl cancel` cancels "
        "it, deploy without --prune leaves it alone"
    )
    if successor is not None:
        reason += (
            f". {'It was renamed' if successor.by_file else 'It looks renamed'} to "
            f"{successor.task_name!r}: those numbers may be called twice unless this task is "
            "cancelled"
        )
    return Action(
        kind=Kind.ORPHANED,
        task_name=task.task_name,
        file=entry.file,
        job_id=task.job_id,
        status=task.status,
        numbers=task.number_count,
        loop_count=_sent_loop_count(entry, task),
        reason=reason,
        campaign=entry.campaign,
    )


def _sent_loop_count(entry: Entry, task: RemoteTask) -> int:
    """How often the orphan plays its message: as the task shows it, else as it was sent."""
    shown = task.fields.get("loopCount", (entry.sent or {}).get("loopCount", 1))
    return int(shown) if str(shown).isdigit() else 1


@dataclass(frozen=True)
class Successor:
    """The campaign to be created that took over an orphan's file (a rename) or its numbers."""

    task_name: str
    by_file: bool


def _successors(entries: Sequence[Entry], created: Sequence[DesiredTask]) -> dict[int, Successor]:
    """Each orphan's successor by job id: by file path first, then by numbers among the
    campaigns no orphan's file claimed (a deleted campaign that shared a renamed one's numbers
    is not the renamed one's predecessor)."""
    found: dict[int, Successor] = {}
    claimed: set[str] = set()
    for entry in entries:
        task = next((t for t in created if entry.file is not None and t.file == entry.file), None)
        if task is not None:
            found[entry.job_id] = Successor(task.task_name, by_file=True)
            claimed.add(task.task_name)
    free = [task for task in created if task.task_name not in claimed]
    for entry in entries:
        if entry.job_id not in found:
            task = next((t for t in free if entry.same_numbers(t.body.get("numberList", []))), None)
            if task is not None:
                found[entry.job_id] = Successor(task.task_name, by_file=False)
    return found


def _cancelled(desired: DesiredTask, remote: RemoteTask, entry: Entry | None) -> Action:
    """The file's task is cancelled: it will never call. Recorded by `broadcastctl cancel`, the
    plan says so; cancelled elsewhere, the file still asks for a campaign that cannot run."""
    again = "to call again, give the campaign a new taskName"
    if entry is not None and entry.job_id == remote.job_id and entry.cancelled is not None:
        reason = f"cancelled with `broadcastctl cancel` at {entry.cancelled}; {again}"
        return _matched(Kind.CANCELLED, desired, remote, (), reason=reason)
    reason = (
        f"task {remote.job_id} was cancelled outside broadcastctl, and the file still asks for "
        f"it: {again}, or record the stop with `broadcastctl cancel {desired.task_name}` (or "
        "delete the file)"
    )
    return _blocked(desired, remote, (), reason)


def _unmanaged(task: RemoteTask) -> Action:
    return Action(
        kind=Kind.UNMANAGED,
        task_name=task.task_name,
        job_id=task.job_id,
        status=task.status,
        numbers=task.number_count,
    )


def campaigns_fingerprint(desired: Sequence[DesiredTask]) -> str:
    """Changes when what the files ask for changes (not when a comment does)."""
    return _digest([[task.file, task.body] for task in sorted(desired, key=lambda t: t.task_name)])


def remote_fingerprint(
    desired: Sequence[DesiredTask],
    remote: Sequence[RemoteTask],
    managed: Collection[int] = (),
) -> str:
    """Changes when a remote task the plan acts on changes: its id, status or shown fields
    (the tasks of the files and the parents of their re-calls), or the id and status of one
    the state says broadcastctl made (an orphan is judged by its list row: its detail is not
    read for a plan)."""
    wanted = {task.task_name for task in desired}
    # A re-call's parent decides whether it can be sent and how many it calls: a parent that
    # finished since a plan blocked the re-call makes that plan stale.
    wanted |= {task.recall.parent for task in desired if task.recall is not None}
    seen = [
        [
            task.task_name, task.job_id, task.status, task.number_count,
            _shown(task.fields) if task.task_name in wanted else {},
        ]
        for task in sorted(remote, key=lambda t: (t.task_name, t.job_id))
        if task.task_name in wanted or task.job_id in managed
    ]  # fmt: skip
    return _digest(seen)


def _shown(fields: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if key in MIRRORED_FIELDS}


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()
