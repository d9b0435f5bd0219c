"""The key, the secret and the Sign never show in an error, a repr or a log line."""

import datetime
import logging
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from broadcastctl.api import ApiConfig, ApiError, Client, sign
from broadcastctl.sandbox import Faults, SandboxServer

KEY = "KEY-d41d8cd98f00b204"
SECRET = "SECRET-e9800998ecf8427e"
SEND = "voice/group/call/send"


@pytest.fixture
def frozen_sandbox(tmp_path: Path) -> Iterator[SandboxServer]:
    """A sandbox with a distinctive key and secret, its clock stopped so the Sign is known."""
    with SandboxServer(tmp_path / "s.sqlite3", api_key=KEY, api_secret=SECRET) as server:
        server.clock.freeze()
        yield server


def forbidden(server: SandboxServer) -> list[str]:
    timestamp = str(int(server.clock.now()))
    signature = sign(KEY, SECRET, timestamp)
    return [KEY, SECRET, signature, signature.upper()]


def failures(
    server: SandboxServer,
    make_client: Callable[..., Client],
    task_body: Callable[..., dict[str, Any]],
) -> tuple[list[ApiError], list[Client]]:
    """Every way a call can fail, each as the exception it raised."""
    api = make_client(server, timeout=0.3)
    wrong_config = ApiConfig(url=server.url, api_key=KEY, api_secret="not-" + SECRET)
    wrong = Client(wrong_config, clock=server.clock.now, backoff=0)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    refused_config = ApiConfig(
        url=f"http://127.0.0.1:{closed_port}", api_key=KEY, api_secret=SECRET
    )
    refused = Client(refused_config, backoff=0)
    # A task whose name is the secret: the vendor's -20 reason then quotes it back.
    api.create_task(task_body(SECRET))
    now = api.now()
    day = datetime.timedelta(days=1)

    attempts = [
        lambda: wrong.get_task(1),
        lambda: api.create_task(task_body("x")),  # -22: taskName too short
        lambda: api.create_task(task_body(SECRET)),  # -20, reason quotes the name
        lambda: api.get_task(1),  # -24
        lambda: refused.create_task(task_body()),
        lambda: refused.list_tasks(created_from=now - day, created_to=now),
    ]
    faults = [
        Faults(clock_skew=3600),
        Faults(fail_next=9),
        Faults(fail_next=9, fail_status=429, retry_after=3600),
        Faults(fail_next=1, fail_status=200),
        Faults(fail_next=1, fail_code=-99),
        Faults(drop_next_creates=1),
        Faults(slow_next=1, slow_seconds=30),
    ]
    raised = [_raised(attempt) for attempt in attempts]
    for fault in faults:
        server.set_faults(fault)
        raised.append(_raised(lambda: api.create_task(task_body("secret-test"))))
        raised.append(_raised(lambda: api.get_task(5_000_001)))
    server.set_faults(Faults())
    return [error for error in raised if error is not None], [api, wrong, refused]


def _raised(call: Callable[[], object]) -> ApiError | None:
    try:
        call()
    except ApiError as error:
        return error
    return None


def test_no_error_text_repr_or_log_line_holds_key_secret_or_sign(
    frozen_sandbox: SandboxServer,
    make_client: Callable[..., Client],
    task_body: Callable[..., dict[str, Any]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)

    errors, clients = failures(frozen_sandbox, make_client, task_body)

    assert len(errors) >= 15
    texts = [str(error) for error in errors] + [repr(error) for error in errors]
    texts += [str(error.reason) for error in errors]
    texts += [repr(api) for api in clients] + [repr(api.config) for api in clients]
    texts.append(caplog.text)
    for text in texts:
        for secret in forbidden(frozen_sandbox):
            assert secret not in text


def test_the_vendors_reason_is_redacted_where_it_quotes_the_secret(
    frozen_sandbox: SandboxServer,
    make_client: Callable[..., Client],
    task_body: Callable[..., dict[str, Any]],
) -> None:
    api = make_client(frozen_sandbox)
    api.create_task(task_body(SECRET))

    with pytest.raises(ApiError) as taken:
        api.create_task(task_body(SECRET))

    assert "[redacted]" in str(taken.value)
