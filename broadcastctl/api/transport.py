"""One vendor call over HTTP: signed headers, timeouts, and retries only where none can duplicate.

Reads are retried on connection errors, timeouts, 5xx and 429. Writes are retried only when the
request provably never reached the server (connection refused, connect timeout) or got a 429;
any other failure of a write raises AmbiguousWriteError and is never retried here.

Every attempt has a total deadline (not only a timeout per socket read, which a server sending
a byte at a time never trips), the whole run a budget of time spent waiting on the vendor
(`RunBudget`: retries of a trickling server cannot add up to many minutes), and every answer a
size cap: a hostile or broken server can neither hold a run nor fill this machine's memory.

Calls go out through urllib3 directly, on one pool of kept-alive connections shared by every
thread. What requests would add is worked out once, by requests itself (`route`): the proxy,
TLS checks and .netrc credentials the environment gives (never for loopback), basic auth from
the URL, its default headers. Its per-call machinery cost more processor time than the call's
own bytes, which a plan making a thousand calls at once spends under one interpreter lock.
"""

from __future__ import annotations

import datetime
import email.utils
import http.client
import json
import logging
import random
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import requests
import urllib3
from urllib3.exceptions import NewConnectionError

from broadcastctl.api.config import DEFAULT_RUN_TIMEOUT, ApiConfig
from broadcastctl.api.envelope import Envelope, read_envelope
from broadcastctl.api.errors import (
    AmbiguousWriteError,
    ApiError,
    ApiUnreachableError,
    UnexpectedResponseError,
    vendor_error,
)
from broadcastctl.api.route import Route, requests_error, route_to
from broadcastctl.api.signing import signed_headers
from broadcastctl.privacy import mask_numbers_in
from broadcastctl.visible import one_line

log = logging.getLogger(__name__)

HTTP_OK = 200
HTTP_TOO_MANY_REQUESTS = 429
HTTP_SERVER_ERROR = 500
BODY_PREFIX_CHARS = 200
REDACTED = "[redacted]"
MIN_REDACTED_LENGTH = 4
DEFAULT_TIMEOUT = 30.0  # seconds a connect or one socket read may take
DEFAULT_DEADLINE = 120.0  # seconds one attempt may take from connecting to the answer's end
DEFAULT_MAX_ANSWER_BYTES = 32 * 1024 * 1024  # a full page or detail is far smaller
_CHUNK = 64 * 1024
# urllib3 retries nothing: every retry is decided here (requests' adapter asks the same of it).
_NO_RETRIES = urllib3.Retry(0, read=False)


@dataclass(frozen=True)
class Limits:
    """How long one attempt may take and how large an answer may be."""

    timeout: float = DEFAULT_TIMEOUT
    deadline: float = DEFAULT_DEADLINE
    max_answer_bytes: int = DEFAULT_MAX_ANSWER_BYTES
    run: float = DEFAULT_RUN_TIMEOUT  # seconds the whole run may wait on the vendor


class RunBudget:
    """The run's time spent waiting on the vendor: wall-clock seconds while at least one call
    is in flight or waiting to retry. Time the run spends elsewhere (a person confirming a
    deploy, `status --watch` between readings) is not counted."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._spent, self._active, self._since = 0.0, 0, 0.0

    def enter(self) -> None:
        with self._lock:
            if not self._active:
                self._since = self._clock()
            self._active += 1

    def leave(self) -> None:
        with self._lock:
            self._active -= 1
            if not self._active:
                self._spent += self._clock() - self._since

    def ends(self) -> float:
        """When, by the clock, the budget runs out if calls stay in flight until then."""
        with self._lock:
            now = self._clock()
            running = now - self._since if self._active else 0.0
            return now + self.seconds - self._spent - running

    def spent_message(self) -> str:
        return (
            f"the run has waited on the vendor for its limit of {self.seconds:g} s "
            "(--timeout, or BROADCASTCTL_TIMEOUT)"
        )


class _BrokenAnswer(Exception):
    """The answer's body could not be read whole: too slow, too large, or cut off."""

    def __init__(self, detail: str, *, retryable: bool) -> None:
        super().__init__(detail)
        self.retryable = retryable


@dataclass(frozen=True)
class Call:
    """One request: `endpoint` is the path without ids (what `calls` counts), `what` names it."""

    method: str
    path: str
    endpoint: str
    what: str
    write: bool
    body: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class RetryPolicy:
    """Attempts per call and exponential backoff with full jitter (backoff 0: never wait)."""

    max_attempts: int = 4
    backoff: float = 0.5
    max_backoff: float = 30.0
    # A longer Retry-After than this is not waited for: the call fails and says how long.
    max_retry_after: float = 60.0

    def delay(self, attempt: int, rng: random.Random) -> float:
        return rng.uniform(0.0, min(self.max_backoff, self.backoff * 2 ** (attempt - 1)))


@dataclass(frozen=True)
class _Failure:
    error: ApiError
    retryable: bool
    wait: float | None = None
    throttled: bool = False  # a 429: the vendor asks this client, not this request, to slow down


class Pause:
    """The pause a 429 asks for, kept for every thread: the vendor throttles the client, not one
    request, so while it lasts no thread starts a request (the others would only be refused
    too, and prolong it). A thread that waited out a pause itself does not wait for it again."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._until, self._number = 0.0, 0
        self._waited = threading.local()  # the number of the last pause this thread waited out

    def begin(self, seconds: float, *, waited_here: bool) -> None:
        """A pause of `seconds` from now (a pause already longer stands); `waited_here`: this
        thread waits it out itself before it tries again."""
        with self._lock:
            until = self._clock() + seconds
            if until > self._until:
                self._until, self._number = until, self._number + 1
            if waited_here:
                self._waited.number = self._number

    def left(self) -> float:
        """Seconds this thread must still wait before it sends anything (0: none)."""
        with self._lock:
            if getattr(self._waited, "number", 0) == self._number:
                return 0.0
            return max(0.0, self._until - self._clock())

    def waited(self) -> None:
        """This thread has waited out the pause in force."""
        with self._lock:
            self._waited.number = self._number


class Concurrency:
    """How many requests the client has in flight, and how many it may: no bound of its own
    until the vendor answers 429, then half as many as were in flight, growing back by one as
    each bound's worth of requests succeeds (additive increase, multiplicative decrease, as TCP
    does). A vendor that caps requests at once (its pages state no limit) meets about its cap
    instead of refusing all a burst sends beyond it, call after call, until attempts run out."""

    def __init__(self, ceiling: int = 64) -> None:
        self._ceiling = float(ceiling)  # more than the command line's --workers allows
        self._bound = self._ceiling
        self._ready = threading.Condition()
        self._in_flight = 0
        self._started = 0  # requests started so far
        self._cut_after = 0  # a 429 to a request started before the last cut does not cut again

    @property
    def bound(self) -> float:
        with self._ready:
            return self._bound

    def acquire(self, ends: Callable[[], float]) -> int | None:
        """Wait for room, until `ends()` (the monotonic time the run's budget runs out): the
        request's number, or None when the time ran out first."""
        with self._ready:
            while self._in_flight >= max(1, int(self._bound)):
                left = ends() - time.monotonic()
                if left <= 0:
                    return None
                self._ready.wait(min(left, 1.0))
            self._in_flight += 1
            self._started += 1
            return self._started

    def release(self, number: int, *, throttled: bool) -> None:
        with self._ready:
            if throttled and number > self._cut_after:
                self._bound = max(1.0, self._in_flight / 2)
                self._cut_after = self._started
            elif not throttled and self._bound < self._ceiling:
                self._bound = min(self._ceiling, self._bound + 1 / self._bound)
            self._in_flight -= 1
            self._ready.notify_all()


class Transport:
    """Sends Calls; safe to share between threads (one pool of connections for them all)."""

    def __init__(
        self,
        config: ApiConfig,
        *,
        limits: Limits,
        policy: RetryPolicy,
        clock: Callable[[], float],
        sleep: Callable[[float], None],
        rng: random.Random,
    ) -> None:
        self._config = config
        self._limits = limits
        self._policy = policy
        self._clock = clock
        self._sleep = sleep
        self._rng = rng
        self._lock = threading.Lock()
        self._route: Route | None = None
        self._calls: Counter[str] = Counter()
        self._budget = RunBudget(limits.run)
        self._pause = Pause()
        self._concurrency = Concurrency()

    @property
    def calls(self) -> Mapping[str, int]:
        with self._lock:
            return MappingProxyType(dict(self._calls))

    def close(self) -> None:
        with self._lock:
            route, self._route = self._route, None
        if route is not None:
            route.pool.close()

    def send(self, call: Call) -> Envelope:
        """The successful envelope of the call, or the ApiError that says why there is none."""
        body = None if call.body is None else _encode(call.body)
        self._budget.enter()
        try:
            for attempt in range(1, self._policy.max_attempts + 1):
                self._refuse_when_spent(call)
                outcome, wait = self._bounded_attempt(call, body, attempt)
                if isinstance(outcome, Envelope):
                    return outcome
                if wait is None:
                    raise outcome.error
                self._wait(outcome, attempt, wait)
        finally:
            self._budget.leave()
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover

    def _refuse_when_spent(self, call: Call) -> None:
        """Past the run's budget no request is sent: the call fails naming the limit."""
        if self._budget.ends() > time.monotonic():
            return
        raise self._spent(call)

    def _spent(self, call: Call, why: str = "") -> ApiUnreachableError:
        """The call refused, unsent, for the run's time is spent (`why`: how it came to that)."""
        unsent = "; nothing was sent" if call.write else ""
        return ApiUnreachableError(f"{call.what}: {why}{self._budget.spent_message()}{unsent}")

    def _bounded_attempt(
        self, call: Call, body: bytes | None, attempt: int
    ) -> tuple[Envelope | _Failure, float | None]:
        """One attempt, once the client's bound on requests in flight has room (see
        `Concurrency`) and any pause the vendor asked for is over (see `Pause`); with how long
        to wait before the next attempt (None: none is made). A 429's pause begins before the
        attempt's room is given back, so no thread let in by it sends during the pause."""
        number = self._concurrency.acquire(self._budget.ends)
        if number is None:
            raise self._spent(
                call,
                "no room among the requests in flight, which the vendor's 429s cut, before the "
                "end of the run's time: ",
            )
        outcome: Envelope | _Failure | None = None
        try:
            self._hold(call)
            outcome = self._attempt(call, body)
            if isinstance(outcome, Envelope):
                return outcome, None
            again = outcome.retryable and attempt < self._policy.max_attempts
            wait = self._wait_after(outcome, attempt, again)
            return outcome, wait if again else None
        finally:
            throttled = isinstance(outcome, _Failure) and outcome.throttled
            self._concurrency.release(number, throttled=throttled)

    def _hold(self, call: Call) -> None:
        """Wait out the vendor's pause, if one is in force (see `Pause`)."""
        left = self._pause.left()
        if left <= 0:
            return
        if time.monotonic() + left >= self._budget.ends():
            raise self._spent(
                call,
                f"the vendor asked for a pause of {left:.0f} s (HTTP 429), past the end of the "
                "run's time: ",
            )
        log.debug("%s: waiting %.2f s, the pause the vendor asked for", call.what, left)
        self._sleep(left)
        self._pause.waited()

    def _wait_after(self, failure: _Failure, attempt: int, again: bool) -> float:
        """How long to wait before trying again; a 429's wait is a pause for every thread
        (`again`: this one waits it out before trying again)."""
        wait = failure.wait if failure.wait is not None else self._policy.delay(attempt, self._rng)
        if failure.throttled:
            self._pause.begin(wait, waited_here=again)
        return wait

    def _wait(self, failure: _Failure, attempt: int, wait: float) -> None:
        if time.monotonic() + wait >= self._budget.ends():  # no time left to try again
            raise ApiUnreachableError(f"{failure.error}; {self._budget.spent_message()}")
        log.warning(
            "%s; retrying in %.2f s (attempt %d of %d)",
            failure.error,
            wait,
            attempt + 1,
            self._policy.max_attempts,
        )
        if wait > 0:
            self._sleep(wait)

    def _attempt(self, call: Call, body: bytes | None) -> Envelope | _Failure:
        headers = signed_headers(self._config.api_key, self._config.api_secret, self._clock())
        started = time.monotonic()
        deadline = min(started + self._limits.deadline, self._budget.ends())
        if deadline <= started:  # the run's time ran out while this call waited for room
            raise self._spent(call)
        with self._lock:
            self._calls[call.endpoint] += 1
        try:
            response = self._open(
                call, body, headers, min(self._limits.timeout, deadline - started)
            )
        except requests.RequestException as error:
            # No answer before what the run had left (a connection never made stays that).
            if time.monotonic() >= deadline and not _never_sent(error):
                broken = _BrokenAnswer(self._too_long(deadline), retryable=True)
                return self._broken_answer(call, broken, headers["Sign"])
            return self._transport_failure(call, error, headers["Sign"])
        try:
            content = self._read_body(response, deadline)
        except _BrokenAnswer as broken:
            return self._broken_answer(call, broken, headers["Sign"])
        finally:
            response.close()  # a body left unread closes its connection, never reused
            response.release_conn()
        elapsed_ms = (time.monotonic() - started) * 1000
        log.debug(
            "%s %s -> HTTP %d in %.1f ms", call.method, call.path, response.status, elapsed_ms
        )
        return self._answer(call, response.status, response.headers, content, headers["Sign"])

    def _open(
        self, call: Call, body: bytes | None, signed: Mapping[str, str], timeout: float
    ) -> urllib3.BaseHTTPResponse:
        """The answer's status and headers, its body left to read; any failure as the
        requests exception it has always been."""
        route = self._route or self._open_route()
        try:
            return route.pool.urlopen(
                call.method,
                route.prefix + call.path,
                body=body,
                headers={**route.headers, **signed},
                redirect=False,  # a redirect would carry the Api-Key and Sign elsewhere
                assert_same_host=False,
                preload_content=False,  # read below, within the deadline and the size cap
                decode_content=False,
                retries=_NO_RETRIES,
                timeout=urllib3.Timeout(connect=timeout, read=timeout),
                chunked=False,
            )
        except (urllib3.exceptions.HTTPError, OSError) as error:
            raise requests_error(error) from error

    def _open_route(self) -> Route:
        """The route, worked out on the first call (a failure is the call's, and tried again on
        the next)."""
        route = route_to(self._config)
        with self._lock:
            if self._route is None:
                self._route = route
            else:
                route.pool.close()  # another thread's came first
            return self._route

    def _read_body(self, response: urllib3.BaseHTTPResponse, deadline: float) -> bytes:
        """The whole body, read a chunk at a time, each read bounded by what the deadline
        leaves, and the total by the size cap."""
        limits = self._limits
        sock = _socket_of(response)
        chunks: list[bytes] = []
        size = 0
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise _BrokenAnswer(self._too_long(deadline), retryable=True)
            if sock is not None:
                sock.settimeout(min(limits.timeout, left))
            try:
                chunk = response.read1(_CHUNK, decode_content=True)
            except (urllib3.exceptions.HTTPError, OSError) as error:
                # A read cut short by what the deadline left says which bound it met.
                cut = time.monotonic() >= deadline
                detail = self._too_long(deadline) if cut else _broken_read(error, limits)
                raise _BrokenAnswer(detail, retryable=True) from error
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > limits.max_answer_bytes:
                raise _BrokenAnswer(
                    f"the answer is larger than {limits.max_answer_bytes:,} bytes", retryable=False
                )
            chunks.append(chunk)

    def _too_long(self, deadline: float) -> str:
        """Which bound an answer ran past: its attempt's deadline, or the run's budget."""
        if deadline < self._budget.ends() - 0.001:
            return f"the answer took longer than {self._limits.deadline:g} s"
        return f"the answer ran past the end of the run's time: {self._budget.spent_message()}"

    def _broken_answer(self, call: Call, broken: _BrokenAnswer, sign: str) -> _Failure:
        detail = self.redact(str(broken), sign)
        if call.write:
            return _Failure(_ambiguous(call, detail), retryable=False)
        message = f"{call.what}: no usable answer from {self._config.shown_url} ({detail})"
        if broken.retryable:
            return _Failure(ApiUnreachableError(message), retryable=True)
        return _Failure(UnexpectedResponseError(message), retryable=False)

    def _transport_failure(
        self, call: Call, error: requests.RequestException, sign: str
    ) -> _Failure:
        detail = self.redact(_describe(error, self._limits.timeout), sign)
        # Only a write's message says nothing was sent: on a read it would be noise, and
        # quoted inside a write's outcome it would claim the write was never sent.
        unsent = "; nothing was sent" if call.write else ""
        if isinstance(error, _UNSENDABLE):
            message = f"{call.what}: the request could not be built ({detail}){unsent}"
            return _Failure(ApiUnreachableError(message), retryable=False)
        if _never_sent(error):
            message = f"{call.what}: could not connect to {self._config.shown_url} ({detail})"
            return _Failure(ApiUnreachableError(message + unsent), retryable=True)
        if call.write:
            return _Failure(_ambiguous(call, detail), retryable=False)
        message = f"{call.what}: no answer from {self._config.shown_url} ({detail})"
        return _Failure(ApiUnreachableError(message), retryable=True)

    def _answer(
        self, call: Call, status: int, headers: Mapping[str, str], content: bytes, sign: str
    ) -> Envelope | _Failure:
        if status == HTTP_OK:
            return self._envelope(call, content, sign)
        shown = f"HTTP {status}: {self.shown(_text_of(content), sign)}"
        if status == HTTP_TOO_MANY_REQUESTS:
            return self._throttled(call, headers, shown)
        if status >= HTTP_SERVER_ERROR:
            if call.write:
                failure = _ambiguous(call, f"the vendor answered {shown}", answered=True)
                return _Failure(failure, retryable=False)
            message = f"{call.what}: the vendor answered {shown}"
            return _Failure(ApiUnreachableError(message), retryable=True)
        message = f"{call.what}: unexpected answer from {self._config.shown_url}: {shown}"
        return _Failure(UnexpectedResponseError(message), retryable=False)

    def _throttled(self, call: Call, headers: Mapping[str, str], shown: str) -> _Failure:
        wait = _retry_after(headers.get("Retry-After"), self._clock())
        applied = "; nothing was applied" if call.write else ""
        if wait is not None and wait > self._policy.max_retry_after:
            message = f"{call.what}: the vendor asks to wait {wait:.0f} s before retrying ({shown})"
            refused = ApiUnreachableError(message + applied)
            return _Failure(refused, retryable=False, wait=wait, throttled=True)
        message = f"{call.what}: the vendor kept rate-limiting the request ({shown})"
        throttled = ApiUnreachableError(message + applied)
        return _Failure(throttled, retryable=True, wait=wait, throttled=True)

    def _envelope(self, call: Call, content: bytes, sign: str) -> Envelope | _Failure:
        try:
            envelope = read_envelope(json.loads(content))
        # RecursionError: JSON nested deeper than Python parses; ValueError covers bad UTF-8,
        # bad JSON and integers too long to convert. Each is this one answer's failure.
        except (ValueError, RecursionError) as error:
            problem = "nested too deep" if isinstance(error, RecursionError) else str(error)
            shown = f"HTTP 200 that is not the vendor's JSON ({self.shown(problem, sign)}): "
            shown += self.shown(_text_of(content), sign)
            # Whatever answered, the write may have happened behind it, and an answer that
            # cannot be read does not say the vendor is done with it: not `answered`.
            if call.write:
                doubt = _ambiguous(call, f"the vendor answered {shown}")
                return _Failure(doubt, retryable=False)
            failure = UnexpectedResponseError(f"{call.what}: the vendor answered {shown}")
            return _Failure(failure, retryable=False)
        if envelope.ok:
            return envelope
        reason = self.shown(envelope.reason, sign)
        return _Failure(vendor_error(envelope.code, reason, call.what), retryable=False)

    def shown(self, text: str, sign: str = "") -> str:
        """Text from the network as it may be printed: secrets redacted, phone numbers masked,
        control characters shown as `?`, then cut (cutting first could leave the start of a
        secret or a number whole)."""
        text = mask_numbers_in(one_line(self.redact(" ".join(text.split()), sign)))
        if not text:
            return "(empty body)"
        return text if len(text) <= BODY_PREFIX_CHARS else text[:BODY_PREFIX_CHARS] + "..."

    def redact(self, text: str, sign: str = "") -> str:
        """The text with the key, the secret and the request's Sign replaced."""
        config = self._config
        escaped = (repr(config.api_secret)[1:-1], repr(config.api_key)[1:-1])
        secrets = (config.api_secret, config.api_key, *escaped, *config.url_secrets)
        for secret in (*secrets, sign, sign.upper()):
            # Redacting a one- or two-letter "secret" would only garble the message.
            if len(secret) >= MIN_REDACTED_LENGTH:
                text = text.replace(secret, REDACTED)
        return text


def _ambiguous(call: Call, detail: str, *, answered: bool = False) -> AmbiguousWriteError:
    happened = f"{call.what} may or may not have been applied: {detail}"
    return AmbiguousWriteError(
        f"{happened}; look it up at the vendor before trying again",
        answered=answered,
        what_happened=happened,
    )


def _encode(body: Mapping[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _text_of(content: bytes) -> str:
    """The whole body (bounded by the size cap): a prefix could end inside a secret."""
    return content.decode("utf-8", errors="replace")


def _socket_of(response: urllib3.BaseHTTPResponse) -> socket.socket | None:
    """The socket the body arrives on, to bound each read by what the deadline leaves."""
    connection = getattr(response, "connection", None)
    sock = getattr(connection, "sock", None)
    return sock if isinstance(sock, socket.socket) else None


def _broken_read(error: BaseException, limits: Limits) -> str:
    if any(isinstance(cause, TimeoutError | socket.timeout) for cause in _causes(error)) or (
        isinstance(error, urllib3.exceptions.ReadTimeoutError)
    ):
        return f"the answer stalled for {limits.timeout:g} s or ran past {limits.deadline:g} s"
    return f"the answer broke off ({type(error).__name__})"


def _retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return max(0.0, when.timestamp() - now)


def _causes(error: BaseException) -> Iterator[BaseException]:
    """The error and everything it wraps (urllib3 nests causes in args and `reason`)."""
    seen: set[int] = set()
    pending = [error]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        nested = [getattr(current, "reason", None), current.__cause__, current.__context__]
        pending.extend(e for e in [*nested, *current.args] if isinstance(e, BaseException))


# Raised before a byte leaves this machine, and the same on every try.
_UNSENDABLE = (
    requests.exceptions.InvalidHeader,
    requests.exceptions.InvalidURL,
    requests.exceptions.InvalidSchema,
    requests.exceptions.MissingSchema,
)


def _never_sent(error: requests.RequestException) -> bool:
    """True when no byte of the request can have reached the server."""
    if isinstance(error, requests.ConnectTimeout):
        return True
    return any(isinstance(cause, NewConnectionError) for cause in _causes(error))


def _describe(error: requests.RequestException, timeout: float) -> str:
    if isinstance(error, requests.ConnectTimeout):
        return f"could not connect within {timeout:g} s"
    if isinstance(error, requests.ReadTimeout):
        return f"no answer within {timeout:g} s"
    for cause in _causes(error):
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        if isinstance(cause, http.client.RemoteDisconnected):
            return "the connection closed without an answer"
        if isinstance(cause, ConnectionResetError):
            return "the connection was reset"
    return f"{type(error).__name__}: {error}"
