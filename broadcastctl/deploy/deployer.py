"""Plan -> vendor calls: creates and updates, a few at a time, each task exactly once.

A create that failed without telling whether it happened (a timeout, a dropped connection, a
5xx) is never simply sent again: the task is looked up by name first, and created again only
when it provably does not exist. The vendor keeps names unique, so even a create that lands
late can never make a second task; "already exists" is settled by comparing the remote task
with the file. A create that got no answer at all, and is not listed, is not sent again in
this run either (the vendor may still be making it): its outcome is unknown until a rerun.

When the API stops answering, the tasks not yet started are not sent; after Ctrl-C, the tasks
in flight are waited for and reported, and any still unsettled are named as unknown.
"""

from __future__ import annotations

import contextlib
import enum
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed, wait
from dataclasses import dataclass, field, replace
from typing import Any

from broadcastctl.api import (
    AlreadyExistsError,
    AmbiguousWriteError,
    ApiError,
    ApiUnreachableError,
    Client,
    CreatedWithoutIdError,
    InvalidRequestError,
    NoCallableNumbersError,
    NotFoundError,
    TaskRefusedError,
    format_vendor_time,
)
from broadcastctl.deploy.voicefiles import VoiceFiles
from broadcastctl.errors import EXIT_INTERRUPTED, BroadcastctlError
from broadcastctl.output.words import plural
from broadcastctl.plan.bodies import DesiredTask, update_body
from broadcastctl.plan.model import Action, Kind, Plan
from broadcastctl.plan.planner import compare
from broadcastctl.plan.remote import find_remote
from broadcastctl.plan.window import Window
from broadcastctl.vendorfields import WAITING

CREATE_ATTEMPTS = 5
_EXISTS_UNSEEN = (
    "the vendor says a task of this name exists, but does not list one created in the searched "
    "window (the last --since-days days); it may be older: search further back with --since-days"
)
BACKOFF_SECONDS = 0.5  # before the second attempt; doubled for each one after


def recall_record(action: Action, desired: DesiredTask) -> dict[str, Any] | None:
    """What a re-call sends, as the state records it: the body with the resend call's keyId and
    resendType, and the parent named; None for a plain create."""
    if desired.recall is None:
        return None
    return {**desired.body, **recall_keys(action, desired)}


def recall_keys(action: Action, desired: DesiredTask) -> dict[str, Any]:
    """What the state keeps of a re-call beside its fields, on create and update alike (the
    planner compares a changed recallOf or recallNumbers with it): the parent's id as sent
    (keyId, when known), resendType, and the parent's name. Empty for a plain task."""
    if desired.recall is None:
        return {}
    parent = {} if action.parent_job_id is None else {"keyId": action.parent_job_id}
    return {**parent, "resendType": desired.recall.resend_type, "recallOf": desired.recall.parent}


# The vendor's answers that refuse a re-call for what its parent is (or is not).
_REFUSALS = (InvalidRequestError, NotFoundError, NoCallableNumbersError, TaskRefusedError)


def _refused_recall(action: Action, desired: DesiredTask, error: ApiError) -> str | None:
    """A resend call, or an update of a re-call, that the vendor refused, said with the way
    forward; None for anything else."""
    if desired.recall is None or not isinstance(error, _REFUSALS):
        return None
    if action.kind is Kind.UPDATE:
        return (
            f"the vendor refused to update the re-call {desired.task_name!r} (task "
            f"{action.job_id}): {error}. Nothing was changed. To call with the file as it is, "
            "give the campaign a new taskName (a new re-call of "
            f"{desired.recall.parent!r}), and stop this one with `broadcastctl cancel "
            f"{desired.task_name}` if it must not run"
        )
    return (
        f"the vendor refused to re-call {desired.recall.parent!r} (task {action.parent_job_id}): "
        f"{error}. Nothing was created. To call its numbers again anyway, "
        f"`broadcastctl results {desired.recall.parent}` lists its calls: put the numbers to call "
        "in a campaign of their own (numberFile) in place of recallOf"
    )


def backoff(attempt: int) -> None:
    """Wait before attempt `attempt` (1 = the first retry) of a create that did not happen."""
    time.sleep(BACKOFF_SECONDS * 2 ** (attempt - 1))


class Result(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    CANCELLED = "cancelled"
    BLOCKED = "blocked"
    CONFLICT = "conflict"
    FAILED = "failed"
    UNKNOWN = "unknown"  # sent, but whether it was applied could not be learnt
    SKIPPED = "skipped"  # not sent: the API had stopped answering
    GATED = "gated"  # not sent: the volume gate refused the deploy

    @property
    def ok(self) -> bool:
        return self in (Result.CREATED, Result.UPDATED, Result.CANCELLED)


@dataclass(frozen=True, kw_only=True)
class Outcome:
    action: Action
    result: Result
    job_id: int | None = None
    message: str = ""
    unreachable: bool = False  # it ended because the API stopped answering
    voice_file_id: str | None = None  # the id of the voice file uploaded (or found) for it
    voice_file_uploaded: bool = False  # this run uploaded it (else the vendor had it already)
    halted: bool = False  # not sent: what it would send could not be recorded first


class _Stop:
    """Why the remaining tasks are not sent; empty while the API answers. Written once by
    whichever thread sees the API go: a plain attribute is enough."""

    reason = ""


def _unknown(action: Action, why: str, error: ApiError | None = None) -> Outcome:
    return Outcome(
        action=action,
        result=Result.UNKNOWN,
        message=f"outcome unknown: {why}; deploy again to settle it (it looks the task up "
        "before creating it again)",
        unreachable=isinstance(error, ApiUnreachableError),
    )


def _interrupted_message(reported: Sequence[Outcome], unknown: Sequence[str], total: int) -> str:
    sent = sum(outcome.result not in (Result.SKIPPED, Result.BLOCKED) for outcome in reported)
    not_started = total - len(reported) - len(unknown)
    parts = [
        f"deploy interrupted: {len(reported)} of {plural(total, 'task')} finished ({sent} sent)"
    ]
    if unknown:
        parts.append(
            f"{len(unknown)} were in flight and their outcome is unknown ({', '.join(unknown)})"
        )
    parts.append(f"{not_started} not started")
    return "; ".join(parts) + "; run it again to finish: it finds what was already created"


class RateLimiter:
    """At most `per_second` calls a second across all threads (0 means no limit)."""

    def __init__(
        self,
        per_second: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._interval = 1.0 / per_second if per_second > 0 else 0.0
        self._clock, self._sleep = clock, sleep
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        if not self._interval:
            return
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + self._interval
        if start > now:
            self._sleep(start - now)


class RecordFailed(BroadcastctlError):
    """The state could not record a task already sent: the run stops sending."""

    def __init__(self, why: str, sent: Sequence[Outcome]) -> None:
        super().__init__(why)
        self.why, self.sent = why, list(sent)


class NotRecorded(BroadcastctlError):
    """The run stopped because tasks it sent are not in the state: the message names them."""


def _not_recorded(failure: RecordFailed, others: Sequence[Outcome]) -> NotRecorded:
    sent = [*failure.sent, *(o for o in others if o.result in _SENT)]
    named = ", ".join(
        f"{o.action.task_name} ({o.result.value}"
        + (f", task {o.job_id})" if o.job_id is not None else ")")
        for o in sent
    )
    return NotRecorded(
        f"{failure.why}; deploy stopped and sent nothing more. Sent and not recorded: {named}. "
        "They are at the vendor: once the state can be written, deploy again (it matches them "
        "with what was about to be sent, recorded before each request)"
    )


_SENT = frozenset({"created", "updated", "unknown", "conflict"})


def _no_intent(action: Action, body: Mapping[str, Any]) -> None:
    """Deployers without a state record nothing before a request."""


class Interrupted(BroadcastctlError):
    """Ctrl-C during a deploy: what finished is reported; running it again finishes the rest."""

    exit_code = EXIT_INTERRUPTED


@dataclass(frozen=True)
class Deployer:
    """Applies one plan's creates and updates; blocked actions are reported, never sent."""

    client: Client
    window: Window
    limiter: RateLimiter
    pause: Callable[[int], None] = backoff
    # Called with what a create or update will send, before it leaves; raises when it cannot
    # be recorded, and then nothing is sent.
    intend: Callable[[Action, Mapping[str, Any]], None] = field(default=_no_intent)

    @staticmethod
    def held_back(plan: Plan, gate: str | None = None) -> list[Outcome]:
        """What is not sent whatever happens: the blocked tasks, and with the volume gate's
        refusal (`gate`), every create and update as well."""
        outcomes = [Deployer._blocked(action) for action in plan.of_kind(Kind.BLOCKED)]
        if gate is not None:
            outcomes += [
                Outcome(action=a, result=Result.GATED, job_id=a.job_id, message=gate)
                for a in plan.of_kind(Kind.CREATE, Kind.UPDATE)
            ]
        return outcomes

    def apply(
        self,
        plan: Plan,
        desired: Mapping[str, DesiredTask],
        workers: int,
        on_outcome: Callable[[Outcome], None],
    ) -> list[Outcome]:
        actions = plan.of_kind(Kind.CREATE, Kind.UPDATE, Kind.BLOCKED)
        outcomes = [self._blocked(a) for a in actions if a.kind is Kind.BLOCKED]
        for outcome in outcomes:
            on_outcome(outcome)
        work = [a for a in actions if a.kind is not Kind.BLOCKED]
        outcomes += self._run(work, desired, workers, on_outcome)
        return outcomes

    def _run(
        self,
        work: Sequence[Action],
        desired: Mapping[str, DesiredTask],
        workers: int,
        on_outcome: Callable[[Outcome], None],
    ) -> list[Outcome]:
        outcomes: list[Outcome] = []
        stop = _Stop()
        pool = ThreadPoolExecutor(max_workers=max(1, workers))
        files = VoiceFiles(self.client)  # one file list for the run, each file uploaded once
        futures = {
            pool.submit(self._guarded, action, desired[action.task_name], stop, files): action
            for action in work
        }
        try:
            for future in as_completed(futures):
                outcomes.append(future.result())
                on_outcome(outcomes[-1])
        except RecordFailed as failure:
            raise self._stopped(pool, futures, outcomes, failure) from failure
        except KeyboardInterrupt as interrupt:
            raise self._interrupted(pool, futures, outcomes, on_outcome) from interrupt
        finally:
            pool.shutdown(wait=True)
        return outcomes

    def _guarded(
        self, action: Action, desired: DesiredTask, stop: _Stop, files: VoiceFiles
    ) -> Outcome:
        """One action, unless the API has stopped answering; an unreachable API stops the rest."""
        if stop.reason:
            return Outcome(
                action=action,
                result=Result.SKIPPED,
                job_id=action.job_id,
                message="not sent: the API stopped answering",
            )
        outcome = self.one(action, desired, files)
        if outcome.unreachable or outcome.halted:
            stop.reason = stop.reason or outcome.message
        return outcome

    @staticmethod
    def _stopped(
        pool: ThreadPoolExecutor,
        futures: Mapping[Future[Outcome], Action],
        reported: list[Outcome],
        failure: RecordFailed,
    ) -> NotRecorded:
        """A task sent could not be recorded: send nothing more, wait for what is in flight, and
        name every task sent and not recorded."""
        pool.shutdown(wait=True, cancel_futures=True)
        seen = {id(outcome) for outcome in reported}
        late = [
            future.result()
            for future in futures
            if future.done() and not future.cancelled() and id(future.result()) not in seen
        ]
        return _not_recorded(failure, late)

    @staticmethod
    def _interrupted(
        pool: ThreadPoolExecutor,
        futures: Mapping[Future[Outcome], Action],
        reported: list[Outcome],
        on_outcome: Callable[[Outcome], None],
    ) -> Interrupted:
        """Ctrl-C: drop what has not started, wait for what is in flight (a second Ctrl-C stops
        waiting), report it, and say what is known."""
        pool.shutdown(wait=False, cancel_futures=True)
        running = [future for future in futures if not future.done()]
        with contextlib.suppress(KeyboardInterrupt):
            wait(running)
        seen = {id(outcome) for outcome in reported}
        for future in futures:
            if future.done() and not future.cancelled() and id(future.result()) not in seen:
                reported.append(future.result())
                with contextlib.suppress(KeyboardInterrupt):  # another Ctrl-C: still say it
                    on_outcome(reported[-1])
        unknown = sorted(futures[future].task_name for future in futures if not future.done())
        return Interrupted(_interrupted_message(reported, unknown, len(futures)))

    def one(self, action: Action, desired: DesiredTask, files: VoiceFiles | None = None) -> Outcome:
        """Apply one action (its voice file uploaded first, if it has one the vendor lacks);
        every failure becomes an outcome, so the others go on."""
        files = files or VoiceFiles(self.client)
        try:
            desired = files.resolve(desired)
            done = (self._create if action.kind is Kind.CREATE else self._update)(action, desired)
            if desired.upload is None:
                return done
            return replace(
                done,
                voice_file_id=str(desired.body["voiceFileId"]),
                voice_file_uploaded=desired.upload.file_name in files.uploaded,
            )
        except ApiError as error:
            return Outcome(
                action=action,
                result=Result.FAILED,
                job_id=action.job_id,
                message=_refused_recall(action, desired, error) or str(error),
                unreachable=isinstance(error, ApiUnreachableError),
            )
        except BroadcastctlError as error:  # what it would send could not be recorded
            return Outcome(
                action=action,
                result=Result.SKIPPED,
                job_id=action.job_id,
                message=f"not sent: {error}",
                halted=True,
            )

    def _create(self, action: Action, desired: DesiredTask) -> Outcome:
        """Create once. Requests that never arrived were retried by the client already; only a
        create that may have happened is looked up, and sent again only if it did not."""
        self.intend(action, recall_record(action, desired) or desired.body)
        for attempt in range(CREATE_ATTEMPTS):
            if attempt:
                self.pause(attempt)
            self.limiter.wait()
            try:
                job_id = self._send_new(action, desired)
                return Outcome(action=action, result=Result.CREATED, job_id=job_id)
            except CreatedWithoutIdError as error:
                return self._accepted_without_id(action, desired, error)
            except AmbiguousWriteError as doubt:
                found = self._after_doubt(action, desired, doubt)
                if found is not None:
                    return found
            except AlreadyExistsError:
                found = self._settle(action, desired, "the vendor says the task exists")
                return found or Outcome(action=action, result=Result.FAILED, message=_EXISTS_UNSEEN)
        return Outcome(
            action=action,
            result=Result.FAILED,
            message=f"{CREATE_ATTEMPTS} creates ended without an answer and the task is not "
            "listed; deploy again later (it looks the task up before creating it again)",
        )

    def _send_new(self, action: Action, desired: DesiredTask) -> int:
        """The create call, or for a re-call the resend call naming its parent."""
        if desired.recall is None:
            return self.client.create_task(desired.body, created_from=self.window.start)
        assert action.parent_job_id is not None  # the plan creates a re-call only with it
        return self.client.resend_task(
            desired.body,
            action.parent_job_id,
            desired.recall.resend_type,
            created_from=self.window.start,
        )

    def _after_doubt(
        self, action: Action, desired: DesiredTask, doubt: AmbiguousWriteError
    ) -> Outcome | None:
        """After a create that may have happened: the task if listed; None when it provably is
        not there (the vendor answered, so it is done with the create) and may be sent again;
        otherwise an unknown outcome, which a rerun settles."""
        try:
            found = self._settle(action, desired, "the create may or may not have happened")
        except ApiError as error:
            why = f"{doubt.what_happened}; looking the task up failed too ({error})"
            return _unknown(action, why, error)
        if found is not None or doubt.answered:
            return found
        return _unknown(
            action,
            f"{doubt.what_happened}; the task is not listed (yet): the vendor may still be making "
            "it, so it is not sent again",
        )

    def _accepted_without_id(
        self, action: Action, desired: DesiredTask, error: CreatedWithoutIdError
    ) -> Outcome:
        """The task exists; find it if the vendor lets us, and never create it again."""
        try:
            found = self._settle(action, desired, "the vendor accepted it without its id")
        except ApiError:
            found = None
        return found or Outcome(action=action, result=Result.FAILED, message=str(error))

    def _settle(self, action: Action, desired: DesiredTask, why: str) -> Outcome | None:
        """After a doubtful create: the task, if the vendor has it, judged against the file."""
        self.limiter.wait()
        remote = find_remote(self.client, desired.task_name, self.window)
        if remote is None:
            return None
        if desired.recall is not None:  # names are unique: the task found is the one it made
            return Outcome(
                action=action,
                result=Result.CREATED,
                job_id=remote.job_id,
                message=f"{why}; it does",
            )
        verdict = compare(desired, remote)
        if verdict.kind is Kind.NOOP:
            return Outcome(
                action=action,
                result=Result.CREATED,
                job_id=remote.job_id,
                message=f"{why}; it does, as the file says",
            )
        fields = ", ".join(change.field for change in verdict.changes) or "its state"
        return Outcome(
            action=action,
            result=Result.CONFLICT,
            job_id=remote.job_id,
            message=f"{why}, and task {remote.job_id} of that name differs from the file "
            f"({fields}); it was not touched — rename the campaign or reconcile the task in the "
            "console",
        )

    def _update(self, action: Action, desired: DesiredTask) -> Outcome:
        """Send the whole body; after a doubtful answer, send it again while the task waits."""
        assert action.job_id is not None
        body = update_body(desired)
        if any(change.field == "sendTime" and change.new is None for change in action.changes):
            # The file no longer schedules the task: "call at once" is the time now.
            body["sendTime"] = format_vendor_time(self.client.now(), self.client.config.timezone)
        self.intend(action, {**body, **recall_keys(action, desired)})
        self.limiter.wait()
        try:
            self.client.update_task(action.job_id, body)
        except AmbiguousWriteError:
            self.limiter.wait()
            status = self.client.get_task(action.job_id).status
            if status != WAITING:
                return Outcome(
                    action=action,
                    result=Result.FAILED,
                    job_id=action.job_id,
                    message=f"the update may or may not have arrived, and task {action.job_id} is "
                    f"no longer waiting (status {status}); check it in the vendor console",
                )
            self.limiter.wait()
            self.client.update_task(action.job_id, body)  # the same whole body: harmless twice
        return Outcome(action=action, result=Result.UPDATED, job_id=action.job_id)

    @staticmethod
    def _blocked(action: Action) -> Outcome:
        return Outcome(
            action=action, result=Result.BLOCKED, job_id=action.job_id, message=action.reason
        )
