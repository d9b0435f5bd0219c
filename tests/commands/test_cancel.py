"""`broadcastctl cancel` through the command line, against a sandbox over real HTTP: what it
shows, that it asks, that each task gets exactly one cancel, and what plan says after."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from broadcastctl.api import Client
from broadcastctl.api.client import Client as ClientClass
from broadcastctl.cli import main
from broadcastctl.errors import EXIT_USAGE
from broadcastctl.sandbox import Faults, SandboxServer
from broadcastctl.state.store import StateFile
from tests.commands.conftest import WriteCampaign

STATE = Path(".broadcastctl") / "state.json"


@pytest.fixture
def cancels(monkeypatch: pytest.MonkeyPatch) -> list[list[int]]:
    """Every cancel call the client sends, as it sends it (the call itself still goes out)."""
    sent: list[list[int]] = []
    original = ClientClass.cancel_tasks

    def counted(self: Client, job_ids: Sequence[int]) -> None:
        sent.append(list(job_ids))
        original(self, job_ids)

    monkeypatch.setattr(ClientClass, "cancel_tasks", counted)
    return sent


@pytest.fixture
def spring(vendor: SandboxServer, write_campaign: WriteCampaign) -> int:
    """spring deployed (2 numbers, waiting for 2030); its task id."""
    write_campaign("spring")
    assert main(["deploy", "campaigns/spring.yaml", "--yes", "--quiet"]) == 0
    return StateFile(STATE).read().entries["spring"].job_id


@pytest.mark.parametrize("faults", [Faults(), Faults(drop_next_cancels=1)])
def test_cancel_shows_what_stops_cancels_once_and_plan_says_so(
    spring: int,
    vendor: SandboxServer,
    client: Client,
    cancels: list[list[int]],
    capsys: pytest.CaptureFixture[str],
    faults: Faults,
) -> None:
    vendor.set_faults(faults)
    capsys.readouterr()
    assert main(["cancel", "spring", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Will cancel 1 task:\n" in out
    assert f"  spring (task {spring}, waiting): 2 numbers still to call\n" in out
    assert f"cancelled  spring (task {spring})\n" in out
    assert out.endswith("Cancel: 1 cancelled.\n")
    assert cancels == [[spring]]  # a lost answer is checked by reading the task, not resent
    assert client.get_task(spring).status == 4
    assert StateFile(STATE).read().entries["spring"].cancelled is not None
    vendor.set_faults(Faults())
    assert main(["plan", "campaigns/spring.yaml", "--detailed-exitcode"]) == 0
    out = capsys.readouterr().out
    assert f"x cancelled spring  (task {spring}, cancelled)" in out
    assert "to call again, give the campaign a new taskName" in out
    assert "compared" not in out  # nothing is compared with a cancelled task
    assert main(["refresh", "campaigns/spring.yaml", "--detailed-exitcode"]) == 0  # no drift


def test_cancel_by_id_and_file_in_json(
    spring: int,
    vendor: SandboxServer,
    client: Client,
    task_body: Callable[..., dict[str, Any]],
    cancels: list[list[int]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    elsewhere = client.create_task(task_body("made elsewhere", sendTime="2030-01-01 09:00:00"))
    capsys.readouterr()
    argv = ["cancel", str(elsewhere), "campaigns/spring.yaml", "--yes", "--format", "json"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    document = json.loads(captured.out)
    assert document["summary"]["cancelled"] == 2
    assert [(t["name"], t["id"], t["status_before"], t["numbers_to_call"], t["result"])
            for t in document["tasks"]] == [
        ("made elsewhere", elsewhere, "waiting", 1, "cancelled"),
        ("spring", spring, "waiting", 2, "cancelled"),
    ]  # fmt: skip
    assert document["target"].startswith("http://127.0.0.1:")
    assert "Will cancel 2 tasks:" in captured.err
    assert sorted(cancels) == sorted([[elsewhere], [spring]])


def test_without_a_terminal_cancel_asks_for_yes_and_sends_nothing(
    spring: int, client: Client, cancels: list[list[int]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["cancel", "spring"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "calls stop for good" in err
    assert "pass --yes" in err
    assert cancels == []
    assert client.get_task(spring).status == 0


def test_on_the_sandbox_cancel_says_no_calls_are_placed(
    project: Path, write_campaign: WriteCampaign, capsys: pytest.CaptureFixture[str]
) -> None:
    write_campaign("spring")
    assert main(["deploy", "campaigns/spring.yaml", "--sandbox", "--yes", "--quiet"]) == 0
    assert main(["cancel", "spring", "--sandbox"]) == EXIT_USAGE
    assert "the sandbox places no calls" in capsys.readouterr().err
    assert main(["cancel", "spring", "--sandbox", "--yes"]) == 0
    assert "Cancel: 1 cancelled." in capsys.readouterr().out


def test_a_name_that_is_not_there_cancels_nothing(
    spring: int, client: Client, cancels: list[list[int]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["cancel", "spring", "autumn", "--yes"]) == 1
    assert "no task named 'autumn'" in capsys.readouterr().err
    assert cancels == []
    assert client.get_task(spring).status == 0


def test_a_task_cancelled_elsewhere_is_recorded_without_a_call(
    spring: int, client: Client, cancels: list[list[int]], capsys: pytest.CaptureFixture[str]
) -> None:
    client.cancel_tasks([spring])
    cancels.clear()
    assert main(["plan", "campaigns/spring.yaml"]) == 1  # blocked: the file still asks for it
    assert "was cancelled outside broadcastctl" in capsys.readouterr().out
    assert main(["cancel", "spring"]) == 0  # nothing to stop: no question asked
    out = capsys.readouterr().out
    assert "Nothing to stop (already ended):" in out
    assert f"recorded   spring (task {spring}): already cancelled; the state now says so" in out
    assert cancels == []
    assert main(["plan", "campaigns/spring.yaml"]) == 0
    assert "x cancelled spring" in capsys.readouterr().out


def test_the_blocked_message_points_to_cancel(
    spring: int, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "campaigns" / "spring.yaml"
    path.write_text(path.read_text().replace('"12025550102"', '"12025550103"'))
    assert main(["plan", "campaigns/spring.yaml"]) == 1
    out = capsys.readouterr().out
    assert "stop the old task with `broadcastctl cancel`" in out
    assert "vendor console" not in out
