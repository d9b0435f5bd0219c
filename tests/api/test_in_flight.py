"""The client's bound on requests in flight: none until the vendor answers 429, then cut by
half, and grown back by one for each bound's worth of successes (additive increase,
multiplicative decrease), so that a vendor capping requests at once is met at its cap."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from broadcastctl.api import Client
from broadcastctl.api.transport import Concurrency
from broadcastctl.sandbox import Faults, SandboxServer

DETAIL = "voice/group/call/detail"
FOREVER = 10**9  # a budget that does not run out in a test


def never_ends() -> float:
    return time.monotonic() + FOREVER


def test_no_bound_until_a_429() -> None:
    limit = Concurrency(ceiling=64)
    numbers = [limit.acquire(never_ends) for _ in range(64)]
    assert None not in numbers
    assert limit.bound == 64


def test_a_429_halves_what_was_in_flight_once_for_a_burst() -> None:
    limit = Concurrency(ceiling=64)
    first, second, *rest = [limit.acquire(never_ends) for _ in range(8)]
    assert first is not None
    assert second is not None
    limit.release(first, throttled=True)
    assert limit.bound == 4  # eight were in flight
    limit.release(second, throttled=True)  # started before the cut: the same burst
    assert limit.bound == 4
    assert limit.acquire(time.monotonic) is None  # six in flight, room for four: none left
    later = [number for number in rest if number is not None]
    for number in later[:3]:
        limit.release(number, throttled=False)
    assert limit.bound == pytest.approx(4 + 1 / 4 + 1 / 4.25 + 1 / (4.25 + 1 / 4.25))
    newer = limit.acquire(never_ends)  # three in flight now, under the bound
    assert newer is not None
    limit.release(newer, throttled=True)  # started after the cut: a new burst
    assert limit.bound == 2  # four were in flight


def test_the_bound_never_falls_below_one_nor_grows_past_its_ceiling() -> None:
    limit = Concurrency(ceiling=2)
    number = limit.acquire(never_ends)
    assert number is not None
    limit.release(number, throttled=True)
    assert limit.bound == 1
    for _ in range(10):
        number = limit.acquire(never_ends)
        assert number is not None
        limit.release(number, throttled=False)
    assert limit.bound == 2


def test_a_vendor_capping_requests_at_once_is_met_at_its_cap(
    make_client: Callable[..., Client],
    sandbox: SandboxServer,
    task_body: Callable[..., dict[str, Any]],
) -> None:
    """Eight threads against a cap of three: without a bound, five of every eight requests are
    refused and retried at once, and calls run out of attempts; with it, each is read."""
    api = make_client(max_attempts=8)
    job_ids = [api.create_task(task_body(f"task {index}")) for index in range(3)]
    sandbox.set_faults(Faults(max_in_flight=3, latency=0.05, retry_after=0))

    with ThreadPoolExecutor(8) as pool:
        details = list(pool.map(api.get_task, job_ids * 16))

    assert [detail.job_id for detail in details] == job_ids * 16
    refused = api.calls[DETAIL] - len(details)
    assert 0 < refused < len(details) // 2


def test_a_call_waiting_for_room_when_the_runs_time_ends_sends_nothing(
    make_client: Callable[..., Client],
    sandbox: SandboxServer,
    task_body: Callable[..., dict[str, Any]],
) -> None:
    """Two reads against a cap of one, the first held past the run's one second: the other,
    refused, cut the bound to one and waits for room, which the run's end comes before."""
    api = make_client(run_timeout=1.0)
    job_id = api.create_task(task_body())
    sandbox.set_faults(Faults(max_in_flight=1, latency=5.0, retry_after=0))
    with ThreadPoolExecutor(2) as pool:
        reads = [pool.submit(api.get_task, job_id) for _ in range(2)]
        failures = sorted(str(read.exception()) for read in reads)
    assert len(failures) == 2
    assert "the answer ran past the end of the run's time" in failures[1]
    assert "no room among the requests in flight" in failures[0]
    assert api.calls[DETAIL] == 2  # the one held, and the one refused: nothing after
