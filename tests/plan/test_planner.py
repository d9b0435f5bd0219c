"""Planning is a pure function: desired tasks and remote tasks in, actions out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from broadcastctl.plan.bodies import DesiredTask, update_body
from broadcastctl.plan.model import Kind
from broadcastctl.plan.planner import make_plan
from broadcastctl.state.entry import CREATE, UPDATE, Entry, Intent, numbers_digest, recorded_body
from broadcastctl.state.snapshot import RemoteTask


def desired(name: str = "spring promo", **fields: Any) -> DesiredTask:
    body = {
        "appId": "app-1", "taskName": name, "source": 3, "text": "Hello", "lan": "EN",
        "numberList": ["12025550101", "12025550102"], "loopCount": 2, "maxCalls": 60,
        "sendTime": "2027-01-11 09:30:00",
    }  # fmt: skip
    return DesiredTask(f"campaigns/{name}.yaml", {**body, **fields})


def remote(
    name: str = "spring promo", status: int = 0, count: int = 2, **fields: Any
) -> RemoteTask:
    shown = {
        "taskName": name, "appId": "app-1", "source": 3, "text": "Hello", "lan": "EN",
        "displayNum": "", "voiceFileId": None, "uploadName": None, "baseFile": None,
        "calloutRate": None, "loopCount": 2, "maxCalls": 60, "sendTime": "2027-01-11 09:30:00",
        "status": status, "numCnt": count, "success": 0, "createdTime": "2026-11-27 10:00:00",
    }  # fmt: skip
    return RemoteTask(
        job_id=5000001,
        task_name=name,
        status=status,
        number_count=count,
        fields={**shown, **fields},
    )


def test_a_campaign_without_a_remote_task_is_created() -> None:
    [action] = make_plan([desired()], []).actions
    assert (action.kind, action.numbers, action.loop_count) == (Kind.CREATE, 2, 2)


def test_a_matching_task_is_left_alone_and_unreturned_fields_are_named() -> None:
    [action] = make_plan([desired(hangUpSms=0)], [remote()]).actions
    assert action.kind is Kind.NOOP
    assert action.not_compared == ("hangUpSms",)


def test_values_compare_as_the_api_would() -> None:
    # "" and null alike, 60 and "60" alike: the vendor may answer either way.
    task = remote(maxCalls="60", displayNum=None, loopCount=2.0)
    assert make_plan([desired()], [task]).actions[0].kind is Kind.NOOP


def test_a_changed_field_of_a_waiting_task_is_an_update_with_old_and_new() -> None:
    [action] = make_plan([desired(maxCalls=90)], [remote()]).actions
    assert action.kind is Kind.UPDATE
    assert [(c.field, c.old, c.new) for c in action.changes] == [("maxCalls", 60, 90)]


def test_changed_numbers_are_blocked_with_the_way_out() -> None:
    three = desired(numberList=["12025550101", "12025550102", "12025550103"])
    [action] = make_plan([three], [remote()]).actions
    assert action.kind is Kind.BLOCKED
    assert [(c.field, c.old, c.new) for c in action.changes] == [("numberList", 2, 3)]
    assert "cannot change its numbers" in action.reason
    assert "new taskName" in action.reason


def test_a_changed_app_is_blocked() -> None:
    [action] = make_plan([desired(appId="app-2")], [remote()]).actions
    assert action.kind is Kind.BLOCKED
    assert "its appId" in action.reason


def test_a_task_that_is_already_calling_cannot_be_changed() -> None:
    [action] = make_plan([desired(text="Hi")], [remote(status=1)]).actions
    assert action.kind is Kind.BLOCKED
    assert "is calling (status 1)" in action.reason
    [same] = make_plan([desired()], [remote(status=2)]).actions
    assert same.kind is Kind.NOOP  # nothing to change, nothing blocked


def test_two_remote_tasks_with_one_name_are_not_guessed_between() -> None:
    twins = [
        remote(),
        RemoteTask(job_id=5000002, task_name="spring promo", status=0, number_count=2),
    ]
    [action] = make_plan([desired()], twins).actions
    assert action.kind is Kind.BLOCKED
    assert "5000001, 5000002" in action.reason


def test_a_field_off_by_its_switch_is_cleared_while_the_task_waits() -> None:
    call_now = desired()
    del call_now.body["sendTime"]  # type: ignore[attr-defined]
    started = remote(status=1, voiceFileId="leftover.mp3", sendTime="2026-11-27 10:00:01")
    assert make_plan([call_now], [started]).actions[0].kind is Kind.NOOP
    scheduled = remote(voiceFileId="leftover.mp3")  # still waiting for its sendTime
    [action] = make_plan([call_now], [scheduled]).actions
    assert [(c.field, c.new) for c in action.changes] == [
        ("sendTime", None),
        ("voiceFileId", None),  # this hand-made body lacks it: the update sends it empty
    ]


def test_remote_tasks_no_file_describes_are_unmanaged() -> None:
    plan = make_plan([desired()], [remote(), remote("old promo", status=2)])
    assert [(a.kind, a.task_name) for a in plan.actions] == [
        (Kind.NOOP, "spring promo"),
        (Kind.UNMANAGED, "old promo"),
    ]


def test_fingerprints_follow_meaning_not_order() -> None:
    first = make_plan([desired("a"), desired("b")], [remote("a")])
    again = make_plan([desired("b"), desired("a")], [remote("a")])
    assert first.campaigns_fingerprint == again.campaigns_fingerprint
    assert first.remote_fingerprint == again.remote_fingerprint
    moved = make_plan([desired("a"), desired("b")], [remote("a", status=1)])
    assert moved.remote_fingerprint != first.remote_fingerprint
    edited = make_plan([desired("a", maxCalls=61), desired("b")], [remote("a")])
    assert edited.campaigns_fingerprint != first.campaigns_fingerprint


def test_an_update_sends_the_whole_body_without_what_cannot_change() -> None:
    body = update_body(desired(maxCalls=90, hangUpSms=1, smsContent="Hi"))
    assert body["maxCalls"] == 90
    assert "numberList" not in body
    assert "appId" not in body
    # left out of the file, so sent as "not set": the vendor may keep a value left out
    assert (body["displayNum"], body["senderId"], body["maxRingingTime"]) == ("", "", 60)
    assert (body["allowSendTime"], body["toSeat"]) == ([], 0)
    assert "voiceFileId" not in body  # source 3 turns it off
    assert "sipGroupId" not in body  # toSeat 0 turns it off


def test_a_changed_file_sends_again_what_the_api_cannot_show_to_a_waiting_task() -> None:
    sms = desired(hangUpSms=1, smsContent="New text")
    [action] = make_plan([sms], [remote()], resend={"spring promo"}).actions
    assert action.kind is Kind.UPDATE
    assert action.changes == ()
    assert "the whole body is sent again" in action.reason
    assert "(hangUpSms, smsContent among them)" in action.reason


def test_a_changed_file_of_a_task_already_calling_says_what_cannot_be_sent() -> None:
    sms = desired(hangUpSms=1, smsContent="New text")
    [action] = make_plan([sms], [remote(status=1)], resend={"spring promo"}).actions
    assert action.kind is Kind.NOOP
    assert "can no longer be sent" in action.reason


def test_an_unchanged_file_is_not_sent_again() -> None:
    sms = desired(hangUpSms=1, smsContent="New text")
    assert make_plan([sms], [remote()]).actions[0].kind is Kind.NOOP


def test_a_field_the_file_leaves_out_equals_the_value_an_update_sends_for_it() -> None:
    # A vendor that shows every stored field shows the defaults it stored on create.
    stored: dict[str, Any] = {
        "hangUpSms": 0,
        "maxRingingTime": 60,
        "toSeat": 0,
        "allowSendTime": [],
    }
    [action] = make_plan([desired()], [remote(**stored, senderId=None)]).actions
    assert (action.kind, action.changes) == (Kind.NOOP, ())
    assert all(update_body(desired())[name] == value for name, value in stored.items())


def test_an_empty_list_null_and_a_missing_list_are_alike() -> None:
    shown: list[str] | None
    for shown in ([], None):
        [action] = make_plan([desired()], [remote(allowSendTime=shown)]).actions
        assert action.kind is Kind.NOOP


def test_a_stored_default_differs_from_another_value_the_file_asks() -> None:
    [action] = make_plan([desired(maxRingingTime=90)], [remote(maxRingingTime=60)]).actions
    assert [(c.field, c.old, c.new) for c in action.changes] == [("maxRingingTime", 60, 90)]
    [action] = make_plan([desired()], [remote(hangUpSms=1)]).actions
    assert [(c.field, c.old, c.new) for c in action.changes] == [("hangUpSms", 1, None)]


def test_a_field_sent_at_its_default_and_now_left_out_is_no_change_with_a_state() -> None:
    body = desired(hangUpSms=0, maxRingingTime=60).body
    entry = Entry(
        task_name="spring promo", job_id=5000001, file="campaigns/spring promo.yaml",
        number_count=2, numbers_digest=numbers_digest(body["numberList"]),
        sent=recorded_body(body), time="2026-11-28T10:00:00+00:00", commit=None, version="0.1.0",
    )  # fmt: skip
    plan = make_plan([desired()], [remote()], sent={"spring promo": entry})
    assert [(a.kind, a.changes) for a in plan.actions] == [(Kind.NOOP, ())]


def test_once_the_extra_tasks_of_a_name_are_cancelled_the_live_one_is_the_files() -> None:
    twins = [
        remote(),
        RemoteTask(job_id=5000002, task_name="spring promo", status=4, number_count=2),
    ]
    [action] = make_plan([desired()], twins).actions
    assert (action.kind, action.job_id) == (Kind.NOOP, 5000001)


def test_a_task_cancelled_outside_broadcastctl_is_blocked_and_one_cancelled_with_it_is_not() -> (
    None
):
    entry = Entry(
        "spring promo", 5000001, "campaigns/spring promo.yaml", 2, None, None,
        "2026-11-27T10:00:00+00:00", None, "0",
    )  # fmt: skip
    [blocked] = make_plan([desired()], [remote(status=4)], sent={entry.task_name: entry}).actions
    assert blocked.kind is Kind.BLOCKED
    assert "cancelled outside broadcastctl" in blocked.reason
    assert "`broadcastctl cancel spring promo`" in blocked.reason
    marked = {entry.task_name: replace(entry, cancelled="2026-11-28T08:00:00+00:00")}
    [cancelled] = make_plan([desired()], [remote(status=4)], sent=marked).actions
    assert cancelled.kind is Kind.CANCELLED
    assert cancelled.reason == (
        "cancelled with `broadcastctl cancel` at 2026-11-28T08:00:00+00:00; to call again, give "
        "the campaign a new taskName"
    )


def entry_of(body: Mapping[str, Any], digest: bool = True) -> Entry:
    return Entry(
        task_name="spring promo", job_id=5000001, file="campaigns/spring promo.yaml",
        number_count=2, numbers_digest=numbers_digest(body["numberList"]) if digest else None,
        sent=recorded_body(body), time="2026-11-28T10:00:00+00:00", commit=None, version="0.1.0",
    )  # fmt: skip


def test_each_field_is_compared_with_the_vendor_the_record_or_listed_as_not_compared() -> None:
    sms: dict[str, Any] = {"hangUpSms": 1, "smsAppId": "s", "smsContent": "Hi", "failedPush": 1}
    body = desired(**sms).body
    recorded = {key: value for key, value in body.items() if key != "smsContent"}
    [action] = make_plan(
        [desired(**sms)], [remote()], sent={"spring promo": entry_of(recorded)}
    ).actions
    assert action.kind is Kind.UPDATE  # what the record lacks is sent again while it waits
    assert action.with_vendor[0] == "numberList (count)"
    assert {"text", "sendTime", "loopCount"} <= set(action.with_vendor)
    assert "smsContent" not in action.with_vendor
    assert action.with_record[0] == "numberList"
    assert {"hangUpSms", "smsAppId", "failedPush"} <= set(action.with_record)
    assert "smsContent" in action.not_compared  # the record lacks it: never said compared
    assert "smsContent" not in action.with_record


def test_a_task_still_calling_whose_numbers_are_unknown_is_never_a_no_op() -> None:
    unknown = replace(entry_of(desired().body, digest=False), sent=None)
    for status in (0, 1, 5, 6):
        [action] = make_plan(
            [desired()], [remote(status=status)], sent={"spring promo": unknown}
        ).actions
        assert action.kind is Kind.BLOCKED
        assert "cannot be confirmed" in action.reason
    [done] = make_plan([desired()], [remote(status=2)], sent={"spring promo": unknown}).actions
    assert done.kind is Kind.NOOP  # it calls no one any more


def test_a_task_found_with_a_pending_create_is_matched_against_what_was_sent() -> None:
    body = desired().body
    intent = Intent(
        "spring promo", CREATE, None, 2, numbers_digest(body["numberList"]),
        recorded_body(body), "2026-11-28T10:00:00+00:00",
    )  # fmt: skip
    same = make_plan([desired()], [remote()], sent={}, intents={"spring promo": intent})
    assert [(a.kind, a.numbers_compared) for a in same.actions] == [(Kind.NOOP, True)]
    swapped = desired(numberList=["12025550101", "12025550109"])
    plan = make_plan([swapped], [remote()], sent={}, intents={"spring promo": intent})
    assert [(a.kind, a.changes[0].field) for a in plan.actions] == [(Kind.BLOCKED, "numberList")]


def test_after_an_update_cut_short_a_field_it_changed_is_sent_again() -> None:
    before = desired(smsContent="Old", hangUpSms=1, smsAppId="s", failedPush=1)
    after = desired(smsContent="New", hangUpSms=1, smsAppId="s", failedPush=1)
    intent = Intent(
        "spring promo", UPDATE, 5000001, 2, None, recorded_body(after.body),
        "2026-11-28T10:00:00+00:00",
    )  # fmt: skip
    entry = entry_of(before.body)
    for file in (before, after):  # the vendor may hold either: neither is a no-op
        [action] = make_plan(
            [file], [remote()], sent={"spring promo": entry}, intents={"spring promo": intent}
        ).actions
        assert action.kind is Kind.UPDATE
        assert [change.field for change in action.changes] == ["smsContent"]


def recall(parent: str = "spring promo", resend_type: int = 1, **fields: Any) -> DesiredTask:
    from broadcastctl.plan.bodies import Recall  # noqa: PLC0415 - the re-call tests' own

    task = desired("spring again", **fields)
    body = {key: value for key, value in task.body.items() if key != "numberList"}
    return replace(task, body=body, recall=Recall(parent, resend_type))


def made_recall(status: int = 0, **fields: Any) -> RemoteTask:
    return replace(remote("spring again", status, count=4, **fields), job_id=5000002)


def parent_task(status: int = 2, failed: int | None = 4) -> RemoteTask:
    return replace(remote(status=status, count=20), failed=failed)


def test_a_recall_made_elsewhere_is_compared_with_what_the_vendor_shows_and_says_the_rest() -> None:
    [noop] = [a for a in make_plan([recall()], [parent_task(), made_recall()]).actions if a.file]
    assert (noop.kind, noop.numbers, noop.parent_job_id) == (Kind.NOOP, 4, 5000001)
    assert "text" in noop.with_vendor
    assert not any(name.startswith("numberList") for name in noop.with_vendor)
    assert {"recallOf", "recallNumbers"} <= set(noop.not_compared)
    [update] = [
        a for a in make_plan([recall(text="Bye")], [parent_task(), made_recall()]).actions if a.file
    ]
    assert (update.kind, [c.field for c in update.changes]) == (Kind.UPDATE, ["text"])


def test_a_recall_compares_its_parent_and_numbers_with_the_record_and_its_hidden_fields() -> None:
    sent = {**recorded_body(recall().body), "keyId": 5000001, "resendType": 1,
            "recallOf": "spring promo", "hangUpSms": 0}  # fmt: skip
    entry = Entry("spring again", 5000002, "campaigns/spring again.yaml", 4, None, sent,
                  "2026-11-27T10:00:00+00:00", None, "0")  # fmt: skip
    tasks = [made_recall()]  # the parent is past the window: the record names it
    plan = make_plan([recall(hangUpSms=0)], tasks, sent={"spring again": entry})
    [same] = plan.actions
    assert (same.kind, same.parent_job_id) == (Kind.NOOP, 5000001)
    assert {"recallOf", "recallNumbers", "hangUpSms"} <= set(same.with_record)
    assert same.not_compared == ()
    plan = make_plan([recall(resend_type=0, hangUpSms=0)], tasks, sent={"spring again": entry})
    [moved] = plan.actions
    assert moved.kind is Kind.BLOCKED
    assert [(c.field, c.old, c.new) for c in moved.changes] == [
        ("recallNumbers", "failed", "everyone")
    ]
    plan = make_plan([recall(hangUpSms=1)], tasks, sent={"spring again": entry})
    assert [c.field for c in plan.actions[0].changes] == ["hangUpSms"]


def test_a_recall_that_calls_or_was_cancelled_is_never_a_silent_no_op_for_a_changed_file() -> None:
    [calling] = make_plan([recall(text="Bye")], [parent_task(), made_recall(1)]).actions[:1]
    assert calling.kind is Kind.BLOCKED
    assert "new taskName" in calling.reason
    [stopped] = make_plan([recall()], [parent_task(), made_recall(4)]).actions[:1]
    assert stopped.kind is Kind.BLOCKED
    assert stopped.recall_of == "spring promo"
    assert "cancelled" in stopped.reason


def test_a_failed_only_recall_without_the_failed_count_counts_the_whole_parent_and_says_so() -> (
    None
):
    [known] = make_plan([recall()], [parent_task()]).actions[:1]
    assert (known.kind, known.numbers, known.reason) == (Kind.CREATE, 4, "")
    [unknown] = make_plan([recall()], [parent_task(failed=None)]).actions[:1]
    assert (unknown.kind, unknown.numbers) == (Kind.CREATE, 20)
    assert "upper bound" in unknown.reason
    [everyone] = make_plan([recall(resend_type=0)], [parent_task(failed=None)]).actions[:1]
    assert (everyone.numbers, everyone.reason) == (20, "")


def test_a_recall_of_a_campaign_sent_in_zone_parts_says_so() -> None:
    parts = [
        replace(remote(f"spring promo UTC{offset}", status=2, count=5), job_id=5000010 + at)
        for at, offset in enumerate(("-05:00", "-06:00", "-08:00", "+01:00"))
    ]
    [blocked] = [a for a in make_plan([recall()], parts).actions if a.file]
    assert blocked.kind is Kind.BLOCKED
    assert blocked.reason.startswith("it re-calls 'spring promo', but the vendor lists no task")
    assert (
        "The vendor lists 4 tasks named like the zone parts of a campaign 'spring promo' sent in "
        "local windows ('spring promo UTC+01:00', 'spring promo UTC-05:00', 'spring promo "
        "UTC-06:00', ...)"
    ) in blocked.reason
    assert blocked.reason.endswith(
        "re-called part by part, by a re-call in local windows (localWindows) linted with the "
        "campaign's file, or one part by its task name"
    )
    [plain] = [a for a in make_plan([recall()], [remote("other")]).actions if a.file]
    assert "zone parts" not in plain.reason


def test_a_recall_of_a_parent_with_no_failed_number_calls_no_one_and_is_no_error() -> None:
    [action] = [a for a in make_plan([recall()], [parent_task(failed=0)]).actions if a.file]
    assert (action.kind, action.numbers, action.job_id) == (Kind.NOOP, 0, None)
    assert action.parent_job_id == 5000001
    assert action.reason.startswith("nothing to call again: its parent 'spring promo'")
    # Everyone, or a failed count not known: created as before.
    [everyone] = [
        a for a in make_plan([recall(resend_type=0)], [parent_task(failed=0)]).actions if a.file
    ]
    assert (everyone.kind, everyone.numbers) == (Kind.CREATE, 20)
    [unknown] = [a for a in make_plan([recall()], [parent_task(failed=None)]).actions if a.file]
    assert (unknown.kind, unknown.numbers) == (Kind.CREATE, 20)
