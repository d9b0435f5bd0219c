"""What can go wrong talking to the vendor: one class per vendor code, plus transport failures.

Every message says what happened and what to do. None of them ever holds the API key, the
secret or a signature: texts that come from the network are redacted before they get here.
"""

from __future__ import annotations

from broadcastctl.api.codes import VendorCode
from broadcastctl.errors import BroadcastctlError


class ApiError(BroadcastctlError):
    """A vendor API call failed; `code` is the vendor's code when it answered with one."""

    def __init__(self, message: str, *, code: int | None = None, reason: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.reason = reason


class VendorError(ApiError):
    """The vendor answered, with a code other than 0."""


class AuthenticationError(VendorError):
    """-1: key, secret or signature not accepted."""


class IpNotAllowedError(VendorError):
    """-2: this machine's address is not on the account's allow-list."""


class InsufficientBalanceError(VendorError):
    """-10: the account cannot pay for the calls."""


class TimestampExpiredError(VendorError):
    """-16: the Timestamp header is too far from the vendor's clock."""


class VendorSystemError(VendorError):
    """-18: the vendor's own system failed."""


class AlreadyExistsError(VendorError):
    """-20: a task or file with that name exists."""


class InvalidRequestError(VendorError):
    """-21 / -22: the vendor found a field or the state of the task wrong."""


class LimitReachedError(VendorError):
    """-23: an account or request limit was reached."""


class NotFoundError(VendorError):
    """-24: no such task (or record)."""


class OutOfTimeRangeError(VendorError):
    """-25: a time or window outside what the vendor allows."""


class RateUnavailableError(VendorError):
    """-26: the vendor could not price the calls."""


class NoCallableNumbersError(VendorError):
    """-34: the previous run left no numbers to call."""


class NoNumberCalledError(VendorError):
    """-35: no number was called."""


class TaskRefusedError(VendorError):
    """-37: the vendor refused the task as submitted."""


class WrongTaskError(VendorError):
    """-54: the submitted task is wrong."""


class UnknownCodeError(VendorError):
    """A code the vendor's documentation does not list."""


class ApiUnreachableError(ApiError):
    """No usable answer came back, even after retrying where retrying is safe."""


class UnexpectedResponseError(ApiError):
    """An answer that is not the vendor's JSON envelope: another HTTP status, HTML, a bad shape."""


class AmbiguousWriteError(ApiError):
    """A write failed in a way that does not tell whether the vendor applied it.

    `answered` is True when the vendor did answer (a 5xx): it has finished with the request.
    Without an answer it can read (a timeout, a dropped connection, a 200 that is not its JSON)
    it may still be working on it, or have done it, and the write may show later."""

    def __init__(self, message: str, *, answered: bool = False, what_happened: str = "") -> None:
        super().__init__(message)
        self.answered = answered
        self.what_happened = what_happened or message  # the message without its advice


class CreatedWithoutIdError(ApiError):
    """The vendor accepted a create but gave no id, and the task could not be found by name:
    it exists, so it must not be created again."""


class UploadedWithoutIdError(UnexpectedResponseError):
    """The vendor accepted a voice file upload but gave no id: the file is found by its name."""


_BY_CODE: dict[int, tuple[type[VendorError], str]] = {
    VendorCode.AUTHENTICATION: (
        AuthenticationError,
        "the vendor rejected the credentials; check BROADCASTCTL_API_KEY and "
        "BROADCASTCTL_API_SECRET",
    ),
    VendorCode.IP_RESTRICTED: (
        IpNotAllowedError,
        "this machine's IP address is not allowed on the account; ask the account's owner to "
        "add it to the vendor's IP allow-list",
    ),
    VendorCode.BALANCE_INSUFFICIENT: (
        InsufficientBalanceError,
        "the account's balance is too low; top it up before sending",
    ),
    VendorCode.TIMESTAMP_EXPIRED: (
        TimestampExpiredError,
        "the vendor says the request's timestamp has expired; check this machine's clock "
        "(is NTP running?)",
    ),
    VendorCode.SYSTEM_ERROR: (
        VendorSystemError,
        "the vendor reported an internal error; try again later and contact the vendor if it "
        "persists",
    ),
    VendorCode.ALREADY_EXISTS: (
        AlreadyExistsError,
        "it already exists at the vendor; task and file names must be unique",
    ),
    VendorCode.DATA_INVALID: (
        InvalidRequestError,
        "the vendor rejected the request; fix what its reason names",
    ),
    VendorCode.PARAMETER_INVALID: (
        InvalidRequestError,
        "the vendor rejected a parameter; fix the field its reason names",
    ),
    VendorCode.LIMIT_REACHED: (
        LimitReachedError,
        "a vendor limit was reached; send less, or ask the vendor",
    ),
    VendorCode.NOT_FOUND: (
        NotFoundError,
        "the vendor has no such task; check the id (was it made with another account?)",
    ),
    VendorCode.OUT_OF_TIME_RANGE: (
        OutOfTimeRangeError,
        "a time is outside the range the vendor allows",
    ),
    VendorCode.RATE_UNAVAILABLE: (
        RateUnavailableError,
        "the vendor could not find a rate for these calls; check the account's prices for the "
        "destinations",
    ),
    VendorCode.NO_CALLABLE_NUMBERS: (
        NoCallableNumbersError,
        "the previous run left no numbers to call; start a new group call instead",
    ),
    VendorCode.NO_NUMBER_CALLED: (NoNumberCalledError, "the vendor says no number was called"),
    VendorCode.TASK_REFUSED: (
        TaskRefusedError,
        "the vendor refused the task as submitted; check its state and fields",
    ),
    VendorCode.WRONG_TASK: (
        WrongTaskError,
        "the vendor says the submitted task is wrong; check it and resubmit",
    ),
}


def vendor_error(code: int, reason: str, what: str) -> VendorError:
    """The typed error for a vendor code, its message naming the call and the vendor's reason."""
    kind, advice = _BY_CODE.get(
        code,
        (UnknownCodeError, "the vendor answered with a code its documentation does not list"),
    )
    shown = reason or "no reason given"
    return kind(f"{what}: {advice} (vendor code {code}: {shown})", code=code, reason=reason)
