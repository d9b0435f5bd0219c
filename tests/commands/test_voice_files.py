"""Voice files for source 1: `audioFile` is uploaded once (voice/fileUpload) and its id sent as
voiceFileId; found again by name (voice/fileQuery), it is never uploaded twice, even after a run
that died between the upload and the create. Against a sandbox over real HTTP."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from broadcastctl.api import AmbiguousWriteError, Client
from broadcastctl.cli import main
from broadcastctl.plan.bodies import VoiceUpload
from broadcastctl.plan.window import Window
from broadcastctl.privacy import mask_numbers_in as shown  # ids print masked
from broadcastctl.sandbox import Faults, SandboxServer

OUTAGE = "outage notice"


def upload_of(project: Path) -> VoiceUpload:
    audio = project / "campaigns" / "audio" / "outage.mp3"
    return VoiceUpload.of("audio/outage.mp3", audio.read_bytes())


def outage_task_file(client: Client) -> str:
    window = Window.last_days(30, client.now())
    [task] = client.list_tasks(created_from=window.start, created_to=window.end, search=OUTAGE)
    return str(client.get_task(task.job_id).fields["voiceFileId"])


def vendor_id(client: Client) -> int:
    window = Window.last_days(30, client.now())
    [task] = client.list_tasks(created_from=window.start, created_to=window.end, search=OUTAGE)
    return task.job_id


def file_names(client: Client) -> list[str]:
    return [voice.file_name for voice in client.list_voice_files()]


def test_the_audio_is_uploaded_once_and_played_by_its_id(
    project: Path, vendor: SandboxServer, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    upload = upload_of(project)
    assert upload.file_name.startswith("outage-")
    assert upload.file_name.endswith(".mp3")
    capsys.readouterr()
    assert main(["deploy", "--yes"]) == 0
    [voice] = client.list_voice_files()
    assert voice.file_name == upload.file_name
    assert outage_task_file(client) == voice.file_id
    assert (
        f"(task {vendor_id(client)}; voice file {upload.file_name} uploaded, "
        f"id {shown(voice.file_id)})" in capsys.readouterr().out
    )
    assert main(["deploy", "--yes"]) == 0
    assert "Nothing to create or update." in capsys.readouterr().out
    assert file_names(client) == [upload.file_name]


def test_each_result_line_says_what_became_of_the_voice_file(
    project: Path, vendor: SandboxServer, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    upload = upload_of(project)
    capsys.readouterr()
    assert main(["deploy", "--yes", "--format", "json"]) == 0
    [voice] = client.list_voice_files()
    tasks = json.loads(capsys.readouterr().out)["tasks"]
    task = next(task for task in tasks if task["name"].endswith(OUTAGE))
    assert task["voice_file"] == {
        "name": upload.file_name,
        "id": shown(voice.file_id),
        "uploaded": True,
    }
    assert main(["deploy", "--yes"]) == 0  # nothing to do: no line, no upload
    assert "voice file" not in capsys.readouterr().out


def test_a_file_stored_by_a_run_that_died_before_its_create_is_used_not_uploaded_again(
    project: Path, vendor: SandboxServer, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    upload = upload_of(project)
    vendor.set_faults(Faults(drop_next_uploads=1))
    with pytest.raises(AmbiguousWriteError):  # the run dies here: stored, never answered
        client.upload_voice_file(upload.file_name, upload.content)
    capsys.readouterr()
    assert main(["deploy", "--yes"]) == 0
    [voice] = client.list_voice_files()
    assert outage_task_file(client) == voice.file_id
    assert (
        f"(task {vendor_id(client)}; voice file {upload.file_name} already uploaded, "
        f"id {shown(voice.file_id)})" in capsys.readouterr().out
    )
    assert main(["deploy", "--yes"]) == 0
    assert file_names(client) == [upload.file_name]


def test_an_upload_left_unanswered_is_found_by_name_in_the_same_run(
    project: Path, vendor: SandboxServer, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    vendor.set_faults(Faults(drop_next_uploads=1))
    assert main(["deploy", "--yes"]) == 0
    assert "Deploy: 6 created." in capsys.readouterr().out
    [voice] = client.list_voice_files()
    assert outage_task_file(client) == voice.file_id


def test_an_upload_whose_create_failed_is_used_by_the_next_run(
    project: Path, vendor: SandboxServer, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    # Only the outage campaign: its create fails after its file was stored.
    for other in (project / "campaigns").glob("*.yaml"):
        if other.name != "outage.yaml":
            other.unlink()
    vendor.set_faults(Faults(fail_path="voice/group/call/send", fail_next=1, fail_code=-22))
    assert main(["deploy", "--yes"]) == 1
    assert "Deploy: 1 failed." in capsys.readouterr().out
    assert len(client.list_voice_files()) == 1
    assert main(["deploy", "--yes"]) == 0
    [voice] = client.list_voice_files()
    assert outage_task_file(client) == voice.file_id


@pytest.mark.parametrize("answer", ["id", "no-id"])
def test_an_upload_answered_with_or_without_its_id(
    answer: str, project: Path, vendor: SandboxServer, client: Client
) -> None:
    vendor.set_faults(Faults(upload=answer))
    assert main(["deploy", "--yes"]) == 0
    [voice] = client.list_voice_files()
    assert outage_task_file(client) == voice.file_id


def test_the_state_records_the_id_sent(
    project: Path, vendor: SandboxServer, client: Client
) -> None:
    assert main(["deploy", "--yes"]) == 0
    state = json.loads((project / ".broadcastctl" / "state.json").read_text())
    [entry] = [e for e in state["entries"] if e["task_name"] == OUTAGE]
    [voice] = client.list_voice_files()
    assert entry["sent"]["voiceFileId"] == voice.file_id


def test_the_plan_shows_the_upload_in_every_format(
    project: Path, vendor: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    upload = upload_of(project)
    capsys.readouterr()
    assert main(["plan", "--color", "never"]) == 0
    text = capsys.readouterr().out
    assert f"uploads voice file {upload.file_name} (1,251 bytes) first" in text
    assert main(["plan", "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out.replace("\\", "")  # markdown escapes - and .
    assert f"uploads voice file {upload.file_name}" in markdown
    assert main(["plan", "--format", "json"]) == 0
    [action] = [
        a for a in json.loads(capsys.readouterr().out)["actions"] if a["task_name"] == OUTAGE
    ]
    assert action["upload"] == {
        "file_name": upload.file_name,
        "bytes": 1251,
        "sha256": upload.sha256,
        "file_id": None,
        "upload": True,
    }
    assert main(["plan", "--out", "plan.json"]) == 0
    saved = json.loads((project / "plan.json").read_text())
    [action] = [a for a in saved["actions"] if a["task_name"] == OUTAGE]
    assert action["upload"]["file_name"] == upload.file_name
    assert main(["deploy", "--plan", "plan.json", "--yes"]) == 0


def test_a_changed_audio_file_is_uploaded_and_the_waiting_task_updated(
    project: Path, vendor: SandboxServer, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    outage = project / "campaigns" / "outage.yaml"
    outage.write_text(outage.read_text() + "sendTime: 2030-01-01 09:00:00\n")
    assert main(["deploy", "--yes"]) == 0
    first = outage_task_file(client)
    audio = project / "campaigns" / "audio" / "outage.mp3"
    audio.write_bytes(audio.read_bytes() + b"\x00")
    capsys.readouterr()
    assert main(["plan", "--color", "never"]) == 0
    text = capsys.readouterr().out
    assert "~ update   outage notice" in text
    assert f"voiceFileId: {json.dumps(first)} → (the id of outage-" in text
    assert main(["deploy", "--yes"]) == 0
    assert len(client.list_voice_files()) == 2
    assert outage_task_file(client) != first


def test_an_offline_plan_does_not_compare_the_voice_file(
    project: Path, vendor: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy", "--yes"]) == 0
    capsys.readouterr()
    assert main(["plan", "--offline", "--format", "json"]) == 0
    [action] = [
        a for a in json.loads(capsys.readouterr().out)["actions"] if a["task_name"] == OUTAGE
    ]
    assert action["action"] == "no-op"
    assert "voiceFileId" in action["not_compared"]
    assert action["upload"]["upload"] is None  # the file list was not read
