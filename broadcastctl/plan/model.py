"""The plan's model: what a plan is made of (kinds, actions, changes, the remote tasks it was
made from, the call limit), apart from how `planner.make_plan` works it out.

Plain frozen data: the views, the plan file, the deployer and the state read it; none of them
needs the algorithm.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from broadcastctl.localwindows import Part
from broadcastctl.vendorfields import TASK_STATUSES

if TYPE_CHECKING:  # plain data carried through: the model runs no policy code
    from broadcastctl.policy.people import People


class Kind(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    NOOP = "no-op"
    BLOCKED = "blocked"
    ORPHANED = "orphaned"
    UNMANAGED = "unmanaged"
    CANCELLED = "cancelled"  # the file's task was stopped with `broadcastctl cancel`


@dataclass(frozen=True)
class Change:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class UploadStep:
    """The voice file a source 1 campaign plays, uploaded once (found again by its name)."""

    file_name: str
    size: int
    sha256: str
    file_id: str | None = None  # the vendor's id when its file list has the name
    looked_up: bool = True  # False offline: the vendor's file list was not read

    @property
    def needed(self) -> bool:
        return self.file_id is None


@dataclass(frozen=True, kw_only=True)
class Action:
    kind: Kind
    task_name: str
    file: str | None = None  # None for a remote task no file describes
    job_id: int | None = None
    status: int | None = None
    numbers: int = 0  # numbers the task calls: the file's, or the remote count
    loop_count: int = 1
    changes: tuple[Change, ...] = ()
    reason: str = ""  # why it is blocked, and what to do instead
    not_compared: tuple[str, ...] = ()  # fields the API does not return, nor the state knows
    numbers_compared: bool = False  # the numbers themselves, against the state's digest
    # What each comparison rests on: the fields compared with what the vendor shows (the
    # numbers by their count), and those compared with the state's record of what was sent.
    with_vendor: tuple[str, ...] = ()
    with_record: tuple[str, ...] = ()
    people: People | None = None  # who the file's campaign calls and when
    exceptions: tuple[tuple[str, str], ...] = ()  # the campaign's policyExceptions (rule, reason)
    upload: UploadStep | None = None  # the voice file the task plays, uploaded before it is sent
    recall_of: str | None = None  # a re-call: the taskName of the finished task it calls again
    parent_job_id: int | None = None  # that task's id, sent as the resend call's keyId
    # A zone part of a campaign in local windows: the campaign's taskName (an orphan's from
    # the state), and the part (None for an orphan: its file no longer makes it).
    campaign: str | None = None
    part: Part | None = None

    @property
    def status_name(self) -> str:
        return (
            TASK_STATUSES.get(self.status, f"status {self.status}")
            if self.status is not None
            else ""
        )


@dataclass(frozen=True)
class CallLimit:
    """The policy's `max_new_calls`: the most new calls one deploy may place without
    `--allow-calls`, and the policy file that sets it."""

    limit: int
    policy: str


@dataclass(frozen=True)
class Offline:
    """A plan made from the state's snapshot, not the vendor: of which target, taken when (ISO
    8601) and at which commit; `hours_old` is set when the snapshot is older than --max-age."""

    target: str
    taken_at: str
    commit: str | None = None
    hours_old: float | None = None


@dataclass(frozen=True)
class Plan:
    actions: tuple[Action, ...]
    campaigns_fingerprint: str
    remote_fingerprint: str
    with_state: bool = False  # False: no state was read, so only what the API shows is compared
    offline: Offline | None = None  # None: made from what the vendor showed
    call_limit: CallLimit | None = None  # None: no policy limits the new calls
    target: str | None = None  # where the remote tasks were read: the views name it

    def of_kind(self, *kinds: Kind) -> list[Action]:
        return [action for action in self.actions if action.kind in kinds]

    @property
    def new_calls(self) -> int:
        """Calls the creates would place: one per number of each new task. An update places
        none, since the vendor cannot change the numbers of a task."""
        return sum(action.numbers for action in self.of_kind(Kind.CREATE))

    @property
    def over_limit(self) -> bool:
        return self.call_limit is not None and self.new_calls > self.call_limit.limit

    @property
    def exceptions(self) -> list[tuple[Action, str, str]]:
        """Every policy exception in force in the files: (action, rule, reason); once for a
        campaign in zone parts (its first part's action)."""
        seen: set[tuple[str, str]] = set()
        found = []
        for action in self.actions:
            for rule, reason in action.exceptions:
                key = (action.campaign or action.task_name, rule)
                if key not in seen:
                    seen.add(key)
                    found.append((action, rule, reason))
        return found

    @property
    def has_changes(self) -> bool:
        return bool(self.of_kind(Kind.CREATE, Kind.UPDATE))

    @property
    def blocked(self) -> bool:
        return bool(self.of_kind(Kind.BLOCKED))


def counts(plan: Plan) -> dict[str, int]:
    """Actions of each kind, and the calls and message plays the creates would place."""
    totals = {kind.value: len(plan.of_kind(kind)) for kind in Kind}
    creates = plan.of_kind(Kind.CREATE)
    totals["calls"] = plan.new_calls
    totals["plays"] = sum(action.numbers * action.loop_count for action in creates)
    return totals
