"""What exists at the vendor: the task list over a creation window, and the detail of each task a
campaign names that can still change (pages and details read a few at a time, in one pool).
Everything goes through the API client."""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from typing import TYPE_CHECKING

from broadcastctl.api import TaskDetail, TaskSummary
from broadcastctl.plan.bodies import DesiredTask, with_voice_files
from broadcastctl.plan.window import Window
from broadcastctl.state.snapshot import RemoteTask, Snapshot

if TYPE_CHECKING:
    from broadcastctl.api.client import Client

# Completed, failed to submit, cancelled: the vendor takes changes only while a task waits, and
# these never wait again, so their detail is what it was when last read.
FINAL = frozenset({2, 3, 4})


Progress = Callable[[int, int], None]  # (tasks read in detail, of how many), from any thread
OnRead = Callable[[RemoteTask], None]  # told of each task read in detail, in the reading thread


def read_remote(
    client: Client,
    names: Collection[str],
    window: Window,
    workers: int,
    settled: Mapping[int, RemoteTask] | None = None,
    *,
    progress: Progress | None = None,
    on_read: OnRead | None = None,
) -> list[RemoteTask]:
    """Every task created in the window; the ones in `names` with their detail. One pool of
    `workers` reads the list's pages (all at once after the first) and each detail as soon as
    its page is in. A task of `settled` (see `settled_tasks`) still in the same final status
    keeps the detail read before and gets no detail call. `progress` is told of each named task
    settled, out of the names; `on_read` of each task read in detail, as it comes in (so that
    work on it overlaps the reads still waiting on the network)."""
    known = settled or {}
    counter = _Counter(len(names), progress)
    summaries: list[TaskSummary] = []
    details: dict[int, Future[RemoteTask]] = {}
    kept: dict[int, RemoteTask] = {}
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        listed = client.iter_tasks(
            created_from=window.start, created_to=window.end, pool=pool, ahead=max(1, workers)
        )
        try:
            for task in listed:
                summaries.append(task)
                if task.task_name not in names:
                    continue
                before = _kept(task, known)
                if before is not None:
                    kept[task.job_id] = replace(before, detail_not_read=True, failed=task.fail)
                    counter.step()
                else:
                    details[task.job_id] = pool.submit(_read, client, task, counter, on_read)
            remote = [_remote(task, details, kept) for task in summaries]
            counter.finish()
            return remote
        finally:
            listed.close()  # the pages not yet asked for are not asked for
            for future in details.values():
                future.cancel()  # a failed read sends nothing more (the done ones are kept)


def _read(
    client: Client, summary: TaskSummary, counter: _Counter, on_read: OnRead | None
) -> RemoteTask:
    """One task read in detail (in a reading thread)."""
    task = remote_task(summary, client.get_task(summary.job_id))
    counter.step()
    if on_read is not None:
        on_read(task)
    return task


def _remote(
    summary: TaskSummary, details: Mapping[int, Future[RemoteTask]], kept: Mapping[int, RemoteTask]
) -> RemoteTask:
    if summary.job_id in details:
        return details[summary.job_id].result()
    return kept.get(summary.job_id) or remote_task(summary, None)


def _kept(summary: TaskSummary, known: Mapping[int, RemoteTask]) -> RemoteTask | None:
    """The task as the snapshot kept it, when its detail cannot have changed since."""
    kept = known.get(summary.job_id)
    if kept is None or summary.status not in FINAL:
        return None
    same = kept.task_name == summary.task_name and kept.status == summary.status
    return kept if same else None


def settled_tasks(snapshot: Snapshot | None, target: str) -> dict[int, RemoteTask]:
    """The tasks of a snapshot of this target that were read in detail in a final status: their
    detail is final, so a later read need not ask for it again."""
    if snapshot is None or snapshot.target != target:
        return {}
    return {task.job_id: task for task in snapshot.tasks if task.fields and task.status in FINAL}


class _Counter:
    """Tells `progress` how many of the named tasks are settled; never more than the names, and
    all of them once the read is done (a name with no task at the vendor settles at the end)."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total, self.progress, self.done = total, progress, 0
        self.lock = threading.Lock()
        if progress is not None:
            progress(0, total)

    def step(self) -> None:
        if self.progress is None:
            return
        with self.lock:
            self.done = min(self.total, self.done + 1)
            self.progress(self.done, self.total)

    def finish(self) -> None:
        if self.progress is not None and self.done < self.total:
            self.done = self.total
            self.progress(self.total, self.total)


def remote_task(summary: TaskSummary, detail: TaskDetail | None) -> RemoteTask:
    if detail is None:
        return RemoteTask(
            job_id=summary.job_id,
            task_name=summary.task_name,
            status=summary.status,
            number_count=summary.number_count,
            failed=summary.fail,
        )
    return RemoteTask(
        job_id=detail.job_id,
        task_name=detail.task_name,
        status=detail.status,
        number_count=detail.number_count,
        fields=dict(detail.fields),
        failed=summary.fail,
    )


def voice_file_ids(client: Client) -> dict[str, str]:
    """The vendor's voice files, id by file name (every page of the file list)."""
    return {voice.file_name: voice.file_id for voice in client.list_voice_files()}


def with_uploads(client: Client, tasks: list[DesiredTask]) -> list[DesiredTask]:
    """The tasks with the id of each voice file the vendor already has (one read of its file
    list, only when a campaign uploads one); the others keep their pending voiceFileId."""
    if all(task.upload is None for task in tasks):
        return tasks
    file_ids = voice_file_ids(client)
    return [with_voice_files(task, file_ids) for task in tasks]


def find_remote(client: Client, task_name: str, window: Window) -> RemoteTask | None:
    """One task by its exact name, with its detail; None when the vendor lists none."""
    found = client.find_task(task_name, created_from=window.start, created_to=window.end)
    return None if found is None else remote_task(found, client.get_task(found.job_id))
