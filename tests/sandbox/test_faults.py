"""Faults on request: deterministic by count, reproducible by seed, and only on vendor paths."""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

from broadcastctl.errors import UsageError
from broadcastctl.sandbox import Faults, SandboxServer
from broadcastctl.sandbox.faults import FaultState

QUERY = "voice/group/call/query"
WINDOW = {"strTime": "2030-01-01 00:00:00", "endTime": "2030-01-02 00:00:00"}
BODY = {"current": 1, "size": 1, "params": WINDOW}


def statuses(state: FaultState, path: str, count: int) -> list[int | None]:
    return [state.before(path).status for _ in range(count)]


def test_the_same_seed_draws_the_same_failures() -> None:
    faults = Faults(error_rate=0.3, throttle_rate=0.2, seed=42)

    first = statuses(FaultState(faults), QUERY, 200)
    second = statuses(FaultState(faults), QUERY, 200)

    assert first == second
    assert 40 < first.count(503) < 80
    assert 20 < first.count(429) < 60
    assert statuses(FaultState(Faults(error_rate=0.3, seed=43)), QUERY, 200) != first


def test_count_based_failures_hit_only_their_path_and_run_out() -> None:
    state = FaultState(Faults(fail_next=2, fail_path="voice/group/call/detail", fail_status=502))

    assert state.before(QUERY).status is None
    assert statuses(state, "voice/group/call/detail", 3) == [502, 502, None]
    assert state.faults.fail_next == 0


def test_a_path_with_a_v3_prefix_or_an_id_still_matches() -> None:
    state = FaultState(Faults(fail_next=2, fail_path="/v3/voice/group/call/detail"))

    assert statuses(state, "voice/group/call/detail", 2) == [503, 503]


def test_drop_next_creates_counts_creates_only() -> None:
    state = FaultState(Faults(drop_next_creates=1))

    assert [state.drop_after_create(), state.drop_after_create()] == [True, False]


def test_slow_next_adds_its_delay_to_the_latency() -> None:
    state = FaultState(Faults(latency=0.1, slow_next=1, slow_seconds=2.0))

    assert [state.before(QUERY).delay, state.before(QUERY).delay] == [2.1, 0.1]


@pytest.mark.parametrize(
    "data",
    [
        {"error_rate": 1.5},
        {"error_rate": 0.6, "throttle_rate": 0.6},
        {"fail_next": -1},
        {"fail_status": 99},
        {"fail_next": "2"},
        {"retry_after": 1.5},
        {"latency": True},
        {"no_such_fault": 1},
        [],
    ],
)
def test_bad_faults_are_refused(data: dict[str, Any]) -> None:
    with pytest.raises(UsageError):
        Faults.from_json(data)


def test_faults_round_trip_through_json() -> None:
    faults = Faults(error_rate=0.25, fail_next=3, fail_path=QUERY, fail_code=-18, clock_skew=-30)

    assert Faults.from_json(faults.to_json()) == faults


def test_every_request_failing_answers_503_with_an_html_page(
    http: Callable[..., requests.Response], sandbox: SandboxServer
) -> None:
    sandbox.set_faults(Faults(error_rate=1.0))

    response = http(QUERY, BODY)

    assert response.status_code == 503
    assert response.headers["Content-Type"] == "text/html"
    assert response.text.startswith("<html>")


def test_throttled_requests_carry_retry_after(
    http: Callable[..., requests.Response], sandbox: SandboxServer
) -> None:
    sandbox.set_faults(Faults(throttle_rate=1.0, retry_after=9))

    response = http(QUERY, BODY)

    assert (response.status_code, response.headers["Retry-After"]) == (429, "9")


def test_requests_beyond_the_cap_in_flight_are_answered_429(
    http: Callable[..., requests.Response], sandbox: SandboxServer
) -> None:
    """One reading of the rate limit the vendor leaves open: a cap on requests handled at
    once, their latency included."""
    sandbox.set_faults(Faults(max_in_flight=2, latency=0.5, retry_after=3))
    together = threading.Barrier(3)

    def one(_: int) -> requests.Response:
        together.wait()
        return http(QUERY, BODY)

    with ThreadPoolExecutor(3) as pool:
        answers = list(pool.map(one, range(3)))

    assert sorted(answer.status_code for answer in answers) == [200, 200, 429]
    [refused] = [answer for answer in answers if answer.status_code == 429]
    assert refused.headers["Retry-After"] == "3"
    assert http(QUERY, BODY).status_code == 200  # the two are answered: room again


def test_the_cap_counts_a_request_until_it_is_done() -> None:
    state = FaultState(Faults(max_in_flight=1))
    assert state.admit()
    assert not state.admit()
    state.done()
    assert state.admit()
    assert FaultState(Faults()).admit()  # no cap


def test_a_fault_code_is_answered_in_the_endpoints_envelope(
    http: Callable[..., requests.Response],
    sandbox: SandboxServer,
    task_body: Callable[..., dict[str, Any]],
) -> None:
    sandbox.set_faults(Faults(fail_next=2, fail_code=-10))

    assert http(QUERY, BODY).json() == {"code": -10, "msg": "fault injected"}
    assert http("voice/group/call/send", task_body()).json()["status"] == "-10"


def test_a_dropped_create_is_committed_but_never_answered(
    http: Callable[..., requests.Response],
    sandbox: SandboxServer,
    task_body: Callable[..., dict[str, Any]],
) -> None:
    sandbox.set_faults(Faults(drop_after_create_rate=1.0))

    with pytest.raises(requests.ConnectionError):
        http("voice/group/call/send", task_body())

    sandbox.set_faults(Faults())
    detail = http("voice/group/call/detail/5000001", method="GET").json()
    assert detail["data"]["taskName"] == "spring-sale"


def test_faults_in_force_show_what_is_left(sandbox: SandboxServer) -> None:
    sandbox.set_faults(Faults(fail_next=3))

    assert sandbox.faults.fail_next == 3
