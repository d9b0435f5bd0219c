"""`broadcastctl results --summary` against a sandbox over real HTTP: the figures of a finished
campaign in every format, two tasks side by side, the tasks finished since the last snapshot,
and never a number."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from broadcastctl.cli import main
from broadcastctl.errors import EXIT_USAGE
from broadcastctl.sandbox import SandboxServer
from tests.commands.conftest import WriteCampaign

NUMBERS = [f"1202555{index:04d}" for index in range(250)]  # Washington DC: New York's zone
OTHERS = [f"1202555{index:04d}" for index in range(300, 303)]
TWO = 'numberList: ["12025550101", "12025550102"]'


def numbers(listed: list[str]) -> dict[str, str]:
    return {TWO: f"numberList: {json.dumps(listed)}", "sendTime: 2030-01-01 09:00:00\n": ""}


@pytest.fixture
def called(vendor: SandboxServer, write_campaign: WriteCampaign) -> SandboxServer:
    """spring (250 numbers) and summer (3 others) deployed and called to the end."""
    vendor.clock.freeze()
    write_campaign("spring", **numbers(NUMBERS))
    write_campaign("summer", **numbers(OTHERS))
    paths = ["campaigns/spring.yaml", "campaigns/summer.yaml"]
    assert main(["deploy", *paths, "--yes", "--quiet"]) == 0
    vendor.clock.advance(60)
    return vendor


def summary(capsys: pytest.CaptureFixture[str], *arguments: str) -> str:
    capsys.readouterr()
    assert main(["results", *arguments, "--summary"]) == 0
    shown = capsys.readouterr()
    assert "warning" not in shown.err
    return shown.out


def test_the_figures_of_a_finished_campaign(
    called: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    task = json.loads(summary(capsys, "spring", "--format", "json"))["tasks"][0]
    # The sandbox fails every fifth call, for each reason in turn; every third call answered
    # presses 1; an answered call talks 20 seconds.
    assert (task["placed"], task["listed_placed"], task["answered"], task["failed"]) == (
        250, 250, 200, 50,
    )  # fmt: skip
    assert task["failed_by_reason"] == {"busy": 17, "no answer": 17, "number not found": 16}
    assert task["keys_pressed"] == {"1": sum(1 for i in range(250) if i % 3 == 0 and (i + 1) % 5)}
    assert (task["sms_sent"], task["talk_seconds"], task["ambiguous"]) == (0, 200 * 20, 0)
    assert task["by_country"] == {"US": {"calls": 250, "answered": 200, "rate": 80.0}}
    called_at = dt.datetime.fromtimestamp(called.clock.now() - 60, ZoneInfo("America/New_York"))
    hours = {f"{called_at.hour:02d}", f"{(called_at.hour + 1) % 24:02d}"}
    assert set(task["by_local_hour"]) <= hours  # the minute of calls, New York's hour
    assert sum(hour["calls"] for hour in task["by_local_hour"].values()) == 250


def test_markdown_and_text_say_the_same_figures(
    called: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    shown = summary(capsys, "spring", "--format", "markdown")
    assert "| calls placed | 250 |\n| answered | 200 (80.0%) |\n| failed | 50 |\n" in shown
    assert re.findall(r"```mermaid\n(\w[\w-]*)", shown) == ["xychart-beta", "xychart-beta",
                                                           "pie", "pie"]  # fmt: skip
    assert '    x-axis ["US"]\n    y-axis "answered (%)" 0 --> 100\n    bar [80]\n' in shown
    plain = summary(capsys, "spring")
    assert re.search(r"^answered\s+200 \(80\.0%\)$", plain, re.MULTILINE)
    assert "failed by reason: busy 17, no answer 17, number not found 16" in plain


def test_two_tasks_side_by_side(called: SandboxServer, capsys: pytest.CaptureFixture[str]) -> None:
    shown = summary(capsys, "spring", "--beside", "summer", "--format", "markdown")
    # the two creates run side by side: which gets the lower id is not fixed
    assert re.match(
        r"\|  \| spring \\\(\d+\\\) \| summer \\\(\d+\\\) \|\n\| --- \| --- \| --- \|\n"
        r"\| calls placed \| 250 \| 3 \|\n",
        shown,
    ), shown
    tasks = json.loads(summary(capsys, "spring", "--beside", "summer", "--format", "json"))
    assert [task["task_name"] for task in tasks["tasks"]] == ["spring", "summer"]


def test_no_format_shows_a_number(
    called: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    for output_format in ("text", "markdown", "json"):
        shown = summary(capsys, "spring", "--beside", "summer", "--format", output_format)
        for run in re.findall(r"\d{6,}", shown):  # a number's digits, six or more in a row
            assert not any(run in number for number in NUMBERS + OTHERS), run


def test_the_tasks_finished_since_the_last_snapshot(
    vendor: SandboxServer,
    write_campaign: WriteCampaign,
    project: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    vendor.clock.freeze()
    write_campaign("spring", **numbers(NUMBERS[:20]))
    assert main(["deploy", "campaigns/spring.yaml", "--yes", "--quiet"]) == 0  # a snapshot
    vendor.clock.advance(60)
    shown = json.loads(summary(capsys, "--finished", "--format", "json"))
    assert [task["task_name"] for task in shown["tasks"]] == ["spring"]
    assert main(["refresh"]) == 0  # the next snapshot: spring finished
    assert summary(capsys, "--finished", "--format", "markdown") == (
        "No campaign finished since the last snapshot.\n"
    )


def test_summary_options_need_summary(
    called: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["results", "spring", "--beside", "summer", "--out", "x.csv"]) == EXIT_USAGE
    assert "--beside and --finished go with --summary" in capsys.readouterr().err
    assert main(["results", "spring"]) == EXIT_USAGE
    assert "results takes either --out FILE.csv or --summary" in capsys.readouterr().err
    assert main(["results", "spring", "--out", "x.csv", "--summary"]) == EXIT_USAGE
    assert "results takes either --out FILE.csv or --summary" in capsys.readouterr().err
