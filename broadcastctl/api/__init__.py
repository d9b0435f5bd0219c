"""The vendor API client: signing, both answer envelopes, typed errors and safe retries; and the
vendor's date-times and their zone (`vendortime`).

`Client` is imported on first use: it brings in `requests`, which `broadcastctl lint` (reading
the vendor's zone from `vendortime`) must not pay for at every start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from broadcastctl.api.config import ApiConfig
from broadcastctl.api.errors import (
    AlreadyExistsError,
    AmbiguousWriteError,
    ApiError,
    ApiUnreachableError,
    AuthenticationError,
    CreatedWithoutIdError,
    InsufficientBalanceError,
    InvalidRequestError,
    IpNotAllowedError,
    LimitReachedError,
    NoCallableNumbersError,
    NoNumberCalledError,
    NotFoundError,
    OutOfTimeRangeError,
    RateUnavailableError,
    TaskRefusedError,
    TimestampExpiredError,
    UnexpectedResponseError,
    UnknownCodeError,
    UploadedWithoutIdError,
    VendorError,
    VendorSystemError,
    WrongTaskError,
)
from broadcastctl.api.records import TaskDetail, TaskSummary, VoiceFile
from broadcastctl.api.signing import sign
from broadcastctl.api.vendortime import format_vendor_time, parse_timezone, parse_vendor_time

if TYPE_CHECKING:
    from broadcastctl.api.client import Client


def __getattr__(name: str) -> object:
    if name == "Client":
        from broadcastctl.api.client import Client  # noqa: PLC0415 - deferred on purpose

        return Client
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AlreadyExistsError",
    "AmbiguousWriteError",
    "ApiConfig",
    "ApiError",
    "ApiUnreachableError",
    "AuthenticationError",
    "Client",
    "CreatedWithoutIdError",
    "InsufficientBalanceError",
    "InvalidRequestError",
    "IpNotAllowedError",
    "LimitReachedError",
    "NoCallableNumbersError",
    "NoNumberCalledError",
    "NotFoundError",
    "OutOfTimeRangeError",
    "RateUnavailableError",
    "TaskDetail",
    "TaskRefusedError",
    "TaskSummary",
    "TimestampExpiredError",
    "UnexpectedResponseError",
    "UnknownCodeError",
    "UploadedWithoutIdError",
    "VendorError",
    "VendorSystemError",
    "VoiceFile",
    "WrongTaskError",
    "format_vendor_time",
    "parse_timezone",
    "parse_vendor_time",
    "sign",
]
