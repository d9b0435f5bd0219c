"""The /_sandbox/ paths: faults and clock at run time, no signature, loopback clients only."""

import socket

import pytest
import requests

from broadcastctl.api import ApiError, Client
from broadcastctl.api.config import is_loopback_host
from broadcastctl.sandbox import SandboxServer
from broadcastctl.sandbox.handler import VendorHandler

QUERY = "voice/group/call/query"


@pytest.mark.parametrize(
    "address", ["127.0.0.1", "127.10.20.30", "::1", "::ffff:127.0.0.1", "::1%1"]
)
def test_loopback_clients_are_recognised(address: str) -> None:
    assert is_loopback_host(address)


@pytest.mark.parametrize(
    "address", ["10.0.0.7", "192.168.1.20", "::ffff:10.0.0.7", "2001:db8::1", "", "example.com"]
)
def test_other_clients_are_not(address: str) -> None:
    assert not is_loopback_host(address)


def test_the_handler_refuses_a_client_that_is_not_loopback(sandbox: SandboxServer) -> None:
    """Hand the handler a loopback TCP connection whose client address claims 10.0.0.7."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        theirs = socket.create_connection(listener.getsockname())
        ours, _ = listener.accept()
    with ours, theirs:
        theirs.sendall(
            b"GET /_sandbox/faults HTTP/1.1\r\nHost: sandbox\r\nConnection: close\r\n\r\n"
        )
        assert sandbox._httpd is not None
        VendorHandler(ours, ("10.0.0.7", 40000), sandbox._httpd)
        ours.shutdown(socket.SHUT_WR)
        answer = theirs.makefile("rb").read()

    assert answer.startswith(b"HTTP/1.1 403")
    assert b"only to this machine" in answer


def test_faults_are_read_and_replaced_without_a_signature(sandbox: SandboxServer) -> None:
    url = f"{sandbox.url}/_sandbox/faults"

    replaced = requests.put(url, json={"fail_next": 2, "fail_path": QUERY}, timeout=10).json()
    shown = requests.get(url, timeout=10).json()

    assert replaced == shown
    assert (shown["fail_next"], shown["fail_path"], shown["error_rate"]) == (2, QUERY, 0.0)
    assert sandbox.faults.fail_next == 2


def test_a_bad_fault_is_a_400_naming_it(sandbox: SandboxServer) -> None:
    response = requests.put(f"{sandbox.url}/_sandbox/faults", json={"eror_rate": 1}, timeout=10)

    assert response.status_code == 400
    assert "eror_rate" in response.json()["error"]


def test_admin_paths_are_never_faulted(sandbox: SandboxServer) -> None:
    requests.put(f"{sandbox.url}/_sandbox/faults", json={"error_rate": 1.0}, timeout=10)

    assert requests.get(f"{sandbox.url}/_sandbox/health", timeout=10).json() == {"ok": True}


def test_the_clock_is_moved_through_the_admin_path(sandbox: SandboxServer) -> None:
    url = f"{sandbox.url}/_sandbox/clock"

    frozen = requests.post(url, json={"freeze": True, "set": "2030-01-01 09:00:00"}, timeout=10)
    moved = requests.post(url, json={"advance": 90}, timeout=10).json()

    assert frozen.json()["time"] == "2030-01-01 09:00:00"
    assert (moved["time"], moved["frozen"]) == ("2030-01-01 09:01:30", True)
    assert requests.post(url, json={"reset": True}, timeout=10).json()["frozen"] is False


@pytest.mark.parametrize(
    "body", [{}, {"advance": "1h"}, {"set": "tomorrow"}, {"rewind": 5}, ["advance", 5]]
)
def test_a_bad_clock_move_is_a_400(sandbox: SandboxServer, body: object) -> None:
    assert requests.post(f"{sandbox.url}/_sandbox/clock", json=body, timeout=10).status_code == 400


def test_an_unknown_admin_path_lists_the_known_ones(sandbox: SandboxServer) -> None:
    response = requests.get(f"{sandbox.url}/_sandbox/tasks", timeout=10)

    assert response.status_code == 404
    assert "/_sandbox/clock" in response.json()["error"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b'{"advance": 1e308}', "advance"),
        (b'{"advance": 1e400}', "advance"),
        (b'{"advance": Infinity}', "advance"),
        (b'{"advance": -Infinity}', "advance"),
        (b'{"advance": NaN}', "advance"),
        (b'{"advance": 252288000000}', "advance"),
        (b'{"advance": -252288000000}', "advance"),
        (b'{"freeze": true, "advance": 252288000000}', "advance"),
    ],
)
def test_a_clock_move_out_of_range_is_refused_and_nothing_moves(
    sandbox: SandboxServer, body: bytes, field: str
) -> None:
    url = f"{sandbox.url}/_sandbox/clock"
    headers = {"Content-Type": "application/json"}
    before = requests.get(url, timeout=10).json()

    answer = requests.post(url, data=body, headers=headers, timeout=10)

    assert answer.status_code == 400
    assert field in answer.json()["error"]
    after = requests.get(url, timeout=10).json()
    assert (after["frozen"], abs(after["offset"] - before["offset"]) < 60) == (False, True)
    assert sandbox.clock.offset < 60  # what a restart would read back is unchanged too


def test_a_refused_clock_move_is_not_stored_for_the_next_start(sandbox: SandboxServer) -> None:
    url = f"{sandbox.url}/_sandbox/clock"
    requests.post(url, json={"advance": 252288000000}, timeout=10)
    sandbox.stop()

    with SandboxServer(sandbox.db_path, api_key="k" * 8, api_secret="s" * 8) as again:
        assert abs(again.clock.offset) < 60
        assert requests.get(f"{again.url}/_sandbox/clock", timeout=10).status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b'{"latency": 1e308}', "latency"),
        (b'{"latency": Infinity}', "latency"),
        (b'{"latency": NaN}', "latency"),
        (b'{"slow_next": 1, "slow_seconds": 1e308}', "slow_seconds"),
        (b'{"late_answers": 1e12}', "late_answers"),
        (b'{"retry_after": 10000000000}', "retry_after"),
        (b'{"clock_skew": -1e308}', "clock_skew"),
        (b'{"clock_skew": NaN}', "clock_skew"),
    ],
)
def test_a_fault_out_of_range_is_refused_naming_it(
    sandbox: SandboxServer, body: bytes, field: str
) -> None:
    url = f"{sandbox.url}/_sandbox/faults"
    headers = {"Content-Type": "application/json"}

    answer = requests.put(url, data=body, headers=headers, timeout=10)

    assert answer.status_code == 400
    assert field in answer.json()["error"]
    assert requests.get(url, timeout=10).json()[field] in (0, 0.0, 1)  # still the default


@pytest.mark.parametrize("offset", [1e308, float("inf"), float("nan"), -1e12])
def test_a_clock_stored_out_of_range_starts_as_the_wall_clock(
    sandbox: SandboxServer, offset: float
) -> None:
    """What an older version could store: the next start must still serve its clock."""
    sandbox.clock.advance(offset)  # in-process: unchecked, and stored
    sandbox.stop()

    with SandboxServer(sandbox.db_path, api_key="k" * 8, api_secret="s" * 8) as again:
        assert abs(again.clock.offset) < 60
        answer = requests.get(f"{again.url}/_sandbox/clock", timeout=10)
        assert answer.status_code == 200


def test_the_resend_call_s_open_points_are_chosen_at_run_time(
    sandbox: SandboxServer, client: Client
) -> None:
    url = f"{sandbox.url}/_sandbox/faults"
    sandbox.clock.freeze()
    parent = client.create_task(
        {"appId": "app-1", "taskName": "parent", "numberList": ["84901234567"], "source": 3,
         "text": "Hello", "lan": "EN", "loopCount": 1, "maxCalls": 60}
    )  # fmt: skip
    client.cancel_tasks([parent])
    body = {"appId": "app-1", "taskName": "again", "source": 3, "text": "Hi", "lan": "EN",
            "loopCount": 1, "maxCalls": 60}  # fmt: skip
    with pytest.raises(ApiError, match="cancelled"):
        client.resend_task(body, parent, 0)
    chosen = {"resend_answer": "parent-id", "resend_cancelled": "accept"}
    assert requests.put(url, json=chosen, timeout=10).status_code == 200
    assert {key: requests.get(url, timeout=10).json()[key] for key in chosen} == chosen
    # The answer names the parent: the client finds the new task by its name instead.
    new_id = client.resend_task(body, parent, 0)
    assert new_id != parent
    assert client.get_task(new_id).task_name == "again"
    refused = requests.put(url, json={"resend_unfinished": "sometimes"}, timeout=10)
    assert refused.status_code == 400
    assert "resend_unfinished" in refused.json()["error"]
