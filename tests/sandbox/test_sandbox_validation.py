"""The sandbox checks requests by the vendor's table (§4.1) and names the field it refuses."""

import base64
from collections.abc import Callable
from typing import Any

import pytest
import requests

SEND = "voice/group/call/send"
AUDIO = base64.b64encode(b"ID3 audio").decode()
SMS = {
    "hangUpSms": 1, "smsAppId": "sms-1", "smsContent": "Thanks",
    "feedbackPush": 0, "successPush": 0, "failedPush": 1, "ringPush": 0,
}  # fmt: skip
SEAT = {"toSeat": 1, "sipGroupId": 1000019, "outboundControl": 1, "calloutRate": 1, "toSeatType": 2}


def without(body: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {key: value for key, value in body.items() if key not in keys}


REFUSED = [
    # (what to change in the minimal body, the field the reason must name)
    (lambda b: without(b, "appId"), "appId"),
    (lambda b: b | {"appId": ""}, "appId"),
    (lambda b: b | {"taskName": "x"}, "taskName"),
    (lambda b: b | {"taskName": "x" * 65}, "taskName"),
    (lambda b: b | {"taskName": 12345}, "taskName"),
    (lambda b: without(b, "numberList"), "numberList"),
    (lambda b: b | {"numberList": []}, "numberList"),
    (lambda b: b | {"numberList": "84901234567"}, "numberList"),
    (lambda b: b | {"numberList": ["123456"]}, "numberList[0]"),
    (lambda b: b | {"numberList": ["84901234567", "1234567890123456"]}, "numberList[1]"),
    (lambda b: b | {"numberList": [84901234567]}, "numberList[0]"),
    (lambda b: b | {"numberList": ["+84901234567"]}, "numberList[0]"),
    (lambda b: b | {"numberInfoList": [{"calleeNumber": "84901234567"}]}, "numberInfoList"),
    (lambda b: without(b, "source"), "source"),
    (lambda b: b | {"source": 4}, "source"),
    (lambda b: b | {"source": "3"}, "source"),
    (lambda b: b | {"source": True}, "source"),
    (lambda b: b | {"source": 1}, "voiceFileId"),
    (lambda b: b | {"source": 2, "baseFile": AUDIO}, "uploadName"),
    (lambda b: b | {"source": 2, "uploadName": "a.mp", "baseFile": AUDIO}, "uploadName"),
    (lambda b: b | {"source": 2, "uploadName": "x" * 33, "baseFile": AUDIO}, "uploadName"),
    (lambda b: b | {"source": 2, "uploadName": "hello.mp3"}, "baseFile"),
    (lambda b: b | {"source": 2, "uploadName": "hello.mp3", "baseFile": "%%%"}, "baseFile"),
    (lambda b: without(b, "text"), "text"),
    (lambda b: b | {"text": "x" * 1001}, "text"),
    (lambda b: without(b, "lan"), "lan"),
    (lambda b: b | {"lan": "FR"}, "lan"),
    (lambda b: b | {"speakingRate": 5}, "speakingRate"),
    (lambda b: b | {"ssmlGender": 3}, "ssmlGender"),
    (lambda b: without(b, "loopCount"), "loopCount"),
    (lambda b: b | {"loopCount": 0}, "loopCount"),
    (lambda b: b | {"loopCount": 10}, "loopCount"),
    (lambda b: b | {"loopCount": 1.5}, "loopCount"),
    (lambda b: without(b, "maxCalls"), "maxCalls"),
    (lambda b: b | {"maxCalls": 1000}, "maxCalls"),
    (lambda b: b | {"displayNum": "1" * 21}, "displayNum"),
    (lambda b: b | {"displayNum": "10081-222"}, "displayNum"),
    (lambda b: b | {"senderId": "x" * 33}, "senderId"),
    (lambda b: b | {"sendTime": "2030-01-01T10:00:00"}, "sendTime"),
    (lambda b: b | {"sendTime": "2030-02-30 10:00:00"}, "sendTime"),
    (lambda b: b | {"sendTime": "2030-1-1 10:00:00"}, "sendTime"),
    (lambda b: b | {"hangUpSms": 2}, "hangUpSms"),
    (lambda b: b | without(SMS, "smsAppId"), "smsAppId"),
    (lambda b: b | without(SMS, "smsContent"), "smsContent"),
    (lambda b: b | SMS | {"smsContent": "x" * 1001}, "smsContent"),
    (lambda b: b | without(SMS, "ringPush"), "ringPush"),
    (lambda b: b | SMS | {"failedPush": 0}, "one of feedbackPush"),
    (lambda b: b | SMS | {"feedbackPush": 1}, "feedbackValue"),
    (lambda b: b | SMS | {"feedbackPush": 1, "feedbackValue": "12"}, "feedbackValue"),
    (lambda b: b | SMS | {"feedbackPush": 1, "feedbackValue": 1}, "feedbackValue"),
    (lambda b: b | SMS | {"successPush": 1}, "successPushTime"),
    (lambda b: b | SMS | {"successPush": 1, "successPushTime": 10000}, "successPushTime"),
    (lambda b: b | without(SEAT, "sipGroupId"), "sipGroupId"),
    (lambda b: b | without(SEAT, "outboundControl"), "outboundControl"),
    (lambda b: b | without(SEAT, "calloutRate"), "calloutRate"),
    (lambda b: b | SEAT | {"toSeatType": 3}, "toSeatType"),
    (lambda b: b | {"toSeat": 2}, "toSeat"),
    (lambda b: b | {"maxRingingTime": 19}, "maxRingingTime"),
    (
        lambda b: b | {"allowSendTime": [{"strTime": "10:00", "endTime": "12:00"}] * 4},
        "allowSendTime",
    ),
    (lambda b: b | {"allowSendTime": [{"strTime": "25:00", "endTime": "12:00"}]}, "strTime"),
    (lambda b: b | {"allowSendTime": [{"strTime": "10:00", "endTime": "12:00:00"}]}, "endTime"),
    (lambda b: b | {"allowSendTime": "10:00-12:00"}, "allowSendTime"),
]


@pytest.mark.parametrize(("change", "field"), REFUSED)
def test_a_create_breaking_a_vendor_rule_is_refused_naming_the_field(
    http: Callable[..., requests.Response],
    task_body: Callable[..., dict[str, Any]],
    change: Callable[[dict[str, Any]], dict[str, Any]],
    field: str,
) -> None:
    answer = http(SEND, change(task_body())).json()

    assert answer["status"] == "-22"
    assert field in answer["reason"]


def test_a_create_with_every_option_is_accepted(
    http: Callable[..., requests.Response], task_body: Callable[..., dict[str, Any]]
) -> None:
    body = task_body(
        displayNum="1008122211", senderId="Shop", sendTime="2030-01-01 10:00:00",
        maxRingingTime=60, allowSendTime=[{"strTime": "10:00", "endTime": "22:00"}],
        speakingRate=1.5, ssmlGender=2, **SMS, **SEAT,
    )  # fmt: skip
    body |= {"feedbackPush": 1, "feedbackValue": "1", "successPush": 1, "successPushTime": 10}

    assert http(SEND, body).json()["status"] == "0"


def test_the_largest_number_list_is_accepted_and_one_more_is_refused(
    http: Callable[..., requests.Response], task_body: Callable[..., dict[str, Any]]
) -> None:
    numbers = [f"849{index:08d}" for index in range(200_000)]

    assert http(SEND, task_body("largest", numberList=numbers)).json()["status"] == "0"
    too_many = http(SEND, task_body("too-many", numberList=[*numbers, "84900000000"])).json()
    assert too_many["status"] == "-22"
    assert "200,000" in too_many["reason"]


def test_number_info_rows_are_accepted_instead_of_a_number_list(
    http: Callable[..., requests.Response], task_body: Callable[..., dict[str, Any]]
) -> None:
    rows = [{"calleeNumber": "84901234567", "text1": "Anna"}, {"calleeNumber": "84907654321"}]
    body = without(task_body(), "numberList") | {"numberInfoList": rows}

    job_id = http(SEND, body).json()["data"]

    detail = http(f"voice/group/call/detail/{job_id}", method="GET").json()["data"]
    assert detail["numCnt"] == 2


def test_a_bad_callee_number_row_is_named(
    http: Callable[..., requests.Response], task_body: Callable[..., dict[str, Any]]
) -> None:
    body = without(task_body(), "numberList") | {"numberInfoList": [{"calleeNumber": "12"}]}

    assert "calleeNumber" in http(SEND, body).json()["reason"]


def test_unknown_keys_are_accepted_and_ignored(
    http: Callable[..., requests.Response], task_body: Callable[..., dict[str, Any]]
) -> None:
    job_id = http(SEND, task_body(campaignOwner="marketing", toSeatKey=0)).json()["data"]

    detail = http(f"voice/group/call/detail/{job_id}", method="GET").json()["data"]
    assert "campaignOwner" not in detail


def test_dependents_of_a_switch_that_is_off_are_ignored(
    http: Callable[..., requests.Response], task_body: Callable[..., dict[str, Any]]
) -> None:
    body = task_body(hangUpSms=0, smsContent=None, feedbackValue=7, toSeat=0, sipGroupId="x")

    assert http(SEND, body).json()["status"] == "0"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"size": 10, "params": {}}, "current"),
        ({"current": 0, "size": 10, "params": {}}, "current"),
        ({"current": 1, "size": 101, "params": {}}, "size"),
        ({"current": 1, "size": 10}, "params"),
        ({"current": 1, "size": 10, "params": {"endTime": "2030-01-01 00:00:00"}}, "strTime"),
        (
            {"current": 1, "size": 10, "params": {"strTime": "2030-01-01", "endTime": "x"}},
            "strTime",
        ),
    ],
)
def test_a_bad_list_query_is_refused_naming_the_field(
    http: Callable[..., requests.Response], body: dict[str, Any], field: str
) -> None:
    answer = http("voice/group/call/query", body).json()

    assert answer["code"] == -22
    assert field in answer["msg"]


def test_a_bad_status_filter_is_refused(http: Callable[..., requests.Response]) -> None:
    params = {"strTime": "2030-01-01 00:00:00", "endTime": "2030-01-02 00:00:00"}
    answer = http("voice/group/call/query", {"current": 1, "size": 1, "params": params | {
        "statusList": [7],
    }}).json()  # fmt: skip

    assert "statusList" in answer["msg"]


@pytest.mark.parametrize("ids", [None, [], ["5000001"], [True]])
def test_a_bad_cancel_is_refused(http: Callable[..., requests.Response], ids: object) -> None:
    answer = http("voice/group/call/cancel", {} if ids is None else {"taskIdList": ids}).json()

    assert (answer["code"], "taskIdList" in answer["msg"]) == ("-22", True)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"file": "SUQz"}, "fileName"),
        ({"fileName": "a.mp", "file": "SUQz"}, "fileName"),
        ({"fileName": "x" * 29 + ".mp3", "file": "SUQz"}, "fileName"),
        ({"fileName": "hello.ogg", "file": "SUQz"}, "fileName"),
        ({"fileName": "hello.mp3"}, "file"),
        ({"fileName": "hello.mp3", "file": "not base64!"}, "file"),
        ({"fileName": "hello.mp3", "file": ""}, "file"),
    ],
)
def test_a_bad_upload_is_refused_naming_the_field(
    http: Callable[..., requests.Response], body: dict[str, Any], field: str
) -> None:
    answer = http("voice/fileUpload", body).json()

    assert answer["status"] == "-22"
    assert answer["reason"].startswith(field)


def test_file_query_paging_may_be_left_out_but_not_sent_as_null(
    http: Callable[..., requests.Response],
) -> None:
    assert http("voice/fileQuery", {"current": None}).json()["status"] == "-22"
    assert http("voice/fileQuery", {"size": 100}).json()["data"]["size"] == 100
