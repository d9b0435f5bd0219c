"""The client's connections: kept alive and shared by its threads, never reused after an answer
left unread. A small HTTP/1.1 server on 127.0.0.1 notes the connection each request came on."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from broadcastctl.api import ApiConfig, Client, UnexpectedResponseError

DETAIL = {"jobId": 7, "taskName": "t7", "status": 0, "numCnt": 1}
CAP = 32 * 1024  # the most the client below reads of an answer
HUGE = 1024 * 1024  # an answer far longer than the cap and than one read: never read whole


class KeepAliveServer:
    """Answers every detail call, keeping connections open; `/huge` gets an answer too large."""

    def __init__(self) -> None:
        self.ports: list[int] = []  # the client's port of each request, in order
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                with outer.lock:
                    outer.ports.append(self.client_address[1])
                data: Any = "x" * HUGE if self.path.endswith("/999") else DETAIL
                body = json.dumps({"code": 0, "msg": "ok", "data": data}).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:  # the client closed the connection of an answer too large
                    self.close_connection = True

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def server() -> Iterator[KeepAliveServer]:
    running = KeepAliveServer()
    yield running
    running.close()


@pytest.fixture
def client(server: KeepAliveServer) -> Iterator[Client]:
    config = ApiConfig(url=server.url, api_key="keep-key-1", api_secret="keep-secret-1")
    with Client(config, max_answer_bytes=CAP, timeout=5) as made:
        yield made


def test_calls_one_after_another_share_one_connection(
    server: KeepAliveServer, client: Client
) -> None:
    for _ in range(5):
        assert client.get_task(7).task_name == "t7"

    assert len(server.ports) == 5
    assert len(set(server.ports)) == 1


def test_threads_share_connections_never_more_than_are_in_flight(
    server: KeepAliveServer, client: Client
) -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        names = list(pool.map(lambda _: client.get_task(7).task_name, range(40)))

    assert names == ["t7"] * 40
    assert len(server.ports) == 40
    assert len(set(server.ports)) <= 4


def test_an_answer_left_unread_closes_its_connection(
    server: KeepAliveServer, client: Client
) -> None:
    client.get_task(7)
    with pytest.raises(UnexpectedResponseError, match="larger than"):
        client.get_task(999)
    client.get_task(7)

    first, cut, after = server.ports
    assert cut == first  # kept alive up to the answer too large
    assert after != cut  # whose unread rest must not be taken for the next answer
