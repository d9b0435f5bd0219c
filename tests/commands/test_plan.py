"""`broadcastctl plan` through the command line, against a sandbox over real HTTP."""

from __future__ import annotations

import io
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


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_line_on_a_terminal_while_the_vendor_is_read_and_none_in_a_log(
    project: Path,
    vendor: SandboxServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["deploy", "--yes", "--quiet"]) == 0
    capsys.readouterr()
    assert main(["plan"]) == 0
    assert "Reading" not in capsys.readouterr().err  # not a terminal: nothing drawn
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert main(["plan"]) == 0
    drawn = terminal.getvalue()
    assert "\rReading the vendor's tasks [" in drawn
    assert " 6/6 tasks" in drawn
    assert drawn.endswith("\r\x1b[K")  # the line is cleared before the plan is printed


def test_unchanged_campaigns_are_one_line_unless_asked_and_the_target_is_named(
    project: Path, vendor: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy", "--yes", "--quiet"]) == 0
    capsys.readouterr()
    assert main(["plan"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Target: {vendor.url}\n")
    assert "= no-op" not in out
    assert "= 6 campaigns unchanged (plan --show-unchanged lists them" in out
    assert main(["plan", "--show-unchanged"]) == 0
    assert capsys.readouterr().out.count("= no-op") == 6
    assert main(["plan", "--format", "markdown"]) == 0
    assert f"Target: `{vendor.url}`" in capsys.readouterr().out
    assert main(["plan", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["target"] == vendor.url
    assert [a["action"] for a in document["actions"]] == ["no-op"] * 6
