"""Failures the sandbox injects on request: latency, 5xx, 429, dropped connections, clock skew.

Share-based forms draw from a seeded RNG; count-based forms ("the next N requests to path P")
make tests deterministic. Faults touch only the vendor paths, never /_sandbox/.
"""

from __future__ import annotations

import dataclasses
import math
import random
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from broadcastctl.errors import UsageError
from broadcastctl.sandbox.calls import RECORD_MODES, TERMINATION_MODES

SEND_PATH = "voice/group/call/send"
RESEND_PATH = "voice/group/call/resend"  # makes a task too: the create faults apply to it
CANCEL_PATH = "voice/group/call/cancel"
UPLOAD_PATH = "voice/fileUpload"
HTTP_TOO_MANY_REQUESTS = 429
DETAIL_MODES = ("table", "stored")
# A wait longer than a day is no test's, and one past what time.sleep takes kills the request.
MAX_WAIT_SECONDS = 86_400
MAX_SKEW_SECONDS = 10 * 366 * 86_400
UPLOAD_MODES = ("id", "no-id")
# The resend call's answer (its page's tail is unconfirmed): `data` the new task's id (as the AI
# variant's page reads), null, or the keyId it was sent (the parent's: "data = keyId" read the
# other way).
RESEND_ANSWERS = ("id", "null", "parent-id")
# Whether the resend call takes a parent that is not completed: "refuse" answers DATA_INVALID.
RESEND_TAKES = ("refuse", "accept")


@dataclass(frozen=True)
class Faults:
    """What to break; the defaults break nothing."""

    latency: float = 0.0  # seconds added before every vendor answer
    error_rate: float = 0.0  # share of vendor requests answered 503
    throttle_rate: float = 0.0  # share answered 429 with Retry-After
    retry_after: int = 1  # seconds, in every 429 the sandbox sends
    drop_after_create_rate: float = 0.0  # share of committed creates answered by a closed socket
    clock_skew: float = 0.0  # seconds the signature check's clock is off by
    seed: int = 0  # of the RNG behind the *_rate forms
    fail_path: str | None = None  # fail_next and slow_next count only requests to this path
    fail_next: int = 0  # the next N requests fail ...
    fail_status: int = 503  # ... with this HTTP status and an HTML body (429 adds Retry-After),
    fail_code: int | None = None  # ... or, when set, with HTTP 200 and this vendor code
    slow_next: int = 0  # the next N requests wait slow_seconds before being handled
    slow_seconds: float = 0.0
    late_answers: float = 0.0  # seconds every vendor answer is held after its request was handled
    drop_next_creates: int = 0  # the next N creates commit, then the connection is dropped
    drop_next_cancels: int = 0  # the next N cancels take effect, then the connection is dropped
    drop_next_uploads: int = 0  # the next N voice file uploads are stored, then dropped
    # A reading of the rate limit the vendor's pages leave open: at most this many vendor
    # requests handled at once (their latency included), any more answered 429 (0: no cap).
    max_in_flight: int = 0
    # Not a failure but a vendor variant the contract leaves open: "table" shows the detail
    # table's fields, "stored" every field the task holds, defaults included.
    detail: str = "table"
    # Two more open in the vendor's call record pages (sandbox/calls.py): whether a record
    # names its task ("plain": no, as the vendor's table; "task-id": a taskId field), and what
    # terminationCode means ("sip": 200 = connected; "zero": 0 = success).
    records: str = "plain"
    termination: str = "sip"
    # The upload's answer: "id" as its page says (`data` = the file id), or "no-id" (`data`
    # null, as the simplified summaries of the write calls show): the file is then found by name.
    upload: str = "id"
    # The resend call's open points (sandbox/vendor.py `resend`): its answer, and whether it
    # re-calls a parent still waiting or calling ("unfinished") and a cancelled one.
    resend_answer: str = "id"
    resend_unfinished: str = "refuse"
    resend_cancelled: str = "refuse"
    # Whether the update call changes a task the resend call made (which states and tasks the
    # update takes is unconfirmed): "accept" as any waiting task, or "refuse" (DATA_INVALID).
    resend_update: str = "accept"

    def __post_init__(self) -> None:
        self._check_bounds()
        for name in ("error_rate", "throttle_rate", "drop_after_create_rate"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise UsageError(f"fault {name} must be a share between 0 and 1")
        if self.error_rate + self.throttle_rate > 1.0:
            raise UsageError("faults error_rate and throttle_rate must add up to at most 1")
        counts = (
            "fail_next",
            "slow_next",
            "drop_next_creates",
            "drop_next_cancels",
            "drop_next_uploads",
            "max_in_flight",
        )
        for name in ("latency", "retry_after", "slow_seconds", "late_answers", *counts):
            if getattr(self, name) < 0:
                raise UsageError(f"fault {name} must not be negative")
        for name, modes in (
            ("detail", DETAIL_MODES),
            ("records", RECORD_MODES),
            ("termination", TERMINATION_MODES),
            ("upload", UPLOAD_MODES),
            ("resend_answer", RESEND_ANSWERS),
            ("resend_unfinished", RESEND_TAKES),
            ("resend_cancelled", RESEND_TAKES),
            ("resend_update", RESEND_TAKES),
        ):
            if getattr(self, name) not in modes:
                raise UsageError(f"fault {name} must be one of {', '.join(modes)}")
        if not 200 <= self.fail_status <= 599:
            raise UsageError("fault fail_status must be an HTTP status between 200 and 599")

    def _check_bounds(self) -> None:
        """Finite numbers, and waits short enough to sleep through, each refused by its name."""
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if isinstance(value, float) and not math.isfinite(value):
                raise UsageError(f"fault {field.name} must be a finite number, not {value!r}")
        for name in ("latency", "retry_after", "slow_seconds", "late_answers"):
            if getattr(self, name) > MAX_WAIT_SECONDS:
                raise UsageError(f"fault {name} must be at most {MAX_WAIT_SECONDS:,} seconds")
        if abs(self.clock_skew) > MAX_SKEW_SECONDS:
            raise UsageError(f"fault clock_skew must be within {MAX_SKEW_SECONDS:,} seconds")

    @classmethod
    def from_json(cls, data: object) -> Faults:
        """Faults from a JSON object of field names; unknown names and wrong types refused."""
        if not isinstance(data, Mapping):
            raise UsageError("faults must be a JSON object")
        fields = {field.name: field for field in dataclasses.fields(cls)}
        unknown = sorted(set(data) - set(fields))
        if unknown:
            raise UsageError(f"unknown fault {unknown[0]!r}; known: {', '.join(fields)}")
        for name, value in data.items():
            _check_type(name, fields[name].type, value)
        return cls(**data)

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _check_type(name: str, declared: object, value: object) -> None:
    kinds: tuple[type, ...] = {
        "float": (int, float),
        "str": (str,),
        "int": (int,),
        "str | None": (str, type(None)),
        "int | None": (int, type(None)),
    }[str(declared)]
    if isinstance(value, bool) or not isinstance(value, kinds):
        raise UsageError(f"fault {name} must be {declared}, got {value!r}")


@dataclass(frozen=True)
class Injection:
    """What to do to one vendor request before handling it."""

    delay: float = 0.0
    status: int | None = None  # answer with this HTTP status and a non-JSON body
    code: int | None = None  # answer with this vendor code
    retry_after: int = 1


class FaultState:
    """The faults in force, with what is left of the count-based ones; thread-safe."""

    def __init__(self, faults: Faults | None = None) -> None:
        self._lock = threading.Lock()
        self._in_flight = 0  # vendor requests being handled now
        self.replace(faults or Faults())

    @property
    def faults(self) -> Faults:
        with self._lock:
            return self._faults

    def replace(self, faults: Faults) -> None:
        with self._lock:
            self._faults = faults
            self._rng = random.Random(faults.seed)  # noqa: S311 - reproducible faults

    def admit(self) -> bool:
        """Whether a vendor request may be handled now, under `max_in_flight`; one admitted is
        counted until `done`."""
        with self._lock:
            cap = self._faults.max_in_flight
            if cap and self._in_flight >= cap:
                return False
            self._in_flight += 1
            return True

    def done(self) -> None:
        """An admitted request is answered (or dropped)."""
        with self._lock:
            self._in_flight -= 1

    def before(self, path: str) -> Injection:
        """Decide, for one request to a vendor path, its delay and any failure."""
        with self._lock:
            faults = self._faults
            delay = faults.latency + (faults.slow_seconds if self._take("slow_next", path) else 0)
            if self._take("fail_next", path):
                if faults.fail_code is not None:
                    return Injection(delay, code=faults.fail_code)
                return Injection(delay, status=faults.fail_status, retry_after=faults.retry_after)
            return Injection(delay, status=self._drawn_status(), retry_after=faults.retry_after)

    def drop_after_create(self) -> bool:
        """Whether to close the connection instead of answering a create (or a resend, which
        makes a task as well) that just committed."""
        with self._lock:
            if self._take("drop_next_creates", SEND_PATH):
                return True
            rate = self._faults.drop_after_create_rate
            return rate > 0 and self._rng.random() < rate

    def drop_after_cancel(self) -> bool:
        """Whether to close the connection instead of answering a cancel that took effect."""
        with self._lock:
            return self._take("drop_next_cancels", CANCEL_PATH)

    def drop_after_upload(self) -> bool:
        """Whether to close the connection instead of answering an upload that was stored."""
        with self._lock:
            return self._take("drop_next_uploads", UPLOAD_PATH)

    def _take(self, counter: str, path: str) -> bool:
        """Use up one of a count-based fault, if any is left and the path matches."""
        left: int = getattr(self._faults, counter)
        wanted = _DROP_PATHS.get(counter, self._faults.fail_path)
        if left <= 0 or not _matches(wanted, path):
            return False
        changes: dict[str, Any] = {counter: left - 1}
        self._faults = dataclasses.replace(self._faults, **changes)
        return True

    def _drawn_status(self) -> int | None:
        faults = self._faults
        if faults.error_rate + faults.throttle_rate <= 0:
            return None  # no draw, so a seeded sequence is not disturbed
        draw = self._rng.random()
        if draw < faults.error_rate:
            return 503
        if draw < faults.error_rate + faults.throttle_rate:
            return HTTP_TOO_MANY_REQUESTS
        return None


def _matches(wanted: str | None, path: str) -> bool:
    if wanted is None:
        return True
    wanted = wanted.strip("/").removeprefix("v3/")
    return path == wanted or path.startswith(wanted + "/")


_DROP_PATHS = {
    "drop_next_creates": SEND_PATH,
    "drop_next_cancels": CANCEL_PATH,
    "drop_next_uploads": UPLOAD_PATH,
}
