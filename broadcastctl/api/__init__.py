"""The vendor API client: signing, both answer envelopes, typed errors and safe retries; and the
vendor's date-times and their zone (`vendortime`).

Every name is imported on first use: `Client` brings in `requests`, and the rest 30 ms or so of
modules, which `broadcastctl lint` (reading the vendor's zone from `vendortime`) must not pay for
at every start.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from broadcastctl.api.client import Client
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

# each name, and the module of this package that defines it
_HOME = {
    "AlreadyExistsError": "errors",
    "AmbiguousWriteError": "errors",
    "ApiConfig": "config",
    "ApiError": "errors",
    "ApiUnreachableError": "errors",
    "AuthenticationError": "errors",
    "Client": "client",
    "CreatedWithoutIdError": "errors",
    "InsufficientBalanceError": "errors",
    "InvalidRequestError": "errors",
    "IpNotAllowedError": "errors",
    "LimitReachedError": "errors",
    "NoCallableNumbersError": "errors",
    "NoNumberCalledError": "errors",
    "NotFoundError": "errors",
    "OutOfTimeRangeError": "errors",
    "RateUnavailableError": "errors",
    "TaskDetail": "records",
    "TaskRefusedError": "errors",
    "TaskSummary": "records",
    "TimestampExpiredError": "errors",
    "UnexpectedResponseError": "errors",
    "UnknownCodeError": "errors",
    "UploadedWithoutIdError": "errors",
    "VendorError": "errors",
    "VendorSystemError": "errors",
    "VoiceFile": "records",
    "WrongTaskError": "errors",
    "format_vendor_time": "vendortime",
    "parse_timezone": "vendortime",
    "parse_vendor_time": "vendortime",
    "sign": "signing",
}


def __getattr__(name: str) -> object:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # found directly from now on
    return value


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
