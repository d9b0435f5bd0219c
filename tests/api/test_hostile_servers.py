"""The client against servers that misbehave: endless pages, deep or huge answers, slow bodies,
echoed numbers and secrets. Each is a small HTTP server on 127.0.0.1."""

from __future__ import annotations

import datetime
import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from broadcastctl.api import (
    AmbiguousWriteError,
    ApiConfig,
    ApiUnreachableError,
    Client,
    InvalidRequestError,
    UnexpectedResponseError,
)
from broadcastctl.api import client as client_module
from broadcastctl.errors import UsageError

KEY = "hostile-key-4d7e"
SECRET = "hostile-secret-Zq81"
NUMBER = "84901234567"

# path -> (HTTP status, body) for one request; the body may be bytes or chunks to send slowly.
Answer = tuple[int, bytes | list[bytes]]
Behaviour = Callable[[str, bytes], Answer]


class HostileServer:
    """Answers every request as `behaviour` says, and counts requests per path."""

    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.requests: dict[str, int] = {}
        self.stop = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self._answer()

            def do_GET(self) -> None:
                self._answer()

            def _answer(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                path = self.path.strip("/")
                outer.requests[path] = outer.requests.get(path, 0) + 1
                status, content = outer.behaviour(path, body)
                chunks = [content] if isinstance(content, bytes) else content
                self.send_response(status)
                self.send_header("Content-Length", str(sum(map(len, chunks))))
                self.end_headers()
                for chunk in chunks:
                    if outer.stop.wait(0.02 if len(chunks) > 1 else 0):
                        return
                    try:
                        self.wfile.write(chunk)
                        self.wfile.flush()
                    except OSError:
                        return

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    def __enter__(self) -> HostileServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hostile() -> Iterator[Callable[..., Client]]:
    """Makes a client of a server answering as the given behaviour; all stopped afterwards."""
    servers: list[HostileServer] = []
    clients: list[Client] = []

    def make(behaviour: Behaviour, url_auth: str = "", **options: Any) -> Client:
        server = HostileServer(behaviour).__enter__()
        servers.append(server)
        url = server.url.replace("http://", f"http://{url_auth}")
        run = {"run_timeout": options.pop("run_timeout")} if "run_timeout" in options else {}
        config = ApiConfig(url=url, api_key=KEY, api_secret=SECRET, **run)
        defaults: dict[str, Any] = {"backoff": 0.0, "sleep": lambda seconds: None, "timeout": 5}
        clients.append(Client(config, **(defaults | options)))
        return clients[-1]

    yield make
    for client in clients:
        client.close()
    for server in servers:
        server.__exit__()


def page(records: list[dict[str, Any]], *, pages: int, total: int) -> bytes:
    data = {"records": records, "pages": pages, "total": total, "size": 100, "current": 1}
    return json.dumps({"code": 0, "msg": "ok", "data": data}).encode()


def row(job_id: int) -> dict[str, Any]:
    return {"jobId": job_id, "taskName": f"t{job_id}", "status": 1, "numCnt": 1}


def list_all(client: Client) -> list[int]:
    now = client.now()
    tasks = client.list_tasks(created_from=now - datetime.timedelta(days=1), created_to=now)
    return [task.job_id for task in tasks]


def test_the_same_page_again_stops_the_listing(hostile: Callable[..., Client]) -> None:
    client = hostile(lambda path, body: (200, page([row(1)], pages=10**9, total=10**9)))
    with pytest.raises(UnexpectedResponseError, match="page 2 with the records of page 1"):
        list_all(client)
    assert client.calls["voice/group/call/query"] == 2


def test_pages_beyond_what_total_allows_are_not_requested(hostile: Callable[..., Client]) -> None:
    def answer(path: str, body: bytes) -> Answer:
        current = json.loads(body)["current"]
        return 200, page([row(current)], pages=10**9, total=150)

    client = hostile(answer)
    assert list_all(client) == [1, 2]
    assert client.calls["voice/group/call/query"] == 2


def deep(levels: int) -> bytes:
    return b'{"code":0,"data":' + b"[" * levels + b"]" * levels + b"}"


def test_a_too_deep_answer_is_that_reads_error(hostile: Callable[..., Client]) -> None:
    client = hostile(lambda path, body: (200, deep(200_000)))
    with pytest.raises(UnexpectedResponseError, match="nested too deep"):
        client.get_task(5)


def test_a_too_deep_answer_to_a_create_is_ambiguous(hostile: Callable[..., Client]) -> None:
    client = hostile(lambda path, body: (200, deep(200_000)))
    with pytest.raises(AmbiguousWriteError, match="may or may not"):
        client.create_task({"taskName": "x"})
    assert client.calls["voice/group/call/send"] == 1


def test_an_answer_over_the_size_cap_is_refused(hostile: Callable[..., Client]) -> None:
    big = b'{"code":0,"data":"' + b"x" * 3_000_000 + b'"}'
    client = hostile(lambda path, body: (200, big), max_answer_bytes=1_000_000)
    with pytest.raises(UnexpectedResponseError, match="larger than 1,000,000 bytes"):
        client.get_task(5)
    assert client.calls["voice/group/call/detail"] == 1  # a cap is not worth retrying


def test_a_body_sent_a_byte_at_a_time_meets_the_total_deadline(
    hostile: Callable[..., Client],
) -> None:
    # Each byte arrives well within the per-read timeout; only the total deadline ends it.
    drip = [bytes([byte]) for byte in b'{"code":0,"data":{}}' * 100]
    client = hostile(lambda path, body: (200, drip), timeout=5, deadline=0.2, max_attempts=2)
    with pytest.raises(ApiUnreachableError, match=r"longer than 0\.2 s"):
        client.get_task(5)
    assert client.calls["voice/group/call/detail"] == 2


def test_a_slow_create_answer_past_the_deadline_is_ambiguous(
    hostile: Callable[..., Client],
) -> None:
    drip = [bytes([byte]) for byte in b'{"code":0,"data":7}' * 100]
    client = hostile(lambda path, body: (200, drip), timeout=5, deadline=0.2)
    with pytest.raises(AmbiguousWriteError, match=r"longer than 0\.2 s"):
        client.create_task({"taskName": "x"})
    assert client.calls["voice/group/call/send"] == 1


def echo(code: int, reason: str) -> Behaviour:
    return lambda path, body: (200, json.dumps({"status": code, "reason": reason}).encode())


def test_numbers_in_the_vendors_reason_are_masked(hostile: Callable[..., Client]) -> None:
    client = hostile(echo(-22, f'bad numberList ["{NUMBER}","+12025550101"] in body'))
    with pytest.raises(InvalidRequestError) as caught:
        client.create_task({"taskName": "x", "numberList": [NUMBER]})
    assert NUMBER not in str(caught.value)
    assert "12025550101" not in str(caught.value)
    assert "8490****567" in str(caught.value)


@pytest.mark.parametrize("status", [200, 500, 400])
def test_numbers_in_an_error_body_are_masked(hostile: Callable[..., Client], status: int) -> None:
    client = hostile(lambda path, body: (status, f"<html>failed: {NUMBER}</html>".encode()))
    with pytest.raises(Exception) as caught:
        client.get_task(5)
    assert NUMBER not in str(caught.value)


@pytest.mark.parametrize("offset", range(190, 205))
def test_a_secret_falling_on_the_preview_cut_is_redacted_first(
    hostile: Callable[..., Client], offset: int
) -> None:
    body = ("x" * offset + SECRET + " and more " * 40).encode()
    client = hostile(lambda path, body_: (400, body))
    with pytest.raises(UnexpectedResponseError) as caught:
        client.get_task(5)
    assert SECRET[:6] not in str(caught.value)


def test_credentials_in_the_url_never_show() -> None:
    config = ApiConfig(url="http://user:hunter22@127.0.0.1:9/", api_key=KEY, api_secret=SECRET)
    client = Client(config, backoff=0.0, sleep=lambda seconds: None, max_attempts=1)
    with client, pytest.raises(ApiUnreachableError) as caught:
        client.get_task(5)
    shown = f"{caught.value} {config!r} {config.shown_url}"
    assert "hunter22" not in shown
    assert "user" not in shown
    assert "***@127.0.0.1:9" in config.shown_url


def test_credentials_in_an_http_url_to_another_host_are_not_echoed() -> None:
    with pytest.raises(UsageError) as caught:
        ApiConfig(url="ftp://user:hunter22@example.com/", api_key=KEY, api_secret=SECRET)
    assert "hunter22" not in str(caught.value)


@pytest.mark.parametrize("url", ["http://[::1", "http://127.0.0.1:port/", "http://[::1]:99999/"])
def test_a_malformed_url_names_the_variable(url: str) -> None:
    with pytest.raises(UsageError, match="BROADCASTCTL_API_URL is not a valid URL"):
        ApiConfig(url=url, api_key=KEY, api_secret=SECRET)


def record(voice_id: str) -> dict[str, Any]:
    return {"voiceId": voice_id, "callee": NUMBER, "callTime": "2030-01-01T09:00:00+08:00"}


def record_page(records: list[dict[str, Any]], *, pages: int, total: int) -> bytes:
    data = {"records": records, "pages": pages, "total": total, "size": 100, "current": 1}
    return json.dumps({"status": "0", "reason": "success", "data": data}).encode()


def read_records(client: Client) -> list[str]:
    now = client.now()
    found = client.call_records(now - datetime.timedelta(days=1), now, workers=4)
    return sorted(record.voice_id for record in found)


def test_records_announcing_endless_pages_are_refused_at_once(
    hostile: Callable[..., Client],
) -> None:
    client = hostile(lambda path, body: (200, record_page([record("1")], pages=10**9, total=10**9)))
    with pytest.raises(UnexpectedResponseError, match="more than 10,000 pages"):
        read_records(client)
    assert client.calls["voice/recordGroupQuery"] == 1


def test_records_pages_beyond_what_total_allows_are_not_requested(
    hostile: Callable[..., Client],
) -> None:
    def answer(path: str, body: bytes) -> Answer:
        current = json.loads(body)["current"]
        return 200, record_page([record(str(current))], pages=10**9, total=250)

    client = hostile(answer)
    assert read_records(client) == ["1", "2", "3"]
    assert client.calls["voice/recordGroupQuery"] == 3


def test_records_the_same_page_again_stops_the_reading(hostile: Callable[..., Client]) -> None:
    client = hostile(lambda path, body: (200, record_page([record("1")], pages=3, total=300)))
    with pytest.raises(UnexpectedResponseError, match="page 2 with the records of page 1"):
        read_records(client)


def test_records_a_page_larger_than_asked_is_refused(hostile: Callable[..., Client]) -> None:
    many = [record(str(index)) for index in range(101)]
    client = hostile(lambda path, body: (200, record_page(many, pages=1, total=101)))
    with pytest.raises(UnexpectedResponseError, match="101 records, more than the 100"):
        read_records(client)


def test_records_a_number_in_a_broken_record_is_masked(hostile: Callable[..., Client]) -> None:
    broken = {"callee": NUMBER, "callTime": "yesterday"}
    client = hostile(lambda path, body: (200, record_page([broken], pages=1, total=1)))
    with pytest.raises(UnexpectedResponseError) as raised:
        read_records(client)
    assert NUMBER not in str(raised.value)


def three_in_flight(
    page_of: Callable[[int], bytes],
) -> tuple[Callable[[str, bytes], Answer], dict[str, int]]:
    """A server whose later pages each wait until three are in flight: a client reading them
    one by one would break the barrier; one reading more than three at a time would pass a
    fourth. Also the most requests seen in flight at once."""
    barrier = threading.Barrier(3, timeout=10)
    lock = threading.Lock()
    flight = {"now": 0, "most": 0}

    def answer(path: str, body: bytes) -> Answer:
        current = json.loads(body)["current"]
        with lock:
            flight["now"] += 1
            flight["most"] = max(flight["most"], flight["now"])
        if current > 1:
            barrier.wait()
        with lock:
            flight["now"] -= 1
        return 200, page_of(current)

    return answer, flight


def test_records_are_read_at_most_workers_pages_at_a_time(hostile: Callable[..., Client]) -> None:
    answer, flight = three_in_flight(
        lambda current: record_page([record(str(current))], pages=7, total=700)
    )
    client = hostile(answer)
    now = client.now()
    found = client.call_records(now - datetime.timedelta(days=1), now, workers=3)
    assert sorted(int(r.voice_id) for r in found) == list(range(1, 8))
    assert flight["most"] == 3


def test_a_list_page_larger_than_asked_is_refused(hostile: Callable[..., Client]) -> None:
    many = [row(index) for index in range(20_000)]
    client = hostile(lambda path, body: (200, page(many, pages=1, total=20_000)))
    with pytest.raises(UnexpectedResponseError, match="20,000 records, more than the 100"):
        list_all(client)
    assert client.calls["voice/group/call/query"] == 1


def test_a_file_list_page_larger_than_asked_is_refused(hostile: Callable[..., Client]) -> None:
    files = [{"fileId": f"f{index}", "fileName": f"{index}.mp3"} for index in range(101)]
    client = hostile(lambda path, body: (200, page(files, pages=1, total=101)))
    with pytest.raises(UnexpectedResponseError, match=r"list voice files: .* more than the 100"):
        client.list_voice_files()


def alternating(make: Callable[[int], dict[str, Any]], pager: Callable[..., bytes]) -> Behaviour:
    """Pages 1, 3, 5... hold one set of 100 records and 2, 4, 6... another, endlessly."""

    def answer(path: str, body: bytes) -> Answer:
        base = 0 if json.loads(body)["current"] % 2 else 100
        records = [make(base + index) for index in range(100)]
        return 200, pager(records, pages=10_000, total=1_000_000)

    return answer


def test_list_pages_repeating_an_earlier_page_end_the_read(hostile: Callable[..., Client]) -> None:
    client = hostile(alternating(row, page))
    with pytest.raises(UnexpectedResponseError, match="page 3 with the records of page 1"):
        list_all(client)
    assert client.calls["voice/group/call/query"] == 3


def test_file_list_pages_repeating_an_earlier_page_end_the_read(
    hostile: Callable[..., Client],
) -> None:
    file = lambda index: {"fileId": f"f{index}", "fileName": f"{index}.mp3"}  # noqa: E731
    client = hostile(alternating(file, page))
    with pytest.raises(UnexpectedResponseError, match="page 3 with the records of page 1"):
        client.list_voice_files()
    assert client.calls["voice/fileQuery"] == 3


def test_record_pages_repeating_an_earlier_page_end_the_read(
    hostile: Callable[..., Client],
) -> None:
    client = hostile(alternating(lambda index: record(str(index)), record_page))
    with pytest.raises(UnexpectedResponseError, match="page 3 with the records of page 1"):
        read_records(client)
    assert client.calls["voice/recordGroupQuery"] <= 3 + 4  # the pages read ahead, no more


def test_records_are_streamed_not_held(hostile: Callable[..., Client]) -> None:
    """The first record arrives while at most `workers` pages have been asked for beyond the
    first: nothing waits for the last of 9,000 pages, nor holds them."""

    def answer(path: str, body: bytes) -> Answer:
        current = json.loads(body)["current"]
        records = [record(f"{current}-{index}") for index in range(100)]
        return 200, record_page(records, pages=9_000, total=900_000)

    client = hostile(answer)
    now = client.now()
    stream = client.iter_call_records(now - datetime.timedelta(hours=1), now, workers=4)
    first = next(stream)
    assert first.voice_id == "1-0"
    assert client.calls["voice/recordGroupQuery"] <= 1 + 4 + 1
    stream.close()  # stopping the read cancels the pages not yet asked for
    assert client.calls["voice/recordGroupQuery"] <= 1 + 4 + 1 + 4


def test_a_trickling_server_cannot_hold_the_run_past_its_limit(
    hostile: Callable[..., Client],
) -> None:
    """Each attempt runs to its own deadline; the run's limit ends the retries, and says so."""
    drip = [bytes([byte]) for byte in b'{"code":0,"data":{}}' * 100]
    client = hostile(lambda path, body: (200, drip), deadline=0.3, max_attempts=10, run_timeout=1.0)
    with pytest.raises(ApiUnreachableError, match=r"its limit of 1 s \(--timeout"):
        client.get_task(5)
    assert 2 <= client.calls["voice/group/call/detail"] <= 4  # not 10 attempts of 0.3 s


def test_a_silent_server_cannot_hold_the_run_past_its_limit(
    hostile: Callable[..., Client],
) -> None:
    """No byte at all: the socket timeout alone (5 s here) would wait longer than the run may."""
    gate = threading.Event()

    def silent(path: str, body: bytes) -> Answer:
        gate.wait(10)
        return 200, b"{}"

    client = hostile(silent, timeout=5, deadline=60, run_timeout=1.0)
    try:
        with pytest.raises(ApiUnreachableError, match="BROADCASTCTL_TIMEOUT"):
            client.get_task(5)
        assert client.calls["voice/group/call/detail"] == 1
    finally:
        gate.set()


def test_a_create_after_the_run_is_spent_is_not_sent(hostile: Callable[..., Client]) -> None:
    drip = [bytes([byte]) for byte in b'{"code":0,"data":{}}' * 100]
    client = hostile(lambda path, body: (200, drip), deadline=0.3, run_timeout=1.0)
    with pytest.raises(ApiUnreachableError):
        client.get_task(5)
    with pytest.raises(ApiUnreachableError, match=r"limit of 1 s .*; nothing was sent"):
        client.create_task({"taskName": "x"})
    assert "voice/group/call/send" not in client.calls


def test_a_create_cut_short_by_the_runs_limit_says_so(hostile: Callable[..., Client]) -> None:
    """Sent, unanswered when the run's time ran out: in doubt, and the limit is the reason."""
    gate = threading.Event()

    def silent(path: str, body: bytes) -> Answer:
        gate.wait(10)
        return 200, b"{}"

    client = hostile(silent, timeout=5, deadline=60, run_timeout=1.0)
    try:
        with pytest.raises(AmbiguousWriteError, match=r"limit of 1 s \(--timeout"):
            client.create_task({"taskName": "x"})
        assert client.calls["voice/group/call/send"] == 1
    finally:
        gate.set()


def list_together(client: Client, workers: int = 4) -> list[int]:
    now = client.now()
    start = now - datetime.timedelta(days=1)
    tasks = client.list_tasks(created_from=start, created_to=now, workers=workers)
    return [task.job_id for task in tasks]


def test_list_pages_read_together_stop_at_a_repeated_page(hostile: Callable[..., Client]) -> None:
    client = hostile(alternating(row, page))
    with pytest.raises(UnexpectedResponseError, match="page 3 with the records of page 1"):
        list_together(client)
    assert client.calls["voice/group/call/query"] <= 3 + 4  # the pages read ahead, no more


def test_list_pages_read_together_refuse_a_page_larger_than_asked(
    hostile: Callable[..., Client],
) -> None:
    def answer(path: str, body: bytes) -> Answer:
        current = json.loads(body)["current"]
        rows = [row(current * 1000 + index) for index in range(101 if current == 2 else 100)]
        return 200, page(rows, pages=5, total=500)

    client = hostile(answer)
    with pytest.raises(UnexpectedResponseError, match="page 2 with 101 records, more than"):
        list_together(client)


def test_list_pages_read_together_stop_at_what_total_allows(
    hostile: Callable[..., Client],
) -> None:
    def answer(path: str, body: bytes) -> Answer:
        current = json.loads(body)["current"]
        return 200, page([row(current)], pages=10**9, total=250)

    client = hostile(answer)
    assert list_together(client) == [1, 2, 3]
    assert client.calls["voice/group/call/query"] == 3


def test_list_pages_read_together_stop_at_the_page_bound(
    hostile: Callable[..., Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client_module, "MAX_PAGES", 6)

    def answer(path: str, body: bytes) -> Answer:
        current = json.loads(body)["current"]
        return 200, page([row(current)], pages=10**9, total=10**9)

    client = hostile(answer)
    with pytest.raises(UnexpectedResponseError, match="more than 6 pages"):
        list_together(client)
    assert client.calls["voice/group/call/query"] == 6


def test_list_pages_are_read_at_most_workers_at_a_time(hostile: Callable[..., Client]) -> None:
    answer, flight = three_in_flight(lambda current: page([row(current)], pages=7, total=700))
    client = hostile(answer)
    assert sorted(list_together(client, workers=3)) == list(range(1, 8))
    assert flight["most"] == 3
