"""`broadcastctl deploy` through the command line, against a sandbox over real HTTP."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from broadcastctl.api import Client
from broadcastctl.cli import main
from broadcastctl.commands import deploy as deploy_command
from broadcastctl.deploy.deployer import Outcome
from broadcastctl.errors import EXIT_USAGE
from broadcastctl.plan.model import Action
from broadcastctl.plan.window import Window
from broadcastctl.sandbox import Faults, SandboxServer
from broadcastctl.state.recorder import Recorder
from broadcastctl.state.store import StateFile


def names(client: Client) -> list[str]:
    window = Window.last_days(30, client.now())
    return sorted(
        t.task_name for t in client.list_tasks(created_from=window.start, created_to=window.end)
    )


def test_the_main_job_runs_on_the_built_in_sandbox_and_converges(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy", "--sandbox", "--yes"]) == 0
    first = capsys.readouterr().out
    assert "Deploy: 6 created." in first
    assert (project / ".broadcastctl" / "sandbox.sqlite3").is_file()
    assert main(["deploy", "--sandbox", "--yes"]) == 0
    second = capsys.readouterr().out
    assert "Nothing to create or update." in second
    assert "6 unchanged" in second


def test_without_a_terminal_deploy_asks_for_yes(
    project: Path, vendor: SandboxServer, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy"]) == EXIT_USAGE
    assert "pass --yes" in capsys.readouterr().err
    assert names(client) == []


def test_a_saved_plan_is_applied_exactly(
    project: Path, vendor: SandboxServer, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "--out", "plan.json"]) == 0
    assert main(["deploy", "--plan", "plan.json", "--yes"]) == 0
    assert len(names(client)) == 6


def test_a_saved_plan_is_refused_when_a_file_changed(
    project: Path,
    vendor: SandboxServer,
    client: Client,
    write_campaign: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["plan", "--out", "plan.json"]) == 0
    write_campaign("added after review")
    assert main(["deploy", "--plan", "plan.json", "--yes"]) == 1
    assert "the campaign files changed since the plan was made" in capsys.readouterr().err
    assert names(client) == []


def test_a_saved_plan_given_other_paths_says_the_paths_differ(
    project: Path, vendor: SandboxServer, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "--out", "plan.json"]) == 0
    one = "campaigns/dental.yaml"
    assert main(["deploy", "--plan", "plan.json", one, "--yes"]) == 1
    error = capsys.readouterr().err
    assert "the paths differ from the plan's" in error
    assert (
        f"made for campaigns (6 campaign files), and deploy was given {one} (1 campaign " in error
    )
    assert "changed since" not in error
    assert names(client) == []
    assert main(["deploy", "--plan", "plan.json", "campaigns/", "--yes"]) == 0  # the same files


def test_a_saved_plan_is_refused_when_the_remote_changed(
    project: Path,
    vendor: SandboxServer,
    client: Client,
    task_body: Callable[..., dict[str, object]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["plan", "--out", "plan.json"]) == 0
    client.create_task(task_body("renewal reminder"))
    assert main(["deploy", "--plan", "plan.json", "--yes"]) == 1
    assert "the remote tasks changed since the plan was made" in capsys.readouterr().err
    assert names(client) == ["renewal reminder"]


def test_a_plan_made_against_the_sandbox_is_not_applied_to_the_vendor(
    project: Path, vendor: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "--sandbox", "--out", "plan.json"]) == 0
    assert main(["deploy", "--plan", "plan.json", "--yes"]) == 1
    assert "the plan was made against the sandbox" in capsys.readouterr().err


def test_blocked_campaigns_fail_the_deploy_but_not_the_others(
    project: Path,
    vendor: SandboxServer,
    client: Client,
    write_campaign: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    write_campaign("now", **{"sendTime: 2030-01-01 09:00:00\n": ""})
    assert main(["deploy", "--yes", "campaigns/now.yaml"]) == 0
    vendor.clock.advance(5.1)  # submitted and calling
    write_campaign("now", **{"sendTime: 2030-01-01 09:00:00\n": "", "text: Hello": "text: Bye"})
    write_campaign("other")
    capsys.readouterr()
    assert main(["deploy", "--yes", "campaigns/now.yaml", "campaigns/other.yaml"]) == 1
    out = capsys.readouterr().out
    assert "! blocked  now" in out
    assert "created   other" in out
    assert "Deploy: 1 created, 1 blocked." in out


def test_wrong_credentials_stop_with_what_to_fix(
    project: Path,
    vendor: SandboxServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("BROADCASTCTL_API_SECRET", "not-the-secret-x9")
    assert main(["deploy", "--yes"]) == 1
    captured = capsys.readouterr()
    assert "check BROADCASTCTL_API_KEY and BROADCASTCTL_API_SECRET" in captured.err
    assert "not-the-secret-x9" not in captured.err + captured.out


def test_a_clock_skew_stops_with_what_to_fix(
    project: Path, vendor: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    vendor.set_faults(Faults(clock_skew=900))
    assert main(["deploy", "--yes"]) == 1
    assert "check this machine's clock" in capsys.readouterr().err


def _deploy_process(project: Path, vendor: SandboxServer) -> subprocess.Popen[bytes]:
    environment = {
        **os.environ,
        "BROADCASTCTL_API_URL": vendor.url,
        "BROADCASTCTL_API_KEY": vendor.api_key,
        "BROADCASTCTL_API_SECRET": vendor.api_secret,
    }
    command = [
        sys.executable,
        "-m",
        "broadcastctl",
        "deploy",
        "--yes",
        "--workers",
        "2",
        "--rate",
        "0",
    ]
    return subprocess.Popen(
        command, cwd=project, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def test_a_deploy_killed_halfway_converges_on_rerun_without_duplicates(
    project: Path,
    vendor: SandboxServer,
    client: Client,
    write_campaign: Callable[..., Path],
) -> None:
    for path in (project / "campaigns").glob("*.yaml"):
        path.unlink()
    for index in range(50):
        write_campaign(f"campaign {index:02}")
    vendor.set_faults(Faults(latency=0.08))  # keeps 50 creates busy long enough to be cut
    process = _deploy_process(project, vendor)
    deadline = time.monotonic() + 60
    created = 0
    while created < 15 and process.poll() is None and time.monotonic() < deadline:
        created = len(names(client))
    process.send_signal(signal.SIGKILL)
    process.wait()
    at_kill = len(names(client))
    assert 0 < at_kill < 50, "the deploy was not cut halfway"
    vendor.set_faults(Faults())
    rerun = _deploy_process(project, vendor)
    assert rerun.wait(timeout=120) == 0
    assert names(client) == [f"campaign {index:02}" for index in range(50)]
    window = Window.last_days(30, client.now())
    listed = client.list_tasks(created_from=window.start, created_to=window.end)
    ids = {t.task_name: t.job_id for t in listed}
    entries = StateFile(project / ".broadcastctl" / "state.json").read().entries
    assert {name: entry.job_id for name, entry in entries.items()} == ids


def test_two_deploys_on_one_state_one_wins_and_no_entry_is_lost(
    project: Path,
    vendor: SandboxServer,
    client: Client,
    write_campaign: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    for path in (project / "campaigns").glob("*.yaml"):
        path.unlink()
    for index in range(20):
        write_campaign(f"campaign {index:02}")
    vendor.set_faults(Faults(latency=0.08))  # the first deploy is still running ...
    first = _deploy_process(project, vendor)
    state = project / ".broadcastctl" / "state.json"
    deadline = time.monotonic() + 60
    while not state.exists() and first.poll() is None and time.monotonic() < deadline:
        with contextlib.suppress(subprocess.TimeoutExpired):  # ... once it recorded a task
            first.wait(timeout=0.02)
    assert first.poll() is None, "the first deploy ended before the second started"
    assert main(["deploy", "--yes"]) == 1
    assert "another deploy is using the state" in capsys.readouterr().err
    assert first.wait(timeout=120) == 0
    entries = StateFile(state).read().entries
    assert sorted(entries) == [f"campaign {index:02}" for index in range(20)]
    assert len(names(client)) == 20


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)


def test_an_edit_the_api_cannot_show_is_planned_from_the_state(
    project: Path, vendor: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy", "--yes"]) == 0
    sms = project / "campaigns" / "dental.yaml"
    sms.write_text(sms.read_text().replace("Reply STOP to opt out.", "Reply STOP to stop."))
    capsys.readouterr()
    assert main(["plan", "--detailed-exitcode", "--out", "plan.json"]) == 2
    out = capsys.readouterr().out
    assert "~ update   dental reminder" in out
    assert "smsContent:" in out
    assert out.count("~ update") == 1
    assert main(["deploy", "--plan", "plan.json", "--yes"]) == 0
    assert "Deploy: 1 updated." in capsys.readouterr().out
    assert main(["plan", "--detailed-exitcode"]) == 0


def test_changed_since_sends_again_what_the_api_cannot_show_when_the_state_is_lost(
    project: Path, vendor: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / ".git").rmdir()
    git(project, "init", "-q")
    git(project, "add", "campaigns")
    git(project, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "campaigns")
    assert main(["deploy", "--yes"]) == 0
    (project / ".broadcastctl" / "state.json").unlink()
    sms = project / "campaigns" / "dental.yaml"
    sms.write_text(sms.read_text().replace("Reply STOP to opt out.", "Reply STOP to stop."))
    capsys.readouterr()
    assert main(["plan", "--detailed-exitcode"]) == 0  # neither the API nor a state shows it
    assert "No state was found" in capsys.readouterr().out
    assert main(["plan", "--changed-since", "HEAD", "--out", "plan.json"]) == 0
    out = capsys.readouterr().out
    assert "~ update   dental reminder" in out
    assert "the whole body is sent again" in out
    assert out.count("~ update") == 1
    assert main(["deploy", "--plan", "plan.json", "--yes"]) == 0
    assert "Deploy: 1 updated." in capsys.readouterr().out


def test_changed_since_an_unknown_revision_is_a_usage_error(
    project: Path, vendor: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / ".git").rmdir()
    git(project, "init", "-q")
    assert main(["plan", "--changed-since", "no-such-branch"]) == EXIT_USAGE
    assert "--changed-since:" in capsys.readouterr().err


def test_a_vendor_clock_ahead_of_ours_still_finds_what_was_created(
    project: Path,
    vendor: SandboxServer,
    write_campaign: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    vendor.clock.advance(2 * 24 * 3600)
    write_campaign("clock test")
    assert main(["deploy", "--yes", "campaigns/clock test.yaml"]) == 0
    assert main(["deploy", "--yes", "campaigns/clock test.yaml"]) == 0
    assert "Nothing to create or update." in capsys.readouterr().out


@pytest.mark.parametrize(
    ("option", "value"), [("--rate", "-3"), ("--rate", "nan"), ("--since-days", "1000000")]
)
def test_out_of_range_options_are_refused(option: str, value: str) -> None:
    with pytest.raises(SystemExit) as refused:
        main(["deploy", option, value])
    assert refused.value.code == EXIT_USAGE


@pytest.mark.parametrize(("answer", "code", "created"), [("yes", 0, 6), ("y", 1, 0), ("", 1, 0)])
def test_on_a_terminal_only_yes_applies(
    project: Path,
    vendor: SandboxServer,
    client: Client,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    answer: str,
    code: int,
    created: int,
) -> None:
    asked: list[str] = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)

    def ask(question: str) -> str:
        asked.append(question)
        return answer

    monkeypatch.setattr("builtins.input", ask)
    assert main(["deploy"]) == code
    assert "Apply 6 creates and 0 updates, placing 69 new calls? Only 'yes' is accepted" in asked[0]
    assert len(names(client)) == created
    if not created:
        assert "deploy cancelled; nothing was sent" in capsys.readouterr().err


def test_deploy_format_json_gives_one_entry_per_task_on_stdout(
    project: Path, vendor: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy", "--yes", "--format", "json"]) == 0
    captured = capsys.readouterr()
    document = json.loads(captured.out)  # stdout holds the document alone
    assert document["format_version"] == "1"
    assert document["summary"]["created"] == 6
    assert len(document["tasks"]) == 6
    first = document["tasks"][0]
    assert set(first) == {"name", "id", "result", "message", "voice_file"}
    # only the source 1 campaign plays an uploaded file
    assert sum(task["voice_file"] is not None for task in document["tasks"]) == 1
    assert first["result"] == "created"
    assert isinstance(first["id"], int)
    assert "Lint: 6 files checked" in captured.err  # the plan and progress, for people
    assert main(["deploy", "--yes", "--format", "json"]) == 0  # nothing to do: still a document
    assert json.loads(capsys.readouterr().out)["tasks"] == []


def test_deploy_quiet_prints_only_the_summary_line(
    project: Path, vendor: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy", "--yes", "--quiet"]) == 0
    assert capsys.readouterr().out == "Deploy: 6 created.\n"
    assert main(["deploy", "--yes", "--quiet"]) == 0
    assert capsys.readouterr().out == "Deploy: nothing done.\n"


def _stop_vendor_after(
    outcomes: int, vendor: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sandbox goes away once deploy has told `outcomes` results: the API stops mid-deploy."""
    tell = deploy_command._Both.__call__
    told = []

    def tell_then_stop(self: deploy_command._Both, outcome: Outcome) -> None:
        tell(self, outcome)
        told.append(outcome)
        if len(told) == outcomes:
            vendor.stop()

    monkeypatch.setattr(deploy_command._Both, "__call__", tell_then_stop)


def _stop_vendor_before_request(
    request: int, vendor: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sandbox goes away just before the `request`-th create or update leaves (once what
    it sends is recorded): the API stops mid-deploy, whatever the threads' timing."""
    intend = Recorder.intend
    intended = []

    def stop_then_intend(self: Recorder, action: Action, body: Mapping[str, Any]) -> None:
        intended.append(action)
        if len(intended) == request:
            vendor.stop()
        intend(self, action, body)

    monkeypatch.setattr(Recorder, "intend", stop_then_intend)


def test_an_api_gone_mid_deploy_ends_with_one_clear_line(
    project: Path,
    vendor: SandboxServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _stop_vendor_before_request(2, vendor, monkeypatch)
    assert main(["deploy", "--yes", "--workers", "1"]) == 1
    out, err = capsys.readouterr()
    assert err == ""  # no second error from reading the remote tasks afterwards
    lines = out.rstrip("\n").split("\n")
    assert lines[-1].startswith("Deploy: 1 created, 1 failed, 4 skipped; stopped, the API is not")
    assert lines[-1].endswith("deploy again once the API answers.")
    assert "could not connect" in lines[-1]
    skipped = [line for line in lines if " skipped " in line]
    assert len(skipped) == 4
    assert all(line.endswith(": not sent: the API stopped answering") for line in skipped)
    assert "list tasks" not in out
    [created] = StateFile(project / ".broadcastctl" / "state.json").read().entries
    assert created  # what was sent is in the state


def test_an_api_gone_after_the_last_task_leaves_the_deploy_a_success(
    project: Path,
    vendor: SandboxServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _stop_vendor_after(6, vendor, monkeypatch)
    assert main(["deploy", "--yes", "--workers", "1"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.rstrip("\n").split("\n")
    assert lines[-1] == "Deploy: 6 created."
    assert lines[-2].startswith("The state keeps what was sent, but not a new snapshot")
    assert len(StateFile(project / ".broadcastctl" / "state.json").read().entries) == 6
