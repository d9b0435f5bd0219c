"""The sandbox's HTTP side: the vendor's paths, headers and envelopes, and the admin paths.

Vendor paths answer as the vendor does (optionally under /v3); /_sandbox/ is the sandbox's own.
Keep-alive (HTTP/1.1) and TCP_NODELAY keep small requests fast on loopback.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import socketserver
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from broadcastctl.api.codes import VendorCode
from broadcastctl.api.config import is_loopback_host
from broadcastctl.errors import UsageError
from broadcastctl.sandbox import admin
from broadcastctl.sandbox.auth import authenticate
from broadcastctl.sandbox.calls import Modes
from broadcastctl.sandbox.envelopes import Envelope, vendor_answer
from broadcastctl.sandbox.errors import Rejected, invalid
from broadcastctl.sandbox.faults import (
    CANCEL_PATH,
    HTTP_TOO_MANY_REQUESTS,
    RESEND_PATH,
    SEND_PATH,
    UPLOAD_PATH,
    Injection,
)
from broadcastctl.sandbox.runtime import Runtime
from broadcastctl.sandbox.vendor import Vendor

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024 * 1024  # 200,000 numbers are about 3.4 MB of JSON
DETAIL = "voice/group/call/detail"
RECORDS = "voice/recordGroupQuery"
UPDATE_PATH = "voice/group/call/update"
JSON_TYPE = "application/json;charset=UTF-8"
_GATEWAY_PAGE = "<html><head><title>{0}</title></head><body><h1>{0}</h1><hr>nginx</body></html>"


@dataclass(frozen=True)
class Route:
    method: str
    style: Envelope | None  # None: the configurable create/update envelope
    run: Callable[[Vendor, Any], object]


ROUTES: dict[str, Route] = {
    SEND_PATH: Route("POST", None, Vendor.create),
    RESEND_PATH: Route("POST", None, Vendor.resend),
    UPDATE_PATH: Route("POST", None, Vendor.update),
    "voice/group/call/query": Route("POST", Envelope.CODE_NUMBER, Vendor.query),
    DETAIL: Route("GET", Envelope.CODE_NUMBER, Vendor.detail),
    CANCEL_PATH: Route("POST", Envelope.CODE_STRING, Vendor.cancel),
    UPLOAD_PATH: Route("POST", Envelope.STATUS, Vendor.upload_file),
    "voice/fileQuery": Route("POST", Envelope.STATUS, Vendor.query_files),
    RECORDS: Route(
        "POST", Envelope.STATUS, lambda vendor, body: vendor.query_records(body, Modes())
    ),
}


def _handled(runtime: Runtime, name: str, body: bytes, job_id: str) -> object:
    """The vendor operation's `data`, in the modes the faults choose where the vendor's pages
    leave an answer open."""
    faults = runtime.faults.faults
    if name == DETAIL:
        return runtime.vendor.detail(job_id, every_field=faults.detail == "stored")
    if name == RESEND_PATH:
        return runtime.vendor.resend(
            _json_object(body),
            unfinished=faults.resend_unfinished == "accept",
            cancelled=faults.resend_cancelled == "accept",
        )
    if name == UPDATE_PATH:
        runtime.vendor.update(_json_object(body), recalls=faults.resend_update == "accept")
        return None
    if name == RECORDS:
        modes = Modes(records=faults.records, termination=faults.termination)
        return runtime.vendor.query_records(_json_object(body), modes)
    return ROUTES[name].run(runtime.vendor, _json_object(body))


def resend_answer(mode: str, job_id: object, body: bytes) -> object:
    """The resend call's `data` in the sandbox's `resend_answer` mode: the new task's id, null,
    or the keyId the request sent (the parent's id)."""
    if mode == "null":
        return None
    if mode == "parent-id":
        return _json_object(body).get("keyId")
    return job_id


def vendor_path(path: str) -> tuple[str, str]:
    """The route name and the id in the path: "/v3/voice/group/call/detail/7" -> (DETAIL, "7")."""
    name = path.strip("/").removeprefix("v3/")
    if name.startswith(DETAIL + "/"):
        return DETAIL, name[len(DETAIL) + 1 :]
    return name, ""


class HttpServer(ThreadingHTTPServer):
    """One thread per connection; remembers open connections so stop() can close them."""

    daemon_threads = True
    block_on_close = False
    # The default backlog of 5 drops the SYNs of a burst of new connections (a thread pool
    # starting up), which then wait a second for their retransmission.
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], runtime: Runtime) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.runtime = runtime
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(address, VendorHandler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks the host name up in DNS; a loopback server need not.
        socketserver.TCPServer.server_bind(self)
        host, port = self.socket.getsockname()[:2]
        self.server_name, self.server_port = str(host), int(port)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client gone mid-request (Ctrl-C, a timeout) is no error of the sandbox's: quiet,
        where socketserver would print a traceback under the command's last line."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self._open_lock:
            connections = list(self._open)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class VendorHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    timeout = 60  # an idle keep-alive connection is closed after this many seconds
    # Buffered: an answer's head and body leave in one write when the request is done (unbuffered,
    # the head goes alone first, and the client wakes twice for one answer).
    wbufsize = 64 * 1024
    server: HttpServer

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s " + format, self.address_string(), *args)

    def _dispatch(self, method: str) -> None:
        body = self._read_body()
        if body is None:
            return
        path = urlsplit(self.path).path
        if path == admin.PREFIX or path.startswith(admin.PREFIX + "/"):
            self._admin(method, path.rstrip("/"), body)
        else:
            self._vendor(method, path, body)

    def _vendor(self, method: str, path: str, body: bytes) -> None:
        name, job_id = vendor_path(path)
        route = ROUTES.get(name)
        if route is None:
            self._send_json(404, {"status": 404, "error": "Not Found", "path": path})
            return
        if route.method != method:
            self._send_json(405, {"status": 405, "error": "Method Not Allowed", "path": path})
            return
        runtime = self.server.runtime
        if not runtime.faults.admit():  # more requests at once than the vendor's cap
            limit = runtime.faults.faults.retry_after
            self._send_fault(Injection(status=HTTP_TOO_MANY_REQUESTS, retry_after=limit))
            return
        try:
            self._handle(runtime, route, name, body, job_id)
        finally:
            runtime.faults.done()

    def _handle(self, runtime: Runtime, route: Route, name: str, body: bytes, job_id: str) -> None:
        style = route.style or runtime.settings.write_style
        injection = runtime.faults.before(name)
        if injection.delay > 0 and runtime.stopping.wait(injection.delay):
            self._drop()  # the sandbox is stopping: no answer, as if the server went away
        elif injection.status is not None:
            self._send_fault(injection)
        elif injection.code is not None:
            self._send_json(200, vendor_answer(style, injection.code, "fault injected"))
        else:
            self._answer(runtime, name, style, body, job_id)

    def _answer(
        self, runtime: Runtime, name: str, style: Envelope, body: bytes, job_id: str
    ) -> None:
        try:
            self._authenticate(runtime)
            data = _handled(runtime, name, body, job_id)
        except Rejected as rejection:
            self._send_json(200, vendor_answer(style, rejection.code, rejection.reason))
            return
        except Exception:  # the vendor's "system error" is what a client would see
            log.exception("the sandbox failed on %s", name)
            self._send_json(200, vendor_answer(style, VendorCode.SYSTEM_ERROR, "system error"))
            return
        if name in (SEND_PATH, RESEND_PATH):
            if runtime.faults.drop_after_create():
                self._drop()  # committed, but the client never hears so
                return
            data = data if runtime.settings.create_returns_id else None
        if name == RESEND_PATH and data is not None:
            data = resend_answer(runtime.faults.faults.resend_answer, data, body)
        if name == CANCEL_PATH and runtime.faults.drop_after_cancel():
            self._drop()  # cancelled, but the client never hears so
            return
        if name == UPLOAD_PATH:
            if runtime.faults.drop_after_upload():
                self._drop()  # stored, but the client never hears so
                return
            data = data if runtime.faults.faults.upload == "id" else None
        late = runtime.faults.faults.late_answers
        if late > 0 and runtime.stopping.wait(late):
            self._drop()  # done, and the sandbox stopped before it answered
            return
        self._send_json(200, vendor_answer(style, VendorCode.SUCCESS, "success", data))

    def _authenticate(self, runtime: Runtime) -> None:
        settings = runtime.settings
        skew = runtime.faults.faults.clock_skew
        # The sandbox clock is accepted, and so is the wall clock: moving time for the tasks
        # must not expire every client that signs with the real time (curl and `date +%s`).
        clocks = (runtime.clock.now() + skew, runtime.clock.wall() + skew)
        authenticate(
            (self.headers.get("Api-Key"), self.headers.get("Timestamp"), self.headers.get("Sign")),
            (settings.api_key, settings.api_secret),
            clocks,
            settings.timestamp_window,
        )

    def _admin(self, method: str, path: str, body: bytes) -> None:
        if not is_loopback_host(self.client_address[0]):
            self._send_json(403, {"error": "the /_sandbox/ paths answer only to this machine"})
            return
        refusal = _browser_refusal(method, self.headers)
        if refusal is not None:
            self._send_json(*refusal)
            return
        action = admin.ACTIONS.get((method, path))
        if action is None:
            known = ", ".join(f"{verb} {where}" for verb, where in admin.ACTIONS)
            self._send_json(404, {"error": f"no such admin path; known: {known}"})
            return
        try:
            given = json.loads(body) if body.strip() else {}
            if not isinstance(given, dict):
                raise UsageError("the body must be a JSON object")
            answer = action(self.server.runtime, given)
        except (UsageError, ValueError) as error:
            self._send_json(400, {"error": str(error)})
            return
        self._send_json(200, answer)

    def _read_body(self) -> bytes | None:
        """The request body, or None after answering a body that cannot be read."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            self._send_json(411, {"error": "send a Content-Length, not a chunked body"})
            return None
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY_BYTES:
            self.close_connection = True
            self._send_json(413, {"error": f"the body must be 0 to {MAX_BODY_BYTES} bytes"})
            return None
        return self.rfile.read(length) if length else b""

    def _send_fault(self, injection: Injection) -> None:
        status = injection.status or 503
        headers = {}
        if status == HTTP_TOO_MANY_REQUESTS:
            headers["Retry-After"] = str(injection.retry_after)
        title = f"{status} {self.responses.get(status, ('Error',))[0]}"
        page = _GATEWAY_PAGE.format(title).encode()
        self._send(status, page, "text/html", headers)

    def _send_json(self, status: int, answer: dict[str, Any]) -> None:
        body = json.dumps(answer, ensure_ascii=False, separators=(",", ":")).encode()
        self._send(status, body, JSON_TYPE)

    def _send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def _drop(self) -> None:
        """Close the connection without a word: the client sees it end before any answer."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)


def _browser_refusal(method: str, headers: Message) -> tuple[int, dict[str, Any]] | None:
    """Why an admin request is refused, if it may come from a web page in a browser on this
    machine: a foreign Origin (a cross-site request), a Host that is not loopback (a DNS
    rebinding), or a body that is not JSON (a form or text/plain post needs no preflight)."""
    origin = headers.get("Origin")
    if origin is not None and not _is_loopback_url(origin):
        return 403, {"error": f"the /_sandbox/ paths refuse requests from origin {origin!r}"}
    host = headers.get("Host")
    if host is not None and not _is_loopback_url(f"http://{host}"):
        return 403, {"error": f"the /_sandbox/ paths answer only to a loopback Host, not {host!r}"}
    kind = headers.get_content_type() if headers.get("Content-Type") else ""
    if method != "GET" and kind != "application/json":
        return 415, {"error": "send the body as Content-Type: application/json"}
    return None


def _is_loopback_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - parsed lazily: a bad port raises here
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and is_loopback_host(parts.hostname or "")


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        value = json.loads(body)
    except ValueError as error:  # bad UTF-8 and too-long integers included
        raise invalid("the request body is not valid JSON") from error
    except RecursionError as error:
        raise invalid("the request body is nested too deep") from error
    if not isinstance(value, dict):
        raise invalid("the request body must be a JSON object")
    unstorable = _unstorable_string(value)
    if unstorable is not None:
        raise invalid(f"{unstorable} holds a string that is not valid Unicode")
    return value


def _unstorable_string(value: object) -> str | None:
    """The field of the first string (key or value) that UTF-8 cannot hold (a lone surrogate,
    which JSON's \\u escapes can spell), or None; walked without recursion."""
    pending: list[tuple[str, object]] = [("the body", value)]
    while pending:
        where, item = pending.pop()
        if isinstance(item, str) and not _encodable(item):
            return where
        if isinstance(item, dict):
            for key, inner in item.items():
                if not _encodable(key):
                    return f"a key of {where}"
                pending.append((f"`{key}`", inner))
        elif isinstance(item, list):
            pending.extend((where, inner) for inner in item)
    return None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
