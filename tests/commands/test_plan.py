"""`broadcastctl plan` through the command line, against a sandbox over real HTTP."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from broadcastctl.api import Client
from broadcastctl.cli import main
from broadcastctl.errors import EXIT_USAGE
from broadcastctl.sandbox import SandboxServer


def test_a_first_plan_creates_everything_and_says_how_many_calls(
    project: Path, vendor: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan"]) == 0
    out = capsys.readouterr().out
    assert out.count("+ create") == 6
    assert "Plan: 6 to create, 0 to update, 0 blocked, 0 unchanged" in out
    assert "New calls: 69 (one per number), playing the message up to 85 times." in out


def test_detailed_exit_codes(project: Path, vendor: SandboxServer) -> None:
    assert main(["plan", "--detailed-exitcode"]) == 2
    assert main(["deploy", "--yes"]) == 0
    assert main(["plan", "--detailed-exitcode"]) == 0


def test_numbers_and_secrets_never_appear_in_any_format(
    project: Path, vendor: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["deploy", "--yes"])
    (project / "campaigns" / "outage.yaml").write_text(
        (project / "campaigns" / "outage.yaml")
        .read_text()
        .replace('displayNum: "12025550100"', 'displayNum: "12025550199"')
    )
    capsys.readouterr()
    written = "".join(path.read_text() for path in (project / "campaigns").rglob("*.[cy]*"))
    numbers = set(re.findall(r"\b\d{7,15}\b", written))
    assert len(numbers) > 60
    for output_format in ("text", "markdown", "json"):
        main(["plan", "--format", output_format])
        out = capsys.readouterr().out
        assert [number for number in numbers if number in out] == []
        # the changed caller id, masked (markdown escapes its asterisks)
        assert "1202****199" in out.replace("\\*", "*")
        assert vendor.api_secret not in out
        assert vendor.api_key not in out


def test_json_has_a_format_version_and_the_changes(
    vendor: SandboxServer, write_campaign: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    write_campaign("later")
    main(["deploy", "--yes", "campaigns/later.yaml"])
    write_campaign("later", **{"maxCalls: 60": "maxCalls: 90"})
    capsys.readouterr()
    assert main(["plan", "--format", "json", "campaigns/later.yaml"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["format_version"] == "1"
    [action] = document["actions"]
    assert action["action"] == "update"
    assert action["changes"] == [{"field": "maxCalls", "old": 60, "new": 90}]
    assert set(document["fingerprints"]) == {"campaigns", "remote"}


def test_markdown_fits_a_github_comment_however_many_campaigns(
    vendor: SandboxServer, write_campaign: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    for index in range(700):
        write_campaign(f"campaign {index:04} with a long descriptive name for the list")
    assert main(["plan", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert len(out) <= 65_535
    assert "more lines not shown; see the job log" in out
    assert out.startswith("### broadcastctl plan")


def test_lint_errors_stop_the_plan_before_any_request(
    vendor: SandboxServer, write_campaign: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    write_campaign("broken", **{"loopCount: 1": "loopCount: 12"})
    assert main(["plan"]) == 1
    err = capsys.readouterr().err
    assert "campaigns/broken.yaml:8:12: error out-of-range" in err
    assert "nothing was compared or sent" in err


def test_unmanaged_tasks_are_listed_and_left_alone(
    project: Path,
    vendor: SandboxServer,
    client: Client,
    task_body: Callable[..., dict[str, Any]],
    write_campaign: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    client.create_task(task_body("old promo", sendTime="2030-01-01 09:00:00"))
    write_campaign("managed")
    main(["deploy", "--yes", "campaigns/managed.yaml"])
    capsys.readouterr()
    main(["plan", "campaigns/reminder.yaml"])
    out = capsys.readouterr().out
    assert "? 1 remote task that no file describes is left alone:" in out
    assert "'old promo' (task 5000001, waiting)" in out
    assert "managed" not in out  # its file exists, only not given: neither orphan nor unmanaged


def test_missing_credentials_are_named(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("BROADCASTCTL_API_KEY", raising=False)
    monkeypatch.setenv("BROADCASTCTL_API_SECRET", "s3cr3t-value")
    assert main(["plan"]) == EXIT_USAGE
    assert "BROADCASTCTL_API_KEY is not set" in capsys.readouterr().err


def test_the_built_in_sandbox_needs_no_account(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "--sandbox"]) == 0
    assert "6 to create" in capsys.readouterr().out


def test_with_detailed_exit_codes_no_failure_exits_2(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 2 would read as "changes to apply": a usage error must not look like it, with or
    # without --detailed-exitcode it is the same code.
    assert main(["plan", "--detailed-exitcode", "--sandbox", "campaigns/typo.yaml"]) == EXIT_USAGE
    assert main(["plan", "--sandbox", "campaigns/typo.yaml"]) == EXIT_USAGE


def test_lint_comes_before_credentials(
    project: Path,
    write_campaign: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("BROADCASTCTL_API_KEY", raising=False)
    write_campaign("broken", **{"maxCalls: 60": "maxCalls: 0"})
    assert main(["plan"]) == 1
    err = capsys.readouterr().err
    assert "out-of-range" in err
    assert "BROADCASTCTL_API_KEY" not in err
