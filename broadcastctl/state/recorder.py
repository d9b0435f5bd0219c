"""Deploy's side of the state: an entry written after every task's result, adoption of tasks
made elsewhere, and the snapshot of the remote tasks once the deploy is done."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from broadcastctl import __version__
from broadcastctl.deploy.deployer import Outcome, Result
from broadcastctl.plan.bodies import DesiredTask
from broadcastctl.plan.model import Kind, Plan
from broadcastctl.state.entry import Entry, numbers_digest, recorded_body
from broadcastctl.state.snapshot import RemoteTask
from broadcastctl.state.store import State, StateFile, keep_snapshot, now_text


class Recorder:
    """Keeps the state file in step with what deploy sent, one write per task."""

    def __init__(
        self,
        store: StateFile,
        state: State,
        desired: Mapping[str, DesiredTask],
        commit: str | None,
    ) -> None:
        self.store, self.state, self.desired, self.commit = store, state, desired, commit

    def __call__(self, outcome: Outcome) -> None:
        """After one task's result: what was sent is on disk before the next result is told."""
        if outcome.result not in (Result.CREATED, Result.UPDATED) or outcome.job_id is None:
            return
        task = self.desired[outcome.action.task_name]
        before = self.state.entries.get(task.task_name)
        if before is not None and before.job_id != outcome.job_id:
            before = None
        if outcome.result is Result.CREATED:
            digest: str | None = numbers_digest(task.body["numberList"])
            count = task.number_count
        else:  # an update cannot change the numbers: what was known of them stays
            digest = before.numbers_digest if before else None
            count = before.number_count if before else outcome.action.numbers
        body = dict(task.body)
        if outcome.voice_file_id is not None:  # what was sent: the id, not the pending upload
            body["voiceFileId"] = outcome.voice_file_id
        self._save(self._entry(task, outcome.job_id, count, digest, recorded_body(body)))

    def adopt(self, plan: Plan) -> list[str]:
        """Tasks that match a file but no entry (made outside broadcastctl, or before the state
        existed) enter the state, their numbers and hidden fields unknown. Their names."""
        adopted = []
        for action in plan.of_kind(Kind.NOOP, Kind.BLOCKED, Kind.UPDATE):
            entry = self.state.entries.get(action.task_name)
            if action.job_id is None or (entry is not None and entry.job_id == action.job_id):
                continue
            task = self.desired[action.task_name]
            self._save(self._entry(task, action.job_id, action.numbers, None, None))
            adopted.append(action.task_name)
        return adopted

    def snapshot(self, target: str, tasks: Sequence[RemoteTask]) -> None:
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
            __version__,
        )  # fmt: skip

    def _save(self, entry: Entry) -> None:
        self._save_state(self.state.with_entry(entry))

    def _save_state(self, state: State) -> None:
        self.store.write(state)
        self.state = state
