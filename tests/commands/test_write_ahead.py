"""The write-ahead record over real HTTP: a deploy killed (SIGKILL) while the vendor held its
answers, then an edit swapping a number, is never planned as a no-op; turning SMS off leaves
no SMS field set at the vendor; a record that cannot be written stops the run by name."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from broadcastctl.api import Client
from broadcastctl.cli import main
from broadcastctl.plan.window import Window
from broadcastctl.sandbox import Faults, SandboxServer
from broadcastctl.state import store
from broadcastctl.state.store import StateFile

STATE = Path(".broadcastctl") / "state.json"


def listed(client: Client) -> dict[str, int]:
    window = Window.last_days(30, client.now())
    rows = client.list_tasks(created_from=window.start, created_to=window.end)
    return {row.task_name: row.job_id for row in rows}


def deploy_process(project: Path, vendor: SandboxServer) -> subprocess.Popen[bytes]:
    environment = {
        **os.environ,
        "BROADCASTCTL_API_URL": vendor.url,
        "BROADCASTCTL_API_KEY": vendor.api_key,
        "BROADCASTCTL_API_SECRET": vendor.api_secret,
    }
    command = [sys.executable, "-m", "broadcastctl", "deploy", "--yes", "--workers", "2"]
    return subprocess.Popen(
        [*command, "--rate", "0"],
        cwd=project,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def plan_kinds(capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    capsys.readouterr()
    main(["plan", "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    return {action["task_name"]: action["action"] for action in document["actions"]}


def test_a_deploy_killed_before_recording_then_a_swapped_number_is_never_a_no_op(
    project: Path,
    vendor: SandboxServer,
    client: Client,
    write_campaign: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    for path in (project / "campaigns").glob("*.yaml"):
        path.unlink()
    files = [write_campaign(f"campaign {index}") for index in range(6)]
    vendor.set_faults(Faults(late_answers=2.0))  # stored at once, answered 2 s later
    process = deploy_process(project, vendor)
    deadline = time.monotonic() + 60
    while not listed(client) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)  # polling the vendor's list, not timing the test
    process.send_signal(signal.SIGKILL)
    process.wait()
    vendor.set_faults(Faults())
    made = listed(client)
    state = StateFile(project / STATE).read()
    unrecorded = [name for name in made if name not in state.entries]
    assert unrecorded, "the kill came after every create was recorded"
    assert all(name in state.intents for name in unrecorded)  # what was attempted is known
    for path in files:  # the last number swapped, the count the same
        path.write_text(path.read_text().replace('"12025550102"', '"12025550109"'))
    kinds = plan_kinds(capsys)
    assert {kinds[name] for name in made} == {"blocked"}
    assert all(kinds[name] == "create" for name in kinds if name not in made)
    assert main(["deploy", "--yes"]) == 1  # the blocked ones are not sent, the rest created
    after = listed(client)
    assert sorted(after) == sorted(kinds)
    assert {name: after[name] for name in made} == made
    kinds = plan_kinds(capsys)  # recorded now, and still not what the files say
    assert {kinds[name] for name in made} == {"blocked"}


def test_turning_sms_off_leaves_no_sms_field_set_at_the_vendor(
    project: Path,
    vendor: SandboxServer,
    write_campaign: Callable[..., Path],
) -> None:
    vendor.set_faults(Faults(detail="stored"))
    sms = (
        "hangUpSms: 1\nsmsAppId: sms-1\nsmsContent: Reply STOP\nsenderId: Shop\n"
        "feedbackPush: 1\nfeedbackValue: 1\nsuccessPush: 1\nsuccessPushTime: 30\n"
        "failedPush: 1\nringPush: 1\nloopCount: 1"
    )
    path = write_campaign("sms", **{"loopCount: 1": sms})
    assert main(["deploy", "--yes"]) == 0
    job_id = StateFile(project / STATE).read().entries["sms"].job_id
    assert (vendor.stored_fields(job_id) or {})["smsContent"] == "Reply STOP"
    path.write_text(path.read_text().replace("hangUpSms: 1", "hangUpSms: 0"))
    assert main(["deploy", "--yes"]) == 0
    stored = vendor.stored_fields(job_id) or {}
    sms_fields = ("smsAppId", "smsContent", "senderId", "feedbackValue")
    assert {name: stored[name] for name in sms_fields} == dict.fromkeys(sms_fields, "")
    pushes = ("feedbackPush", "successPush", "failedPush", "ringPush", "successPushTime")
    assert {name: stored[name] for name in pushes} == dict.fromkeys(pushes, 0)
    assert main(["plan", "--detailed-exitcode"]) == 0  # and it stays so


def test_a_record_that_fails_once_is_written_again(
    project: Path, vendor: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    replace = store._replace
    failures = iter([True])

    def flaky(path: Path, data: bytes) -> None:
        if next(failures, False):
            raise OSError(28, "No space left on device")
        replace(path, data)

    monkeypatch.setattr(store, "_replace", flaky)
    assert main(["deploy", "--yes", "--workers", "1"]) == 0
    assert len(StateFile(project / STATE).read().entries) == len(listed_files(project))


def listed_files(project: Path) -> list[Path]:
    return sorted((project / "campaigns").glob("*.yaml"))


def test_a_record_that_cannot_be_written_after_a_send_stops_the_run_by_name(
    project: Path,
    vendor: SandboxServer,
    client: Client,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    replace = store._replace

    def results_fail(path: Path, data: bytes) -> None:
        """Intents are written; every write that records a result finds the disk full."""
        if json.loads(data)["entries"]:
            raise OSError(28, "No space left on device")
        replace(path, data)

    monkeypatch.setattr(store, "_replace", results_fail)
    assert main(["deploy", "--yes", "--workers", "1"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    [line] = err.strip().splitlines()
    made = listed(client)
    assert 1 <= len(made) <= 2  # the first, and the one in flight when it failed
    assert "No space left on device" in line
    assert "sent nothing more" in line
    for name, job_id in made.items():
        assert f"{name} (created, task {job_id})" in line
    state = StateFile(project / STATE).read()
    assert state.entries == {}
    assert set(made) <= set(state.intents)  # written before each was sent: a rerun knows them
    monkeypatch.setattr(store, "_replace", replace)
    assert main(["deploy", "--yes"]) == 0  # once the disk has room: matched, nothing twice
    assert len(listed(client)) == len(listed_files(project))
    assert "Recorded" in capsys.readouterr().out


def test_plan_and_refresh_say_what_was_compared_with_what(
    project: Path, vendor: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy", "--yes"]) == 0
    document = json.loads(plan_json_text(capsys))
    dental = next(a for a in document["actions"] if a["task_name"] == "dental reminder")
    assert "smsContent" in dental["compared_with_record"]
    assert "smsContent" not in dental["compared_with_vendor"]
    assert dental["compared_with_record"][0] == "numberList"
    assert dental["not_compared"] == []
    main(["plan"])
    text = capsys.readouterr().out
    assert text.count("compared with the vendor: the number count and ") == len(document["actions"])
    assert "with the record of what was sent: the numbers, " in text
    main(["plan", "--format", "markdown"])
    assert "with the record of what was sent: the numbers" in capsys.readouterr().out
    assert main(["refresh"]) == 0
    out = capsys.readouterr().out
    assert "No drift" in out
    assert "a console edit of what it does not show" in out
    assert "cannot be seen" in out


def plan_json_text(capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    main(["plan", "--format", "json"])
    return capsys.readouterr().out


def test_a_request_whose_intent_cannot_be_recorded_is_not_sent(
    project: Path,
    vendor: SandboxServer,
    client: Client,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def full(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "_replace", full)
    assert main(["deploy", "--yes", "--workers", "1"]) == 1
    out, err = capsys.readouterr()
    assert listed(client) == {}  # nothing left without its intent on disk
    assert "not sent: cannot write the state" in out
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
