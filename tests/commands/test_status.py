"""`broadcastctl status` through the command line, against a sandbox over real HTTP; --watch
with an injected sleep that moves the sandbox clock through its admin API."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import requests

from broadcastctl.cli import main
from broadcastctl.commands import status
from broadcastctl.commands.options import Remote, StatusOptions
from broadcastctl.sandbox import Faults, SandboxServer
from tests.commands.conftest import WriteCampaign

NOW = {"sendTime: 2030-01-01 09:00:00\n": ""}  # no sendTime: the task calls at once
QUERY = "voice/group/call/query"
BODY = {
    "appId": "a",
    "source": 3,
    "text": "Hi",
    "lan": "EN",
    "numberList": ["12025550101"],
    "loopCount": 1,
    "maxCalls": 60,
}


def advance(sandbox: SandboxServer, seconds: float) -> None:
    answer = requests.post(f"{sandbox.url}/_sandbox/clock", json={"advance": seconds}, timeout=5)
    answer.raise_for_status()


def options(
    paths: tuple[str, ...] = ("campaigns/spring.yaml", "campaigns/summer.yaml"), **given: Any
) -> StatusOptions:
    """What `status` gets from its command line, the sandbox's folder and no colour."""
    return StatusOptions(remote=Remote(paths=paths, since_days=30, color="never"), **given)


@pytest.fixture
def two(vendor: SandboxServer, write_campaign: WriteCampaign) -> SandboxServer:
    """spring (2 numbers) deployed, calling at once; summer written but not deployed."""
    vendor.clock.freeze()
    vendor.clock.advance(-(vendor.clock.now() % 1))  # on a whole second, as task times are
    write_campaign("spring", **NOW)
    write_campaign("summer")
    assert main(["deploy", "campaigns/spring.yaml", "--yes", "--quiet"]) == 0
    return vendor


def test_status_shows_deployed_and_undeployed_campaigns(
    two: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    advance(two, 5.15)  # submitted, one call placed
    assert (
        main(["status", "campaigns/spring.yaml", "campaigns/summer.yaml", "--color", "never"]) == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split() == [
        "TASK", "ID", "STATUS", "NUMBERS", "PLACED", "ANSWERED", "FAILED", "PROGRESS",
    ]  # fmt: skip
    assert lines[2].split() == ["spring", "5000001", "calling", "2", "1", "1", "0", "50%"]
    assert lines[3].split() == ["summer", "-", "not", "deployed", "-", "-", "-", "-", "-"]
    assert lines[4] == ("1 task: 1 calling; 1 campaign not deployed. 1 call placed, 1 answered.")


def test_the_list_call_alone_is_used_one_page_per_100_tasks(
    two: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    from broadcastctl.api import ApiConfig, Client  # noqa: PLC0415

    config = ApiConfig(url=two.url, api_key=two.api_key, api_secret=two.api_secret)
    with Client(config) as client:
        for number in range(150):
            client.create_task({**BODY, "taskName": f"other {number}"})
    # Count the requests by path: each one uses up one of these (zero-second) delays.
    two.set_faults(Faults(slow_next=1000, fail_path=QUERY))
    capsys.readouterr()
    assert main(["status", "--all", "--format", "json", "campaigns/spring.yaml"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert len(document["tasks"]) == 151
    assert two.faults.slow_next == 1000 - 2
    # No detail call: one would fail the command.
    two.set_faults(Faults(fail_next=1000, fail_path="voice/group/call/detail", fail_code=-18))
    assert main(["status", "--all", "campaigns/spring.yaml"]) == 0


def test_status_markdown_is_a_job_summary(
    two: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert (
        main(["status", "--format", "markdown", "campaigns/spring.yaml", "campaigns/summer.yaml"])
        == 0
    )
    out = capsys.readouterr().out
    assert out.startswith("### Campaign status\n\nRead from `")
    assert "| `spring` | 5000001 | submitting | 2 | 0 | 0 | 0 | 0% |" in out
    assert "| `summer` | \\- | not deployed | \\- | \\- | \\- | \\- | \\- |" in out


def test_watch_refreshes_until_every_task_has_finished(
    two: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        advance(two, seconds)

    out = io.StringIO()
    assert status.run(options(watch=3.0), sleep=sleep, stdout=out) == 0
    blocks = out.getvalue().split("\n\n")  # not a terminal: one plain block per reading
    assert slept == [3.0, 3.0]
    assert [block.splitlines()[2].split()[2] for block in blocks] == [
        "submitting", "submitting", "completed",
    ]  # fmt: skip
    assert blocks[-1].splitlines()[2].split()[3:] == ["2", "2", "2", "0", "100%"]
    assert "Every campaign's task has finished." in blocks[-1]
    assert "\033[" not in out.getvalue()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_watch_on_a_terminal_redraws_in_place(two: SandboxServer) -> None:
    out = Terminal()
    assert status.run(options(watch=6.0), sleep=lambda s: advance(two, s), stdout=out) == 0
    first, second = out.getvalue().split("\033[5F\033[J")  # up over the 5 lines, then clear
    assert "submitting" in first
    assert "completed" in second


def test_watch_json_prints_one_document_a_line(two: SandboxServer) -> None:
    out = io.StringIO()
    assert (
        status.run(
            options(watch=6.0, output_format="json"), sleep=lambda s: advance(two, s), stdout=out
        )
        == 0
    )
    documents = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [document["finished"] for document in documents] == [False, True]


def test_ctrl_c_ends_a_watch_cleanly(
    two: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(seconds: float) -> None:
        raise KeyboardInterrupt

    out = io.StringIO()
    assert status.run(options(watch=1.0), sleep=interrupted, stdout=out) == 130
    assert "submitting" in out.getvalue()
    assert capsys.readouterr().err == "broadcastctl: stopped watching\n"


def test_an_orphan_shows_with_its_progress(
    two: SandboxServer, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "campaigns" / "spring.yaml").unlink()
    advance(two, 60)
    capsys.readouterr()
    assert main(["status", "campaigns", "--format", "json"]) == 0
    tasks = json.loads(capsys.readouterr().out)["tasks"]
    tasks = [t for t in tasks if t["task_name"] in ("spring", "summer")]
    assert [(t["task_name"], t["kind"], t["status_name"]) for t in tasks] == [
        ("summer", "campaign", "not deployed"),
        ("spring", "orphan", "completed"),
    ]


def test_status_of_a_file_shows_that_campaign_alone(
    two: SandboxServer, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "campaigns" / "spring.yaml").unlink()  # an orphan, cancelled by the prune
    assert main(["deploy", "campaigns", "--yes", "--prune", "--quiet"]) == 0
    capsys.readouterr()
    assert main(["status", "campaigns/summer.yaml", "--format", "json"]) == 0
    tasks = json.loads(capsys.readouterr().out)["tasks"]
    assert [t["task_name"] for t in tasks] == ["summer"]


def test_an_ended_orphan_is_shown_until_a_refresh_saw_it_ended(
    two: SandboxServer, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "campaigns" / "spring.yaml").unlink()
    advance(two, 60)  # spring completes: an orphan that has ended
    capsys.readouterr()
    assert main(["status", "--color", "never"]) == 0
    assert "spring " in capsys.readouterr().out  # told once
    assert main(["refresh", "--color", "never"]) == 0
    capsys.readouterr()
    assert main(["status", "--color", "never"]) == 0
    out = capsys.readouterr().out
    assert "spring " not in out
    assert "1 ended orphan not shown again (--all shows them)." in out
    assert main(["status", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["hidden_orphans"] == 1
    assert main(["status", "--all", "--format", "json"]) == 0
    tasks = json.loads(capsys.readouterr().out)["tasks"]
    assert ("spring", "orphan") in [(t["task_name"], t["kind"]) for t in tasks]


def test_an_orphan_does_not_hold_a_watch(
    two: SandboxServer, project: Path, write_campaign: WriteCampaign
) -> None:
    write_campaign("winter")  # waits for 2030
    assert main(["deploy", "campaigns/winter.yaml", "--yes", "--quiet"]) == 0
    (project / "campaigns" / "winter.yaml").unlink()  # an orphan that will not finish soon
    out = io.StringIO()
    paths = ["campaigns/spring.yaml"]
    assert (
        status.run(options(tuple(paths), watch=6.0), sleep=lambda s: advance(two, s), stdout=out)
        == 0
    )
    assert out.getvalue().count("Status of") == 2


def test_watch_with_nothing_deployed_stops_at_once(
    vendor: SandboxServer, write_campaign: WriteCampaign, capsys: pytest.CaptureFixture[str]
) -> None:
    write_campaign("summer")

    def never(seconds: float) -> None:
        raise AssertionError("slept")

    assert status.run(options(("campaigns/summer.yaml",), watch=1.0), sleep=never) == 0
    assert "nothing to watch" in capsys.readouterr().err


def test_a_reading_taller_than_the_terminal_clears_the_screen(
    two: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINES", "4")  # fewer rows than the 5 lines of a reading
    out = Terminal()
    assert status.run(options(watch=6.0), sleep=lambda s: advance(two, s), stdout=out) == 0
    first, second = out.getvalue().split("\033[H\033[J")
    assert "submitting" in first
    assert "completed" in second


def test_a_task_name_cannot_drive_the_terminal(two: SandboxServer) -> None:
    from broadcastctl.api import ApiConfig, Client  # noqa: PLC0415

    config = ApiConfig(url=two.url, api_key=two.api_key, api_secret=two.api_secret)
    with Client(config) as client:
        client.create_task({**BODY, "taskName": "evil\x1b[2J name"})
    out = io.StringIO()
    assert status.run(options(show_all=True), stdout=out) == 0
    assert "\x1b" not in out.getvalue()
    assert "evil?[2J name" in out.getvalue()


def test_a_task_outside_its_calling_windows_says_when_the_next_opens(
    vendor: SandboxServer,
    project: Path,
    write_campaign: WriteCampaign,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Deployed at 01:00 vendor time with a window of 00:00-00:30: it waits for tomorrow's."""
    vendor.clock.freeze()
    early = {**NOW, 'endTime: "08:00"': 'endTime: "00:30"'}
    write_campaign("early", **early)
    assert main(["deploy", "campaigns/early.yaml", "--yes", "--quiet"]) == 0
    advance(vendor, 10)  # submitted, calling, but outside its window
    capsys.readouterr()
    assert main(["status", "campaigns/early.yaml", "--color", "never"]) == 0
    row = capsys.readouterr().out.splitlines()[2]
    assert row.split()[:5] == ["early", "5000001", "calling", "2", "0"]
    assert row.endswith("(outside its calling windows: the next opens at 00:00 vendor time)")
    assert main(["status", "campaigns/early.yaml", "--format", "json"]) == 0
    [task] = json.loads(capsys.readouterr().out)["tasks"]
    assert task["window_opens"] == "00:00"
    (project / "campaigns" / "early.yaml").unlink()  # an orphan: the state's windows
    assert main(["status", "--color", "never"]) == 0
    [row] = [line for line in capsys.readouterr().out.splitlines() if line.startswith("early")]
    assert row.endswith(
        "(orphan: no campaign file names it; outside its calling windows: the next opens at "
        "00:00 vendor time)"
    )
    advance(vendor, 23 * 3600)  # 00:00:10 the next day: its window open, its calls placed
    assert main(["status", "--format", "json"]) == 0
    tasks = json.loads(capsys.readouterr().out)["tasks"]
    [task] = [task for task in tasks if task["task_name"] == "early"]
    assert (task["kind"], task["status_name"], task["window_opens"]) == (
        "orphan", "completed", None,
    )  # fmt: skip


def test_windows_read_in_each_callees_zone_are_named_not_timed(
    vendor: SandboxServer,
    write_campaign: WriteCampaign,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With BROADCASTCTL_WINDOW_ZONE=callee each zone opens at its own moment: status names the
    windows as local time rather than one vendor-time opening."""
    vendor.clock.freeze()
    write_campaign("early", **{**NOW, 'endTime: "08:00"': 'endTime: "00:30"'})
    assert main(["deploy", "campaigns/early.yaml", "--yes", "--quiet"]) == 0
    advance(vendor, 10)
    capsys.readouterr()
    monkeypatch.setenv("BROADCASTCTL_WINDOW_ZONE", "callee")
    assert main(["status", "campaigns/early.yaml", "--color", "never"]) == 0
    row = capsys.readouterr().out.splitlines()[2]
    assert row.endswith(
        "(calls within 00:00-00:30 in each callee's local time (BROADCASTCTL_WINDOW_ZONE=callee))"
    )
    assert "vendor time" not in row
    assert main(["status", "campaigns/early.yaml", "--format", "json"]) == 0
    [task] = json.loads(capsys.readouterr().out)["tasks"]
    assert (task["window_opens"], task["callee_windows"]) == (None, "00:00-00:30")
    monkeypatch.setenv("BROADCASTCTL_WINDOW_ZONE", "callees")
    assert main(["status", "campaigns/early.yaml"]) == 64
    assert "BROADCASTCTL_WINDOW_ZONE must be vendor or callee" in capsys.readouterr().err
