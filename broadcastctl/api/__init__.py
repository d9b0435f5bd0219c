"""The vendor API client: signing, both answer envelopes, typed errors and safe retries; and the
vendor's date-times and their zone (`vendortime`).

Every name is imported on first use: `Client` brings in `requests`, and the rest 30 ms or so of
modules, which `broadcastctl lint` (reading the vendor's zone from `vendortime`) must not pay for
at every start. The imports below, which type checkers read, are the one list of the names: on
first use the package reads from them which module defines the name asked for.
"""

# ruff: noqa: I001 - the sorter would split the `X as X` imports below into one statement each

from __future__ import annotations

import ast
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # `X as X`: each name is the package's own, for mypy as for readers
    from broadcastctl.api.client import Client as Client
    from broadcastctl.api.config import ApiConfig as ApiConfig
    from broadcastctl.api.errors import (
        AlreadyExistsError as AlreadyExistsError,
        AmbiguousWriteError as AmbiguousWriteError,
        ApiError as ApiError,
        ApiUnreachableError as ApiUnreachableError,
        AuthenticationError as AuthenticationError,
        CreatedWithoutIdError as CreatedWithoutIdError,
        InsufficientBalanceError as InsufficientBalanceError,
        InvalidRequestError as InvalidRequestError,
        IpNotAllowedError as IpNotAllowedError,
        LimitReachedError as LimitReachedError,
        NoCallableNumbersError as NoCallableNumbersError,
        NoNumberCalledError as NoNumberCalledError,
        NotFoundError as NotFoundError,
        OutOfTimeRangeError as OutOfTimeRangeError,
        RateUnavailableError as RateUnavailableError,
        TaskRefusedError as TaskRefusedError,
        TimestampExpiredError as TimestampExpiredError,
        UnexpectedResponseError as UnexpectedResponseError,
        UnknownCodeError as UnknownCodeError,
        UploadedWithoutIdError as UploadedWithoutIdError,
        VendorError as VendorError,
        VendorSystemError as VendorSystemError,
        WrongTaskError as WrongTaskError,
    )
    from broadcastctl.api.records import (
        TaskDetail as TaskDetail,
        TaskSummary as TaskSummary,
        VoiceFile as VoiceFile,
    )
    from broadcastctl.api.signing import sign as sign
    from broadcastctl.api.vendortime import (
        format_vendor_time as format_vendor_time,
        parse_timezone as parse_timezone,
        parse_vendor_time as parse_vendor_time,
    )


@cache
def _homes() -> dict[str, str]:
    """Each name the imports above give the package, and the module of the package defining it."""
    source = Path(__file__).read_text(encoding="utf-8")
    block = next(node for node in ast.parse(source).body if isinstance(node, ast.If))
    return {
        alias.name: str(node.module).rpartition(".")[2]
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


def __getattr__(name: str) -> object:
    if name == "__all__":  # what `from broadcastctl.api import *` takes
        return sorted(_homes())
    home = _homes().get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # found directly from now on
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_homes()})
