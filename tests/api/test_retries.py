"""Retries happen only where they cannot duplicate anything; proven by counting tasks."""

import datetime
import random
import socket
import threading
from collections.abc import Callable
from typing import Any

import pytest

from broadcastctl.api import (
    AmbiguousWriteError,
    ApiConfig,
    ApiUnreachableError,
    Client,
    UnexpectedResponseError,
)
from broadcastctl.api.records import TaskSummary
from broadcastctl.sandbox import Faults, SandboxServer

QUERY = "voice/group/call/query"
SEND = "voice/group/call/send"
DAY = datetime.timedelta(days=1)


class Sleeps(list[float]):
    """Records the waits a client asks for, instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def all_tasks(client: Client) -> list[TaskSummary]:
    now = client.now()
    return client.list_tasks(created_from=now - DAY, created_to=now + DAY)


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_a_burst_of_5xx_on_reads_is_retried_until_it_succeeds(
    client: Client, sandbox: SandboxServer, task_body: Callable[..., dict[str, Any]]
) -> None:
    client.create_task(task_body())
    sandbox.set_faults(Faults(fail_next=2, fail_path=QUERY))

    assert len(all_tasks(client)) == 1
    assert client.calls[QUERY] == 3


def test_a_seeded_share_of_5xx_and_429_is_ridden_out_by_retries(
    make_client: Callable[..., Client],
    sandbox: SandboxServer,
    task_body: Callable[..., dict[str, Any]],
) -> None:
    api = make_client(max_attempts=8)
    job_id = api.create_task(task_body())
    sandbox.set_faults(Faults(error_rate=0.3, throttle_rate=0.2, seed=3))

    for _ in range(30):
        assert api.get_task(job_id).job_id == job_id

    detail_calls = api.calls["voice/group/call/detail"]
    assert 40 < detail_calls < 120  # about 30 / (1 - 0.5), fixed by the seed


def test_latency_beyond_the_timeout_fails_every_attempt(
    make_client: Callable[..., Client], sandbox: SandboxServer
) -> None:
    api = make_client(timeout=0.1, max_attempts=2)
    sandbox.set_faults(Faults(latency=30))

    with pytest.raises(ApiUnreachableError, match=r"no answer within 0\.1 s"):
        api.get_task(5_000_001)

    assert api.calls["voice/group/call/detail"] == 2


def test_reads_give_up_after_max_attempts_saying_what_came_back(
    client: Client, sandbox: SandboxServer
) -> None:
    sandbox.set_faults(Faults(fail_next=10, fail_path=QUERY))

    with pytest.raises(ApiUnreachableError) as failure:
        all_tasks(client)

    assert client.calls[QUERY] == 4
    assert "HTTP 503" in str(failure.value)
    assert "503 Service Unavailable" in str(failure.value)  # the start of the body


def test_backoff_is_exponential_with_full_jitter(
    make_client: Callable[..., Client], sandbox: SandboxServer
) -> None:
    sleeps = Sleeps()
    api = make_client(backoff=0.5, sleep=sleeps, rng=random.Random(7))
    sandbox.set_faults(Faults(fail_next=3, fail_path=QUERY))

    all_tasks(api)

    assert len(sleeps) == 3
    for attempt, wait in enumerate(sleeps, start=1):
        assert 0 <= wait <= 0.5 * 2 ** (attempt - 1)
    same_draws = random.Random(7)
    assert sleeps == [same_draws.uniform(0, 0.5 * 2**n) for n in range(3)]


def test_429_on_a_read_honours_retry_after(
    make_client: Callable[..., Client], sandbox: SandboxServer
) -> None:
    sleeps = Sleeps()
    api = make_client(backoff=0.5, sleep=sleeps)
    sandbox.set_faults(Faults(fail_next=1, fail_status=429, retry_after=7, fail_path=QUERY))

    assert all_tasks(api) == []
    assert sleeps == [7.0]


def test_a_429_pauses_every_thread_until_the_wait_it_asks_for_is_over(
    make_client: Callable[..., Client], sandbox: SandboxServer
) -> None:
    """The vendor throttles the client, not one request: a thread starting a call during the
    pause waits out what is left of it before it sends anything; the thread that was told
    waits once."""
    waits: list[tuple[float, int]] = []  # (seconds, requests sent before the wait)
    made: list[Client] = []

    def wait(seconds: float) -> None:
        waits.append((seconds, made[0].calls[QUERY]))

    api = make_client(sleep=wait)
    made.append(api)
    sandbox.set_faults(Faults(fail_next=1, fail_status=429, retry_after=5, fail_path=QUERY))

    assert all_tasks(api) == []  # refused once, then read after its 5 s
    other = threading.Thread(target=all_tasks, args=(api,))
    other.start()
    other.join()
    assert all_tasks(api) == []  # the thread that waited the pause out goes on at once

    assert waits[0] == (5.0, 1)
    [(left, sent)] = waits[1:]
    assert 4.0 < left < 5.0  # the rest of the pause, on the real clock
    assert sent == 2  # the other thread waited before its first request
    assert api.calls[QUERY] == 4


def test_a_pause_past_the_runs_time_sends_nothing(
    make_client: Callable[..., Client],
    sandbox: SandboxServer,
    task_body: Callable[..., dict[str, Any]],
) -> None:
    waits: list[float] = []
    api = make_client(run_timeout=20.0, max_attempts=1, sleep=waits.append)
    sandbox.set_faults(Faults(fail_next=1, fail_status=429, retry_after=30, fail_path=QUERY))
    with pytest.raises(ApiUnreachableError, match="rate-limiting"):
        all_tasks(api)
    with pytest.raises(ApiUnreachableError, match=r"pause of 30 s .*; nothing was sent"):
        api.create_task(task_body())
    assert waits == []
    assert api.calls.get(SEND, 0) == 0
    assert all_tasks(make_client()) == []


def test_429_asking_for_too_long_a_wait_is_not_waited_for(
    make_client: Callable[..., Client], sandbox: SandboxServer
) -> None:
    sleeps = Sleeps()
    api = make_client(sleep=sleeps)
    sandbox.set_faults(Faults(fail_next=1, fail_status=429, retry_after=3600))

    with pytest.raises(ApiUnreachableError, match="wait 3600 s"):
        all_tasks(api)
    assert sleeps == []


def test_429_on_a_create_is_retried_and_creates_exactly_one_task(
    make_client: Callable[..., Client],
    sandbox: SandboxServer,
    task_body: Callable[..., dict[str, Any]],
) -> None:
    sleeps = Sleeps()
    api = make_client(sleep=sleeps)
    sandbox.set_faults(Faults(fail_next=2, fail_status=429, retry_after=2, fail_path=SEND))

    job_id = api.create_task(task_body())

    assert [task.job_id for task in all_tasks(api)] == [job_id]
    assert api.calls[SEND] == 3
    assert sleeps == [2.0, 2.0]


def test_5xx_on_a_create_is_ambiguous_and_never_retried(
    client: Client, sandbox: SandboxServer, task_body: Callable[..., dict[str, Any]]
) -> None:
    sandbox.set_faults(Faults(fail_next=1, fail_path=SEND))

    with pytest.raises(AmbiguousWriteError, match="may or may not have been applied"):
        client.create_task(task_body())

    assert client.calls[SEND] == 1
    assert all_tasks(client) == []


def test_a_connection_dropped_after_a_committed_create_is_ambiguous(
    client: Client, sandbox: SandboxServer, task_body: Callable[..., dict[str, Any]]
) -> None:
    sandbox.set_faults(Faults(drop_next_creates=1))

    with pytest.raises(AmbiguousWriteError) as failure:
        client.create_task(task_body())

    assert "closed without an answer" in str(failure.value)
    assert client.calls[SEND] == 1
    assert [task.task_name for task in all_tasks(client)] == ["spring-sale"]


def test_a_read_timeout_on_a_create_is_ambiguous_and_never_retried(
    make_client: Callable[..., Client],
    sandbox: SandboxServer,
    task_body: Callable[..., dict[str, Any]],
) -> None:
    api = make_client(timeout=0.3)
    sandbox.set_faults(Faults(slow_next=1, slow_seconds=30, fail_path=SEND))

    with pytest.raises(AmbiguousWriteError, match=r"no answer within 0\.3 s"):
        api.create_task(task_body())

    assert api.calls[SEND] == 1


def test_a_read_timeout_on_a_read_is_retried(
    make_client: Callable[..., Client], sandbox: SandboxServer
) -> None:
    api = make_client(timeout=0.3)
    sandbox.set_faults(Faults(slow_next=1, slow_seconds=30, fail_path=QUERY))

    assert all_tasks(api) == []
    assert api.calls[QUERY] == 2


@pytest.mark.parametrize("write", ["update", "cancel"])
def test_5xx_on_other_writes_is_ambiguous_too(
    client: Client, sandbox: SandboxServer, task_body: Callable[..., dict[str, Any]], write: str
) -> None:
    job_id = client.create_task(task_body())
    calls = {
        "update": lambda: client.update_task(job_id, task_body("renamed")),
        "cancel": lambda: client.cancel_tasks([job_id]),
    }
    sandbox.set_faults(Faults(fail_next=1, fail_status=502))

    with pytest.raises(AmbiguousWriteError, match="HTTP 502"):
        calls[write]()

    assert sum(client.calls.values()) == 2


def test_writes_are_retried_when_the_connection_is_refused() -> None:
    port = unused_port()
    config = ApiConfig(url=f"http://127.0.0.1:{port}", api_key="k", api_secret="s")
    with Client(config, backoff=0, timeout=2) as api:
        with pytest.raises(ApiUnreachableError, match=r"connection refused.*nothing was sent"):
            api.create_task({"taskName": "never-sent"})
        with pytest.raises(ApiUnreachableError):
            api.get_task(1)

        assert api.calls == {SEND: 4, "voice/group/call/detail": 4}


def test_a_non_json_answer_to_a_read_says_what_came_back(
    client: Client, sandbox: SandboxServer
) -> None:
    sandbox.set_faults(Faults(fail_next=1, fail_status=200))

    with pytest.raises(UnexpectedResponseError) as failure:
        client.get_task(5_000_001)

    assert "HTTP 200" in str(failure.value)
    assert "<html>" in str(failure.value)
    assert client.calls["voice/group/call/detail"] == 1


def test_a_non_json_answer_to_a_write_is_ambiguous(
    client: Client, sandbox: SandboxServer, task_body: Callable[..., dict[str, Any]]
) -> None:
    sandbox.set_faults(Faults(fail_next=1, fail_status=200))

    with pytest.raises(AmbiguousWriteError, match="not the vendor's JSON"):
        client.create_task(task_body())


def test_an_unexpected_status_is_not_retried(client: Client, sandbox: SandboxServer) -> None:
    sandbox.set_faults(Faults(fail_next=5, fail_status=404))

    with pytest.raises(UnexpectedResponseError, match="HTTP 404"):
        client.get_task(5_000_001)

    assert client.calls["voice/group/call/detail"] == 1


def test_vendor_errors_are_never_retried(client: Client, sandbox: SandboxServer) -> None:
    sandbox.set_faults(Faults(fail_next=5, fail_code=-18))

    with pytest.raises(Exception, match="vendor code -18"):
        client.get_task(5_000_001)

    assert client.calls["voice/group/call/detail"] == 1
