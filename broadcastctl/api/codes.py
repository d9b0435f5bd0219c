"""The vendor's answer codes by name (docs: the API notes' status-code table): the client maps
them to errors, and the sandbox answers with them."""

from __future__ import annotations

from enum import IntEnum


class VendorCode(IntEnum):
    """A `code` (or `status`) the vendor's voice pages list; 0 is success, the rest negative."""

    SUCCESS = 0
    AUTHENTICATION = -1  # key, timestamp or sign not accepted
    IP_RESTRICTED = -2  # this address is not on the account's allow-list
    BALANCE_INSUFFICIENT = -10
    TIMESTAMP_EXPIRED = -16
    SYSTEM_ERROR = -18  # the vendor's own failure
    ALREADY_EXISTS = -20  # a task or file name already used
    DATA_INVALID = -21  # "data validation exception": e.g. a task in the wrong state
    PARAMETER_INVALID = -22  # "parameter exception": a field's value
    LIMIT_REACHED = -23
    NOT_FOUND = -24  # "data does not exist"
    OUT_OF_TIME_RANGE = -25
    RATE_UNAVAILABLE = -26
    NO_CALLABLE_NUMBERS = -34  # the previous run left none
    NO_NUMBER_CALLED = -35
    TASK_REFUSED = -37
    WRONG_TASK = -54
