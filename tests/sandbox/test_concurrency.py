"""Simultaneous requests over HTTP: of two creates with one name, exactly one wins."""

import datetime
import threading
from collections.abc import Callable
from typing import Any

from broadcastctl.api import AlreadyExistsError, Client

DAY = datetime.timedelta(days=1)


def in_parallel(count: int, work: Callable[[int], Any]) -> tuple[list[Any], list[Exception]]:
    """Run work(index) on `count` threads released together; return results and errors."""
    start = threading.Barrier(count)
    results: list[Any] = []
    errors: list[Exception] = []

    def run(index: int) -> None:
        start.wait()
        try:
            results.append(work(index))
        except Exception as error:  # collected for the assertions
            errors.append(error)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_of_simultaneous_creates_with_one_name_exactly_one_wins(
    client: Client, task_body: Callable[..., dict[str, Any]]
) -> None:
    results, errors = in_parallel(8, lambda index: client.create_task(task_body("same-name")))

    assert len(results) == 1
    assert len(errors) == 7
    assert all(isinstance(error, AlreadyExistsError) for error in errors)
    now = client.now()
    tasks = client.list_tasks(created_from=now - DAY, created_to=now + DAY)
    assert [task.job_id for task in tasks] == results


def test_simultaneous_creates_with_different_names_get_distinct_ids(
    client: Client, task_body: Callable[..., dict[str, Any]]
) -> None:
    results, errors = in_parallel(8, lambda index: client.create_task(task_body(f"name-{index}")))

    assert errors == []
    assert sorted(results) == list(range(5_000_001, 5_000_009))


def test_simultaneous_uploads_with_one_name_store_one_file(client: Client) -> None:
    results, errors = in_parallel(6, lambda index: client.upload_voice_file("same.mp3", b"ID3"))

    assert len(results) == 1
    assert all(isinstance(error, AlreadyExistsError) for error in errors)
    assert len(client.list_voice_files()) == 1
