"""What exists at the vendor: the task list over a creation window, and the detail of each task a
campaign names (read a few at a time). Everything goes through the API client."""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from broadcastctl.api import TaskDetail, TaskSummary
from broadcastctl.plan.bodies import DesiredTask, with_voice_files
from broadcastctl.plan.window import Window
from broadcastctl.state.snapshot import RemoteTask

if TYPE_CHECKING:
    from broadcastctl.api.client import Client


Progress = Callable[[int, int], None]  # (tasks read in detail, of how many), from any thread


def read_remote(
    client: Client,
    names: Collection[str],
    window: Window,
    workers: int,
    progress: Progress | None = None,
) -> list[RemoteTask]:
    """Every task created in the window; the ones in `names` with their detail, told to
    `progress` as each detail arrives."""
    summaries = client.list_tasks(created_from=window.start, created_to=window.end)
    wanted = [task.job_id for task in summaries if task.task_name in names]
    read = _counted(client.get_task, len(wanted), progress) if progress else client.get_task
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        details = dict(zip(wanted, pool.map(read, wanted), strict=True))
    return [remote_task(task, details.get(task.job_id)) for task in summaries]


def _counted(
    read: Callable[[int], TaskDetail], total: int, progress: Progress
) -> Callable[[int], TaskDetail]:
    lock, done = threading.Lock(), [0]
    progress(0, total)

    def counted(job_id: int) -> TaskDetail:
        detail = read(job_id)
        with lock:
            done[0] += 1
            progress(done[0], total)
        return detail

    return counted


def remote_task(summary: TaskSummary, detail: TaskDetail | None) -> RemoteTask:
    if detail is None:
        return RemoteTask(
            job_id=summary.job_id,
            task_name=summary.task_name,
            status=summary.status,
            number_count=summary.number_count,
        )
    return RemoteTask(
        job_id=detail.job_id,
        task_name=detail.task_name,
        status=detail.status,
        number_count=detail.number_count,
        fields=dict(detail.fields),
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
