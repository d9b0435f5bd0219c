"""Bad input answers the vendor's -22, never a -18 with a traceback; the admin paths refuse what
a web page in the user's browser could send them."""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Callable
from typing import Any

import pytest
import requests

from broadcastctl.sandbox import SandboxServer

QUERY = "voice/group/call/query"
SEND = "voice/group/call/send"
DETAIL = "voice/group/call/detail"


def raw(
    sandbox: SandboxServer, signed: Callable[..., dict[str, str]], path: str, body: bytes
) -> Any:
    answer = requests.post(f"{sandbox.url}/{path}", data=body, headers=signed(), timeout=10)
    assert answer.status_code == 200
    return answer.json()


def code_of(answer: dict[str, Any]) -> int:
    return int(answer["status"] if "status" in answer else answer["code"])


@pytest.mark.parametrize(
    "body",
    [
        b'{"taskName":' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        b'{"taskName":"\\ud800","appId":"a"}',
        b'{"taskName":"caf\xb2"}',
        b'{"current":' + b"9" * 5000 + b',"size":10}',
    ],
    ids=["deep", "surrogate", "bad-utf8", "huge-integer"],
)
def test_a_bad_create_body_is_invalid_not_a_system_error(
    sandbox: SandboxServer,
    signed: Callable[..., dict[str, str]],
    body: bytes,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.ERROR):
        assert code_of(raw(sandbox, signed, SEND, body)) == -22
    assert not [r for r in caplog.records if r.exc_info]


def test_a_lone_surrogate_in_a_list_search_is_invalid(
    sandbox: SandboxServer, signed: Callable[..., dict[str, str]]
) -> None:
    body = b'{"current":1,"size":10,"params":{"searchCondition":"\\udc00"}}'
    assert code_of(raw(sandbox, signed, QUERY, body)) == -22


@pytest.mark.parametrize("current", [10**18, 2**63, 2**62 + 1])
def test_paging_far_beyond_a_page_number_is_invalid(
    sandbox: SandboxServer,
    http: Callable[..., requests.Response],
    current: int,
    caplog: pytest.LogCaptureFixture,
) -> None:
    body = {"current": current, "size": 100, "params": {"strTime": "2020-01-01 00:00:00",
            "endTime": "2030-01-01 00:00:00"}}  # fmt: skip
    with caplog.at_level(logging.ERROR):
        answer = http(QUERY, body).json()
    assert code_of(answer) == -22
    assert not [r for r in caplog.records if r.exc_info]


@pytest.mark.parametrize("job_id", ["9" * 5000, "%C2%B2", "\u00b2", "99999999999999999999"])
def test_a_bad_detail_id_is_invalid(
    sandbox: SandboxServer,
    http: Callable[..., requests.Response],
    job_id: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.ERROR):
        answer = http(f"{DETAIL}/{job_id}", method="GET").json()
    assert code_of(answer) in (-22, -24)
    assert not [r for r in caplog.records if r.exc_info]


CLOCK = "_sandbox/clock"


def test_the_admin_api_refuses_a_body_that_is_not_json(sandbox: SandboxServer) -> None:
    before = sandbox.clock.now()
    answer = requests.post(
        f"{sandbox.url}/{CLOCK}",
        data='{"advance": "365d"}',
        headers={"Content-Type": "text/plain"},
        timeout=10,
    )
    assert answer.status_code == 415
    assert sandbox.clock.now() - before < 3600


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Host": "evil.example"},
        {"Host": "rebound.example:8080"},
        {"Origin": "null"},
    ],
)
def test_the_admin_api_refuses_a_foreign_origin_or_host(
    sandbox: SandboxServer, headers: dict[str, str]
) -> None:
    before = sandbox.clock.now()
    answer = requests.post(
        f"{sandbox.url}/{CLOCK}", json={"advance": "365d"}, headers=headers, timeout=10
    )
    assert answer.status_code == 403
    assert sandbox.clock.now() - before < 3600
    faults = requests.get(f"{sandbox.url}/_sandbox/faults", headers=headers, timeout=10)
    assert faults.status_code == 403


@pytest.mark.parametrize(
    "headers", [{}, {"Origin": "http://127.0.0.1"}, {"Host": "localhost"}, {"Host": "[::1]:80"}]
)
def test_the_admin_api_answers_local_json(sandbox: SandboxServer, headers: dict[str, str]) -> None:
    answer = requests.get(f"{sandbox.url}/_sandbox/faults", headers=headers, timeout=10)
    assert answer.status_code == 200
    answer = requests.put(f"{sandbox.url}/_sandbox/faults", json={}, headers=headers, timeout=10)
    assert answer.status_code == 200


def test_a_raw_non_ascii_digit_in_the_detail_path_is_invalid(
    sandbox: SandboxServer, signed: Callable[..., dict[str, str]]
) -> None:
    """http.server reads the path as Latin-1: the byte 0xB2 becomes "²", which isdigit()."""
    head = "".join(f"{name}: {value}\r\n" for name, value in signed().items())
    request = f"GET /{DETAIL}/\xb2 HTTP/1.1\r\nHost: 127.0.0.1\r\n{head}Connection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", sandbox.port), timeout=10) as connection:
        connection.sendall(request.encode("latin-1"))
        answer = connection.makefile("rb").read()
    assert answer.startswith(b"HTTP/1.1 200")
    assert b'"code":-22' in answer


@pytest.mark.parametrize(
    "fields",
    [
        {"taskName": "spring\udc00sale"},
        {"text": "Hello \ud800"},
        {"smsContent": "\udfff", "hangUpSms": 1, "smsAppId": "sms-1", "failedPush": 1},
    ],
    ids=["task-name", "text", "sms-content"],
)
def test_a_lone_surrogate_in_a_valid_create_is_invalid_naming_the_field(
    sandbox: SandboxServer,
    signed: Callable[..., dict[str, str]],
    task_body: Callable[..., dict[str, Any]],
    fields: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """JSON's \\u escapes can spell a half of a pair, which no UTF-8 store can hold."""
    body = json.dumps(task_body(**fields)).encode()  # ensure_ascii: the surrogate as \\udxxx
    with caplog.at_level(logging.ERROR):
        answer = raw(sandbox, signed, SEND, body)
    assert code_of(answer) == -22
    assert next(iter(fields)) in answer["reason"]
    assert not [r for r in caplog.records if r.exc_info]
