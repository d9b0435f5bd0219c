"""Deploy's side of the state: the intent written before every create or update leaves, an
entry after every task's result, adoption of tasks made elsewhere, and the snapshot of the
remote tasks once the deploy is done."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import Any

from broadcastctl import __version__
from broadcastctl.deploy.deployer import Outcome, RecordFailed, Result
from broadcastctl.plan.bodies import DesiredTask
from broadcastctl.plan.model import Action, Kind, Plan
from broadcastctl.state.entry import CREATE, UPDATE, Entry, Intent, numbers_digest, recorded_body
from broadcastctl.state.snapshot import RemoteTask
from broadcastctl.state.store import State, StateError, StateFile, keep_snapshot, now_text

WRITE_ATTEMPTS = 3  # a write that fails (a full disk, a passing I/O error) is tried again


def _digest_of(body: Mapping[str, Any]) -> str | None:
    """The numbers' digest; None for a re-call, whose numbers the vendor picks from its parent."""
    return numbers_digest(body["numberList"]) if "numberList" in body else None


class Recorder:
    """Keeps the state file in step with what deploy sends: one write before each request and
    one after each result. Requests leave from several threads, so writes take turns."""

    def __init__(
        self,
        store: StateFile,
        state: State,
        desired: Mapping[str, DesiredTask],
        commit: str | None,
    ) -> None:
        self.store, self.state, self.desired, self.commit = store, state, desired, commit
        self._lock = threading.Lock()

    def intend(self, action: Action, body: Mapping[str, Any]) -> None:
        """Before a create or update leaves: what it sends. Raises when that cannot be
        recorded, and then the request is not sent."""
        task = self.desired[action.task_name]
        if action.kind is Kind.CREATE:
            intent = Intent(
                task.task_name, CREATE, None, action.numbers if task.recall else task.number_count,
                _digest_of(body), recorded_body(body), now_text(),
            )  # fmt: skip
        else:
            entry = self.state.entries.get(task.task_name)
            known = entry if entry is not None and entry.job_id == action.job_id else None
            count = known.number_count if known else action.numbers
            intent = Intent(
                task.task_name, UPDATE, action.job_id, count, None, recorded_body(body), now_text()
            )
        with self._lock:
            self._write(self.state.with_intent(intent))

    def __call__(self, outcome: Outcome) -> None:
        """After one task's result: what was sent is on disk before the next result is told.
        A write that still fails after retries stops the run (RecordFailed)."""
        if outcome.result not in (Result.CREATED, Result.UPDATED) or outcome.job_id is None:
            return
        task = self.desired[outcome.action.task_name]
        with self._lock:
            entry = self._entry_after(task, outcome)
            try:
                self._write(self.state.with_entry(entry).settled(task.task_name))
            except StateError as error:
                raise RecordFailed(str(error), [outcome]) from error

    def _entry_after(self, task: DesiredTask, outcome: Outcome) -> Entry:
        assert outcome.job_id is not None
        before = self.state.entries.get(task.task_name)
        if before is not None and before.job_id != outcome.job_id:
            before = None
        intent = self.state.intents.get(task.task_name)
        if outcome.result is Result.CREATED:
            digest = _digest_of(task.body)
            count = outcome.action.numbers if task.recall else task.number_count
            if intent is not None and intent.action == CREATE:
                digest = intent.numbers_digest
        else:  # an update cannot change the numbers: what was known of them stays
            digest = before.numbers_digest if before else None
            count = before.number_count if before else outcome.action.numbers
        if intent is not None:
            sent: Mapping[str, Any] = intent.sent  # exactly what left, resets included
        else:
            body = dict(task.body)
            if outcome.voice_file_id is not None:
                body["voiceFileId"] = outcome.voice_file_id
            sent = recorded_body(body)
        return self._entry(task, outcome.job_id, count, digest, sent)

    def settle_intents(self, plan: Plan) -> list[str]:
        """Creates cut short whose tasks the plan found at the vendor: recorded as created with
        what was sent, before anything else is. Their names."""
        settled = []
        with self._lock:
            state = self.state
            for action in plan.actions:
                intent = state.intents.get(action.task_name)
                entry = state.entries.get(action.task_name)
                if intent is None or intent.action != CREATE or action.job_id is None:
                    continue
                if action.file is None or (entry is not None and entry.job_id == action.job_id):
                    continue
                found = intent.as_entry(action.job_id, action.file, self.commit, __version__)
                state = state.with_entry(found).settled(action.task_name)
                settled.append(action.task_name)
            if settled:
                self._write(state)
        return settled

    def adopt(self, plan: Plan) -> list[str]:
        """Tasks that match a file but no entry (made outside broadcastctl, or before the state
        existed) enter the state, their numbers and hidden fields unknown. Their names."""
        adopted = []
        with self._lock:
            for action in plan.of_kind(Kind.NOOP, Kind.BLOCKED, Kind.UPDATE):
                entry = self.state.entries.get(action.task_name)
                if action.job_id is None or (entry is not None and entry.job_id == action.job_id):
                    continue
                task = self.desired[action.task_name]
                unknown = self._entry(task, action.job_id, action.numbers, None, None)
                self._write(self.state.with_entry(unknown))
                adopted.append(action.task_name)
        return adopted

    def snapshot(self, target: str, tasks: Sequence[RemoteTask]) -> None:
        with self._lock:
            self.state = keep_snapshot(self.store, self.state, target, tasks, self.commit)

    def _entry(
        self,
        task: DesiredTask,
        job_id: int,
        count: int,
        digest: str | None,
        sent: Mapping[str, object] | None,
    ) -> Entry:
        return Entry(
            task.task_name, job_id, task.file, count, digest, sent, now_text(), self.commit,
            __version__, campaign=task.campaign,
            part=task.part.label if task.part is not None else None,
        )  # fmt: skip

    def _write(self, state: State) -> None:
        """Write `state`, trying again after a failure of the disk; the last failure is raised.
        A state changed by someone else is not tried again: that would overwrite them."""
        for attempt in range(WRITE_ATTEMPTS):
            try:
                self.store.write(state)
                break
            except StateError as error:
                if not error.retryable or attempt == WRITE_ATTEMPTS - 1:
                    raise
        self.state = state
