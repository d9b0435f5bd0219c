"""Reading call records in every shape the vendor's pages show or leave open."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from broadcastctl.api.callrecords import call_record, record_spans
from broadcastctl.api.envelope import ShapeError

UTC8 = dt.timezone(dt.timedelta(hours=8))
DOCUMENTED = {
    "voiceId": "2203031113381000002",
    "callee": "8613500000000",
    "submitTime": "2022-02-18T14:42:40+08:00",
    "callTime": "2022-02-18T14:42:45+08:00",
    "ringingTime": "2022-02-18T14:42:47+08:00",
    "answerTime": "2022-02-18T14:42:50+08:00",
    "callDuration": 5,
    "terminationCode": "200",
    "terminationReason": "success",
    "feedbackValue": "-1",
}


def test_the_documented_record() -> None:
    record = call_record(DOCUMENTED, UTC8)
    assert (record.voice_id, record.callee, record.call_time) == (
        "2203031113381000002", "8613500000000", "2022-02-18T14:42:45+08:00",
    )  # fmt: skip
    assert (record.answered, record.duration, record.key, record.rang) == (True, 5, None, True)
    assert record.task_id is None


def test_answered_follows_the_call_not_the_code_convention() -> None:
    unanswered = {**DOCUMENTED, "answerTime": None, "callDuration": 0, "terminationCode": "0"}
    assert call_record(unanswered, UTC8).answered is False
    zero = {**DOCUMENTED, "terminationCode": "0"}
    assert call_record(zero, UTC8).answered is True


def test_push_style_records_epoch_milliseconds_and_a_task_id() -> None:
    pushed = {**DOCUMENTED, "callTime": 1670939568000, "taskId": "77", "feedbackValue": "3"}
    record = call_record(pushed, UTC8)
    assert record.call_time == "2022-12-13T21:52:48+08:00"
    assert (record.task_id, record.key) == (77, "3")


@pytest.mark.parametrize(
    "broken",
    [{**DOCUMENTED, "callTime": "yesterday"}, {**DOCUMENTED, "voiceId": None}, ["not", "a", "row"]],
)
def test_a_broken_record_is_a_shape_error(broken: object) -> None:
    with pytest.raises(ShapeError):
        call_record(broken, UTC8)


def test_a_window_is_cut_into_spans_the_query_accepts() -> None:
    start = dt.datetime(2030, 1, 1, tzinfo=UTC8)
    spans = list(record_spans(start, start + dt.timedelta(days=61)))
    assert [(b - a).days for a, b in spans] == [30, 30, 0]
    second = dt.timedelta(seconds=1)
    assert all(later[0] == earlier[1] + second for earlier, later in itertools.pairwise(spans))
    assert spans[0][0] == start
    assert spans[-1][1] == start + dt.timedelta(days=61)
    assert all(b - a <= dt.timedelta(days=31) for a, b in spans)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("answerTime", 10**20),
        ("callTime", -(10**17)),
        ("callTime", 2**63),
        ("callTime", "0001-01-01T00:00:00+14:00"),
        ("callTime", "9999-12-31T23:59:59-12:00"),
        ("ringingTime", "0001-01-01T00:00:00+00:00"),
    ],
)
def test_a_time_no_date_can_hold_is_that_records_error_naming_the_field(
    field: str, value: object
) -> None:
    with pytest.raises(ShapeError, match=f"`{field}` is out of the range of dates"):
        call_record(DOCUMENTED | {field: value}, dt.timezone(dt.timedelta(hours=-12)))
