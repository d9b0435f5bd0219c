import base64
import datetime
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypedDict

import pytest

from broadcastctl.api import (
    AlreadyExistsError,
    Client,
    InvalidRequestError,
    NotFoundError,
    TaskSummary,
    UploadedWithoutIdError,
    VoiceFile,
)
from broadcastctl.sandbox import Faults, SandboxServer

DAY = datetime.timedelta(days=1)


class Window(TypedDict):
    created_from: datetime.datetime
    created_to: datetime.datetime


def window(client: Client) -> Window:
    now = client.now()
    return {"created_from": now - DAY, "created_to": now + DAY}


def test_create_returns_the_id_and_detail_shows_the_task_as_created(
    client: Client, task_body: Callable[..., dict[str, Any]]
) -> None:
    body = task_body(displayNum="1008122211", hangUpSms=0, allowSendTime=[])

    job_id = client.create_task(body)
    task = client.get_task(job_id)

    assert job_id >= 5_000_000
    assert (task.job_id, task.task_name, task.number_count) == (job_id, "spring-sale", 1)
    for key in ("appId", "displayNum", "text", "lan", "source", "loopCount", "maxCalls"):
        assert task.fields[key] == body[key]
    assert task.fields["jobId"] == job_id


def test_detail_leaves_out_what_the_vendors_detail_does_not_list(
    client: Client, task_body: Callable[..., dict[str, Any]]
) -> None:
    body = task_body(
        hangUpSms=1, smsAppId="sms-1", smsContent="Thanks", senderId="Shop",
        feedbackPush=0, successPush=1, successPushTime=10, failedPush=0, ringPush=0,
        toSeat=0, allowSendTime=[{"strTime": "09:00", "endTime": "18:00"}],
    )  # fmt: skip

    fields = client.get_task(client.create_task(body)).fields

    for key in ("hangUpSms", "smsContent", "successPush", "toSeat", "allowSendTime", "senderId"):
        assert key not in fields


def test_list_tasks_returns_summaries_in_the_window(
    client: Client, task_body: Callable[..., dict[str, Any]]
) -> None:
    first = client.create_task(task_body("first"))
    second = client.create_task(task_body("second", numberList=["84901234567", "84907654321"]))

    tasks = {task.job_id: task for task in client.list_tasks(**window(client))}

    assert set(tasks) == {first, second}
    assert isinstance(tasks[second], TaskSummary)
    assert (tasks[second].task_name, tasks[second].number_count) == ("second", 2)
    assert tasks[second].created_time == client.now().strftime("%Y-%m-%d %H:%M:%S")


def test_list_tasks_outside_the_window_finds_nothing(
    client: Client, task_body: Callable[..., dict[str, Any]]
) -> None:
    client.create_task(task_body())
    now = client.now()

    assert client.list_tasks(created_from=now - 2 * DAY, created_to=now - DAY) == []


def test_list_tasks_filters_by_status_and_search(
    client: Client, task_body: Callable[..., dict[str, Any]], sandbox: SandboxServer
) -> None:
    later = (client.now() + DAY).strftime("%Y-%m-%d %H:%M:%S")
    waiting = client.create_task(task_body("promo-waiting", sendTime=later))
    now_sending = client.create_task(task_body("promo-now"))
    client.create_task(task_body("other"))

    assert [t.job_id for t in client.list_tasks(**window(client), statuses=[0])] == [waiting]
    found = client.list_tasks(**window(client), search="PROMO")
    assert {t.job_id for t in found} == {waiting, now_sending}


def test_find_task_matches_the_exact_name_only(
    client: Client, task_body: Callable[..., dict[str, Any]]
) -> None:
    client.create_task(task_body("sale-2"))
    wanted = client.create_task(task_body("sale"))

    found = client.find_task("sale", **window(client))
    assert found is not None
    assert found.job_id == wanted
    assert client.find_task("sal", **window(client)) is None


def test_list_reads_every_page_one_request_per_hundred(
    client: Client, task_body: Callable[..., dict[str, Any]]
) -> None:
    names = {f"task-{index:03d}" for index in range(230)}
    for name in names:
        client.create_task(task_body(name))

    tasks = client.list_tasks(**window(client))

    assert {task.task_name for task in tasks} == names
    assert client.calls["voice/group/call/query"] == 3


def test_update_changes_fields_and_the_client_adds_key_id(
    client: Client, task_body: Callable[..., dict[str, Any]]
) -> None:
    later = (client.now() + DAY).strftime("%Y-%m-%d %H:%M:%S")
    job_id = client.create_task(task_body(sendTime=later))

    client.update_task(
        job_id, {"taskName": "spring-sale-v2", "source": 3, "text": "New words", "lan": "VN"}
    )

    task = client.get_task(job_id)
    assert (task.task_name, task.fields["text"], task.fields["lan"]) == (
        "spring-sale-v2", "New words", "VN",
    )  # fmt: skip
    assert task.fields["sendTime"] == later  # left out of the update: kept


def test_update_of_a_calling_task_is_refused_naming_its_status(
    client: Client, task_body: Callable[..., dict[str, Any]], sandbox: SandboxServer
) -> None:
    numbers = [f"8490{index:07d}" for index in range(1000)]
    job_id = client.create_task(task_body(numberList=numbers))
    sandbox.clock.advance(10)  # 5 s submitting, then 10 calls a second: still calling

    with pytest.raises(InvalidRequestError) as refused:
        client.update_task(job_id, {"taskName": "renamed", "source": 3, "text": "x", "lan": "EN"})

    assert refused.value.code == -21
    assert "status 1" in refused.value.reason


def test_cancel_tasks_cancels_them(
    client: Client, task_body: Callable[..., dict[str, Any]]
) -> None:
    first = client.create_task(task_body("task-a"))
    second = client.create_task(task_body("task-b"))

    client.cancel_tasks([first, second])

    assert {client.get_task(first).status, client.get_task(second).status} == {4}


def test_cancel_of_nothing_sends_nothing(client: Client) -> None:
    client.cancel_tasks([])
    assert client.calls == {}


def test_unknown_ids_are_not_found(client: Client) -> None:
    with pytest.raises(NotFoundError):
        client.get_task(4_999_999)
    with pytest.raises(NotFoundError, match="4999999"):
        client.cancel_tasks([4_999_999])


def test_a_taken_name_is_already_exists(
    client: Client, task_body: Callable[..., dict[str, Any]]
) -> None:
    client.create_task(task_body())

    with pytest.raises(AlreadyExistsError) as taken:
        client.create_task(task_body())

    assert taken.value.code == -20


def test_voice_files_upload_and_list(client: Client) -> None:
    file_id = client.upload_voice_file("welcome.mp3", b"ID3 audio bytes")

    assert client.list_voice_files() == [VoiceFile(file_id=file_id, file_name="welcome.mp3")]
    with pytest.raises(AlreadyExistsError):
        client.upload_voice_file("welcome.mp3", b"other")


def test_a_task_can_use_an_uploaded_file(
    client: Client, task_body: Callable[..., dict[str, Any]]
) -> None:
    file_id = client.upload_voice_file("welcome.wav", b"RIFF")
    job_id = client.create_task(
        {k: v for k, v in task_body(source=1, voiceFileId=file_id).items() if k != "text"}
    )

    assert client.get_task(job_id).fields["voiceFileId"] == file_id
    assert [t.job_id for t in client.list_tasks(**window(client), search="WELCOME")] == [job_id]


def test_inline_audio_is_accepted(client: Client, task_body: Callable[..., dict[str, Any]]) -> None:
    audio = base64.b64encode(b"ID3 inline").decode()
    job_id = client.create_task(task_body(source=2, uploadName="inline.mp3", baseFile=audio))

    assert client.get_task(job_id).fields["uploadName"] == "inline.mp3"


@pytest.mark.parametrize("create_envelope", ["status", "code"])
def test_create_without_an_id_in_the_answer_is_found_by_name(
    tmp_path: Path,
    make_client: Callable[..., Client],
    task_body: Callable[..., dict[str, Any]],
    create_envelope: str,
) -> None:
    with SandboxServer(
        tmp_path / "no-id.sqlite3", api_key="k", api_secret="s",
        create_envelope=create_envelope, create_returns_id=False,
    ) as server:  # fmt: skip
        api = make_client(server)
        api.create_task(task_body("decoy"))

        job_id = api.create_task(task_body("spring-sale"))

        assert api.get_task(job_id).task_name == "spring-sale"
        assert api.calls["voice/group/call/query"] == 2


def test_one_client_serves_many_threads(
    client: Client, task_body: Callable[..., dict[str, Any]]
) -> None:
    ids, errors = [], []

    def create(index: int) -> None:
        try:
            ids.append(client.create_task(task_body(f"parallel-{index}")))
        except Exception as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=create, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(set(ids)) == 8
    assert client.calls["voice/group/call/send"] == 8


def test_a_task_naming_a_file_never_uploaded_is_refused(
    client: Client, task_body: Callable[..., dict[str, Any]]
) -> None:
    body = {k: v for k, v in task_body(source=1, voiceFileId="1nothere.mp3").items() if k != "text"}
    with pytest.raises(NotFoundError, match=r"voiceFileId '1nothere\.mp3' is not an uploaded"):
        client.create_task(body)
    assert client.list_tasks(**window(client)) == []
    job_id = client.create_task(task_body(sendTime="2030-01-01 09:00:00"))
    with pytest.raises(NotFoundError):
        client.update_task(job_id, {"taskName": "spring-sale", "source": 1, "voiceFileId": "x"})


def test_an_upload_answered_without_its_id_says_so(client: Client, sandbox: SandboxServer) -> None:
    sandbox.set_faults(Faults(upload="no-id"))
    with pytest.raises(UploadedWithoutIdError, match="accepted it without its file id"):
        client.upload_voice_file("welcome.mp3", b"ID3 audio bytes")
    assert [voice.file_name for voice in client.list_voice_files()] == ["welcome.mp3"]
