"""Every deploy says what became of each task it did not create or update, and why (blocked,
gated), in text, --quiet and JSON; --format json prints one document whatever the outcome."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from broadcastctl.api import Client
from broadcastctl.cli import main
from broadcastctl.deploy import views
from broadcastctl.errors import EXIT_FAILURE, EXIT_USAGE
from broadcastctl.plan.model import Plan
from broadcastctl.sandbox import SandboxServer
from tests.commands.test_deploy import names

NOW = {"sendTime: 2030-01-01 09:00:00\n": ""}


@pytest.fixture
def only_blocked(
    vendor: SandboxServer, client: Client, write_campaign: Callable[..., Path]
) -> list[str]:
    """A campaign whose task is calling, then edited: its one change is blocked."""
    write_campaign("now", **NOW)
    assert main(["deploy", "--yes", "campaigns/now.yaml"]) == 0
    vendor.clock.advance(5.1)  # submitted and calling
    write_campaign("now", **NOW, **{"text: Hello": "text: Bye"})
    return ["deploy", "--yes", "campaigns/now.yaml"]


def test_a_deploy_of_only_blocked_changes_names_them(
    only_blocked: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(only_blocked) == EXIT_FAILURE
    out = capsys.readouterr().out
    assert "[1/1] blocked   now (task " in out
    assert out.endswith("Nothing to create or update.\nDeploy: 1 blocked.\n")


def test_quiet_counts_the_blocked(
    only_blocked: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main([*only_blocked, "--quiet"]) == EXIT_FAILURE
    assert capsys.readouterr().out == "Deploy: 1 blocked.\n"


def test_json_lists_the_blocked(
    only_blocked: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main([*only_blocked, "--format", "json"]) == EXIT_FAILURE
    document = json.loads(capsys.readouterr().out)
    assert document["error"] is None
    assert document["summary"]["blocked"] == 1
    assert [(t["name"], t["result"]) for t in document["tasks"]] == [("now", "blocked")]


def test_the_volume_gate_names_each_task_it_held_back(
    vendor: SandboxServer,
    client: Client,
    write_campaign: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    write_campaign("first")
    write_campaign("second")
    Path("campaigns/broadcastctl.yaml").write_text("max_new_calls: 3\n")
    both = ["campaigns/first.yaml", "campaigns/second.yaml"]
    assert main(["deploy", "--yes", *both]) == EXIT_FAILURE
    out, err = capsys.readouterr()
    assert "gated     first: not sent: the volume gate refused the deploy" in out
    assert "gated     second: not sent" in out
    assert out.endswith("Deploy: 2 gated.\n")
    assert "--allow-calls 4" in err
    assert main(["deploy", "--yes", *both, "--format", "json"]) == EXIT_FAILURE
    out, err = capsys.readouterr()
    document = json.loads(out)
    assert document["summary"]["gated"] == 2
    assert "pass --allow-calls 4" in document["error"]
    assert document["error"] in err
    assert names(client) == []


@pytest.mark.parametrize(
    ("setup", "arguments", "code", "error"),
    [
        ("lint", ["--yes"], EXIT_FAILURE, "lint errors in the campaigns"),
        ("", [], EXIT_USAGE, "no terminal to confirm on"),
        ("credentials", ["--yes"], EXIT_USAGE, "BROADCASTCTL_API_KEY is not set"),
    ],
)
def test_json_is_one_document_whatever_the_error(
    project: Path,
    write_campaign: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    setup: str,
    arguments: list[str],
    code: int,
    error: str,
) -> None:
    if setup == "lint":
        write_campaign("broken", **{"loopCount: 1": "loopCount: many"})
    sandbox = [] if setup == "credentials" else ["--sandbox"]
    for name in ("BROADCASTCTL_API_KEY", "BROADCASTCTL_API_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    assert main(["deploy", *sandbox, *arguments, "--format", "json"]) == code
    out, err = capsys.readouterr()
    document = json.loads(out)
    assert error in document["error"]
    assert document["tasks"] == []
    assert err.endswith(f"broadcastctl: error: {document['error']}\n")


def test_the_sandbox_confirmation_says_it_places_no_calls(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy", "--sandbox"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "the sandbox (which places no calls)" in err
    assert "real calls" not in err


def test_the_question_on_a_terminal_says_the_sandbox_rings_no_phone() -> None:
    plan = Plan(actions=(), campaigns_fingerprint="", remote_fingerprint="")
    assert "placing 0 new calls on the sandbox (no phone rings)?" in views.question(
        plan, sandbox=True
    )
    assert "no phone rings" not in views.question(plan)
