"""plan --offline, refresh and deploy --prune through the command line, against a sandbox over
real HTTP."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from broadcastctl.api import Client
from broadcastctl.cli import main
from broadcastctl.sandbox import Faults, SandboxServer
from broadcastctl.state.store import StateFile

STATE = Path(".broadcastctl") / "state.json"


def plan_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    capsys.readouterr()
    main(["plan", "--format", "json", *args])
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    return document


def offline_equals_live(capsys: pytest.CaptureFixture[str]) -> None:
    live, offline = plan_json(capsys), plan_json(capsys, "--offline")
    assert offline.pop("offline").startswith("Offline: planned against the state's snapshot")
    live.pop("offline")
    assert without_voice_file_lookups(offline) == without_voice_file_lookups(live)


def without_voice_file_lookups(plan: dict[str, Any]) -> dict[str, Any]:
    """The plan less what only the vendor's file list tells (offline it is not read: the voice
    file an existing task plays is not compared; tests/plan/test_uploads.py)."""
    for action in plan["actions"]:
        if action.pop("upload", None) is not None:
            for basis in ("not_compared", "compared_with_vendor", "compared_with_record"):
                action[basis] = [f for f in action[basis] if f != "voiceFileId"]
    return plan


def test_an_offline_plan_needs_no_credentials_and_equals_the_live_one(
    project: Path,
    vendor: SandboxServer,
    write_campaign: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    write_campaign("spring")
    assert main(["deploy", "--yes"]) == 0
    (project / "campaigns" / "spring.yaml").unlink()
    sms = project / "campaigns" / "dental.yaml"
    sms.write_text(sms.read_text().replace("Reply STOP to opt out.", "Reply STOP to stop."))
    offline_equals_live(capsys)
    for name in ("BROADCASTCTL_API_URL", "BROADCASTCTL_API_KEY", "BROADCASTCTL_API_SECRET"):
        monkeypatch.delenv(name)
    capsys.readouterr()
    assert main(["plan", "--offline", "--detailed-exitcode"]) == 2
    out = capsys.readouterr().out
    assert out.startswith("Offline: planned against the state's snapshot of http://127.0.0.1:")
    assert "- orphaned spring" in out
    assert "~ update   dental reminder" in out
    assert "Warning" not in out


def test_an_old_snapshot_is_warned_about(
    project: Path, vendor: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy", "--yes"]) == 0
    store = StateFile(STATE)
    state = store.read()
    assert state.snapshot is not None
    capsys.readouterr()
    recent = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=40)
    taken = recent.isoformat(timespec="seconds")
    store.write(state.with_snapshot(dataclasses.replace(state.snapshot, taken_at=taken)))
    assert main(["plan", "--offline", "--max-age", "0.0001"]) == 0
    assert " seconds old (more than --max-age)" in capsys.readouterr().out  # not "0 hours"
    old = dataclasses.replace(state.snapshot, taken_at="2020-01-01T00:00:00+00:00")
    store.write(state.with_snapshot(old))
    assert main(["plan", "--offline"]) == 0
    assert " days old (more than --max-age)" in capsys.readouterr().out


def test_offline_without_a_snapshot_says_what_to_run(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "--offline"]) == 1
    assert "plan --offline needs a deploy or a refresh to have run first" in capsys.readouterr().err


def test_a_plan_made_offline_cannot_be_applied(
    project: Path, vendor: SandboxServer, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy", "--yes"]) == 0
    assert main(["plan", "--offline", "--out", "plan.json"]) == 0
    capsys.readouterr()
    assert main(["deploy", "--plan", "plan.json", "--yes"]) == 1
    assert "the plan was made with --offline" in capsys.readouterr().err


def test_refresh_reports_console_edits_and_cancels_as_drift(
    project: Path, vendor: SandboxServer, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy", "--yes"]) == 0
    assert main(["refresh", "--detailed-exitcode"]) == 0
    assert "No drift" in capsys.readouterr().out
    entries = StateFile(STATE).read().entries
    entry = entries["renewal reminder"]
    reminder, sent = entry.job_id, dict(entry.sent or {})
    sent.pop("appId")
    client.update_task(reminder, sent | {"text": "Edited in the console"})
    client.cancel_tasks([entries["holiday hours"].job_id])
    assert main(["refresh", "--detailed-exitcode"]) == 2
    out = capsys.readouterr().out
    assert f"renewal reminder (task {reminder}): differs from what was sent: text" in out
    assert "holiday hours" in out
    assert "cancelled outside broadcastctl" in out
    assert main(["refresh", "--detailed-exitcode"]) == 2  # the edit stays until deployed over
    out = capsys.readouterr().out  # a cancel is told while its file still asks for the task
    assert "holiday hours" in out
    assert "cancelled outside broadcastctl, and its file still asks for it" in out
    offline_equals_live(capsys)
    assert main(["plan"]) == 1  # the plan marks it: the file asks for a task that cannot run
    assert (
        "task {} was cancelled outside broadcastctl".format(entries["holiday hours"].job_id)
        in capsys.readouterr().out
    )
    holiday = project / "campaigns" / "holiday.yaml"
    holiday.write_text(holiday.read_text().replace("holiday hours", "holiday hours 2"))
    assert main(["refresh"]) == 0  # the file says what to do: a new taskName
    assert "holiday hours (task" not in capsys.readouterr().out


def test_refresh_errors_exit_1_with_detailed_exitcode(
    project: Path, vendor: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROADCASTCTL_API_SECRET", "wrong")
    assert main(["refresh", "--detailed-exitcode"]) == 1


@pytest.mark.parametrize(
    "faults",
    [
        Faults(),
        Faults(drop_next_cancels=1),
        Faults(fail_next=1, fail_path="voice/group/call/cancel"),
    ],
)
def test_prune_cancels_only_orphans_that_would_call_once_each(
    project: Path,
    vendor: SandboxServer,
    client: Client,
    task_body: Callable[..., dict[str, Any]],
    write_campaign: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
    faults: Faults,
) -> None:
    outside = client.create_task(task_body("made elsewhere", sendTime="2030-01-01 09:00:00"))
    write_campaign("spring")
    write_campaign("summer")
    assert main(["deploy", "--yes"]) == 0
    entries = StateFile(STATE).read().entries
    client.cancel_tasks([entries["summer"].job_id])  # an orphan that no longer calls
    for name in ("spring", "summer"):
        (project / "campaigns" / f"{name}.yaml").unlink()
    capsys.readouterr()
    assert main(["deploy", "--yes"]) == 0
    assert "1 orphaned task was left alone (pass --prune to cancel them)" in capsys.readouterr().out
    assert client.get_task(entries["spring"].job_id).status == 0
    vendor.set_faults(faults)
    assert main(["deploy", "--yes", "--prune"]) == 0
    out = capsys.readouterr().out
    assert f"cancelled spring (task {entries['spring'].job_id})" in out
    assert "Deploy: 1 cancelled." in out
    assert client.get_task(entries["spring"].job_id).status == 4
    assert client.get_task(outside).status == 0  # unmanaged: never touched
    assert main(["deploy", "--yes", "--prune"]) == 0
    assert "Nothing to create or update." in capsys.readouterr().out
