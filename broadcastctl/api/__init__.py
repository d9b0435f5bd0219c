"""The vendor API client: signing, both answer envelopes, typed errors and safe retries."""

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
    VendorError,
    VendorSystemError,
    WrongTaskError,
)
from broadcastctl.api.records import TaskDetail, TaskSummary, VoiceFile
from broadcastctl.api.signing import sign
from broadcastctl.api.vendortime import format_vendor_time, parse_vendor_time
from broadcastctl.settings import parse_timezone

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
    "VendorError",
    "VendorSystemError",
    "VoiceFile",
    "WrongTaskError",
    "format_vendor_time",
    "parse_timezone",
    "parse_vendor_time",
    "sign",
]
