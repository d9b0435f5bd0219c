import datetime
from typing import Any

import pytest

from broadcastctl.api import (
    AlreadyExistsError,
    ApiError,
    AuthenticationError,
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
    UnknownCodeError,
    VendorSystemError,
    WrongTaskError,
    format_vendor_time,
    parse_vendor_time,
)
from broadcastctl.api.codes import VendorCode
from broadcastctl.api.envelope import ShapeError, read_envelope
from broadcastctl.api.errors import VendorError, vendor_error
from broadcastctl.errors import BroadcastctlError

DOCUMENTED = {
    -1: AuthenticationError,
    -2: IpNotAllowedError,
    -10: InsufficientBalanceError,
    -16: TimestampExpiredError,
    -18: VendorSystemError,
    -20: AlreadyExistsError,
    -21: InvalidRequestError,
    -22: InvalidRequestError,
    -23: LimitReachedError,
    -24: NotFoundError,
    -25: OutOfTimeRangeError,
    -26: RateUnavailableError,
    -34: NoCallableNumbersError,
    -35: NoNumberCalledError,
    -37: TaskRefusedError,
    -54: WrongTaskError,
}


@pytest.mark.parametrize(
    ("payload", "code", "reason", "data"),
    [
        ({"code": 0, "msg": "success", "data": {"total": 0}}, 0, "success", {"total": 0}),
        ({"code": "0", "msg": "success", "data": None}, 0, "success", None),
        ({"status": "0", "reason": "success", "data": 123123}, 0, "success", 123123),
        ({"status": "-16", "reason": "timestamp expires"}, -16, "timestamp expires", None),
        ({"code": -22, "msg": "bad"}, -22, "bad", None),
        ({"status": 0, "reason": "success"}, 0, "success", None),
    ],
)
def test_both_envelopes_read_into_one_result(
    payload: dict[str, Any], code: int, reason: str, data: Any
) -> None:
    envelope = read_envelope(payload)

    assert (envelope.code, envelope.reason, envelope.data) == (code, reason, data)
    assert envelope.ok is (code == 0)


def test_the_detail_data_member_code_is_not_taken_for_the_envelope() -> None:
    envelope = read_envelope({"status": "0", "reason": "ok", "data": {"code": "VN"}})
    assert envelope.code == 0


@pytest.mark.parametrize(
    "payload", [[], "success", {"msg": "no code"}, {"code": "zero"}, {"code": True}]
)
def test_answers_without_an_envelope_are_shape_errors(payload: object) -> None:
    with pytest.raises(ShapeError):
        read_envelope(payload)


@pytest.mark.parametrize(("code", "kind"), DOCUMENTED.items())
def test_every_documented_code_has_its_own_error_with_code_and_reason(
    code: int, kind: type[VendorError]
) -> None:
    error = vendor_error(code, "the vendor's words", "create task 'x'")

    assert type(error) is kind
    assert isinstance(error, ApiError)
    assert isinstance(error, BroadcastctlError)
    assert (error.code, error.reason) == (code, "the vendor's words")
    assert str(error).startswith("create task 'x': ")
    assert f"vendor code {code}: the vendor's words" in str(error)


def test_the_named_codes_are_the_documented_ones_and_success() -> None:
    """The names the client and the sandbox share stand for the API notes' numbers."""
    assert {int(code) for code in VendorCode} == {0, *DOCUMENTED}
    assert (VendorCode.NOT_FOUND, VendorCode.PARAMETER_INVALID) == (-24, -22)
    assert f"{VendorCode.TIMESTAMP_EXPIRED}" == "-16"  # messages show the number


@pytest.mark.parametrize(
    ("code", "advice"),
    [
        (-1, "BROADCASTCTL_API_KEY and BROADCASTCTL_API_SECRET"),
        (-2, "allow-list"),
        (-10, "balance"),
        (-16, "clock"),
        (-18, "try again later"),
        (-20, "must be unique"),
        (-22, "fix the field"),
        (-24, "check the id"),
    ],
)
def test_messages_say_what_to_do(code: int, advice: str) -> None:
    assert advice in str(vendor_error(code, "", "call"))


def test_an_unknown_code_still_gives_a_clear_error() -> None:
    error = vendor_error(-99, "", "list tasks")

    assert type(error) is UnknownCodeError
    assert error.code == -99
    assert "does not list" in str(error)
    assert "vendor code -99: no reason given" in str(error)


def test_vendor_time_is_shown_in_the_vendors_zone() -> None:
    utc8 = datetime.timezone(datetime.timedelta(hours=8))
    moment = datetime.datetime(2024, 6, 3, 2, 42, 5, tzinfo=datetime.UTC)

    assert format_vendor_time(moment, utc8) == "2024-06-03 10:42:05"
    assert format_vendor_time(datetime.datetime(2024, 6, 3, 10, 42, 5), utc8) == (
        "2024-06-03 10:42:05"
    )
    assert parse_vendor_time("2024-06-03 10:42:05", utc8) == moment
