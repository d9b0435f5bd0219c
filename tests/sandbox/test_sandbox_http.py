"""The sandbox speaks the vendor's HTTP: its paths, signature, envelopes and codes."""

import http.client
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests

from broadcastctl.api import Client, TimestampExpiredError
from broadcastctl.sandbox import Faults, SandboxServer

QUERY_BODY = {
    "current": 1,
    "size": 10,
    "params": {"strTime": "2000-01-01 00:00:00", "endTime": "2100-01-01 00:00:00"},
}


def test_a_signed_query_answers_with_a_numeric_code(http: Callable[..., requests.Response]) -> None:
    answer = http("voice/group/call/query", QUERY_BODY).json()

    assert answer == {
        "code": 0,
        "msg": "success",
        "data": {"records": [], "total": 0, "size": 10, "current": 1, "pages": 0},
    }


def test_the_v3_prefix_is_accepted_too(http: Callable[..., requests.Response]) -> None:
    assert http("v3/voice/group/call/query", QUERY_BODY).json()["code"] == 0


@pytest.mark.parametrize("missing", ["Api-Key", "Timestamp", "Sign"])
def test_a_missing_header_is_an_authentication_error(
    http: Callable[..., requests.Response], signed: Callable[..., dict[str, str]], missing: str
) -> None:
    headers = {name: value for name, value in signed().items() if name != missing}

    assert http("voice/group/call/query", QUERY_BODY, headers=headers).json()["code"] == -1


def test_a_wrong_sign_key_or_secret_is_an_authentication_error(
    http: Callable[..., requests.Response], signed: Callable[..., dict[str, str]]
) -> None:
    for headers in (
        signed(sign="0" * 32),
        signed(key="someone-else"),
        signed(secret="not-the-secret"),
    ):
        answer = http("voice/group/call/query", QUERY_BODY, headers=headers).json()
        assert answer["code"] == -1
        assert "data" not in answer


def test_the_sign_is_checked_without_regard_to_case(
    http: Callable[..., requests.Response], signed: Callable[..., dict[str, str]]
) -> None:
    headers = signed()
    headers["Sign"] = headers["Sign"].upper()

    assert http("voice/group/call/query", QUERY_BODY, headers=headers).json()["code"] == 0


def test_the_timestamp_must_be_within_300_seconds(
    http: Callable[..., requests.Response],
    signed: Callable[..., dict[str, str]],
    sandbox: SandboxServer,
) -> None:
    now = int(sandbox.clock.now())

    for off_by, code in [(-299, 0), (299, 0), (-302, -16), (302, -16)]:
        answer = http("voice/group/call/query", QUERY_BODY, headers=signed(now + off_by)).json()
        assert answer["code"] == code, off_by
    assert http("voice/group/call/query", QUERY_BODY, headers=signed("soon")).json()["code"] == -16


def test_moving_the_sandbox_clock_expires_neither_real_time_nor_sandbox_time(
    http: Callable[..., requests.Response],
    signed: Callable[..., dict[str, str]],
    sandbox: SandboxServer,
) -> None:
    sandbox.clock.advance(86_400)
    real_now, sandbox_now = time.time(), sandbox.clock.now()

    for stamp, code in [(real_now, 0), (sandbox_now, 0), (real_now + 43_200, -16)]:
        answer = http("voice/group/call/query", QUERY_BODY, headers=signed(int(stamp))).json()
        assert answer["code"] == code


def test_the_timestamp_window_is_configurable(
    tmp_path: Path, http: Callable[..., requests.Response], signed: Callable[..., dict[str, str]]
) -> None:
    with SandboxServer(
        tmp_path / "narrow.sqlite3", api_key="k", api_secret="s", timestamp_window=10
    ) as narrow:
        now = int(narrow.clock.now())
        headers = signed(now - 12, key="k", secret="s")
        answer = http("voice/group/call/query", QUERY_BODY, headers=headers, server=narrow).json()
    assert answer["code"] == -16


def test_a_skewed_sandbox_clock_expires_the_clients_timestamp(
    client: Client, sandbox: SandboxServer
) -> None:
    sandbox.set_faults(Faults(clock_skew=-400))

    with pytest.raises(TimestampExpiredError, match="clock"):
        client.get_task(5_000_001)


def test_create_answers_status_reason_and_the_new_id_by_default(
    http: Callable[..., requests.Response], task_body: Callable[..., dict[str, Any]]
) -> None:
    answer = http("voice/group/call/send", task_body()).json()

    assert answer == {"status": "0", "reason": "success", "data": 5_000_001}


def test_create_can_answer_code_msg_or_no_id(
    tmp_path: Path,
    http: Callable[..., requests.Response],
    signed: Callable[..., dict[str, str]],
    task_body: Callable[..., dict[str, Any]],
) -> None:
    with SandboxServer(
        tmp_path / "code.sqlite3", api_key="k", api_secret="s", create_envelope="code"
    ) as coded:
        headers = signed(int(coded.clock.now()), key="k", secret="s")
        answer = http("voice/group/call/send", task_body(), headers=headers, server=coded).json()
        assert answer == {"code": "0", "msg": "success", "data": 5_000_001}
    with SandboxServer(
        tmp_path / "no-id.sqlite3", api_key="k", api_secret="s", create_returns_id=False
    ) as silent:
        headers = signed(int(silent.clock.now()), key="k", secret="s")
        answer = http("voice/group/call/send", task_body(), headers=headers, server=silent).json()
        assert answer == {"status": "0", "reason": "success", "data": None}


def test_failures_use_each_endpoints_envelope(
    http: Callable[..., requests.Response], task_body: Callable[..., dict[str, Any]]
) -> None:
    bad_create = http("voice/group/call/send", task_body(taskName="x")).json()
    bad_query = http("voice/group/call/query", {"current": 1}).json()
    bad_cancel = http("voice/group/call/cancel", {"taskIdList": [1]}).json()
    bad_file = http("voice/fileUpload", {"fileName": "a.txt", "file": "AA=="}).json()

    assert (bad_create["status"], bad_query["code"], bad_cancel["code"], bad_file["status"]) == (
        "-22", -22, "-24", "-22",
    )  # fmt: skip
    assert "taskName" in bad_create["reason"]


def test_cancel_and_files_answer_as_their_pages_show(
    http: Callable[..., requests.Response], task_body: Callable[..., dict[str, Any]]
) -> None:
    job_id = http("voice/group/call/send", task_body()).json()["data"]

    assert http("voice/group/call/cancel", {"taskIdList": [job_id]}).json() == {
        "code": "0", "msg": "success", "data": None,
    }  # fmt: skip
    upload = http("voice/fileUpload", {"fileName": "test.mp3", "file": "SUQz"}).json()
    assert (upload["status"], upload["reason"]) == ("0", "success")
    assert upload["data"].endswith(".mp3")
    listing = http("voice/fileQuery", {}).json()
    assert listing["status"] == "0"
    assert listing["data"]["records"] == [{"fileId": upload["data"], "fileName": "test.mp3"}]
    assert listing["data"]["size"] == 25


def test_detail_is_a_get_with_the_id_in_the_path(
    http: Callable[..., requests.Response], task_body: Callable[..., dict[str, Any]]
) -> None:
    job_id = http("voice/group/call/send", task_body()).json()["data"]

    answer = http(f"voice/group/call/detail/{job_id}", method="GET").json()

    assert (answer["code"], answer["data"]["jobId"], answer["data"]["numCnt"]) == (0, job_id, 1)
    assert http("voice/group/call/detail/5999999", method="GET").json()["code"] == -24
    assert http("voice/group/call/detail/abc", method="GET").json()["code"] == -22


def test_a_body_that_is_not_a_json_object_is_a_parameter_error(
    http: Callable[..., requests.Response], signed: Callable[..., dict[str, str]]
) -> None:
    session = requests.Session()
    url = http("voice/group/call/query", QUERY_BODY).url
    for raw in (b"{not json", b"[1, 2]"):
        answer = session.post(url, data=raw, headers=signed(), timeout=10).json()
        assert answer["code"] == -22


def test_unknown_paths_and_methods_are_http_errors(http: Callable[..., requests.Response]) -> None:
    assert http("voice/group/call/nothing", {}).status_code == 404
    assert http("voice/group/call/send", method="GET").status_code == 405


def test_an_oversized_body_is_refused_before_it_is_read(sandbox: SandboxServer) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", sandbox.port, timeout=10)
    connection.putrequest("POST", "/voice/group/call/send")
    connection.putheader("Content-Length", str(200 * 1024 * 1024))
    connection.endheaders()

    assert connection.getresponse().status == 413
    connection.close()


def test_a_chunked_body_is_refused(
    http: Callable[..., requests.Response],
    signed: Callable[..., dict[str, str]],
    sandbox: SandboxServer,
) -> None:
    response = requests.post(
        f"{sandbox.url}/voice/group/call/query",
        data=iter([b'{"current":1}']),
        headers=signed(),
        timeout=10,
    )
    assert response.status_code == 411
