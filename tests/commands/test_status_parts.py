"""`broadcastctl status` of a campaign sent in zone parts, against a sandbox over real HTTP: one
row rolled up from the parts the state records, the parts beneath."""

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
from broadcastctl.sandbox import SandboxServer
from tests.commands.zoneparts import Part, body, deploy_parts, local_campaign

EAST = ["12025550101", "12025550102", "12025550103"]
WEST = ["18085550101", "18085550102"]
PARTS = (
    Part("UTC-05:00", EAST),  # its window open at the sandbox's 01:00
    Part("UTC-10:00", WEST, windows=(("09:00", "12:00"),)),  # its window opens at 09:00
)


def advance(sandbox: SandboxServer, seconds: float) -> None:
    answer = requests.post(f"{sandbox.url}/_sandbox/clock", json={"advance": seconds}, timeout=5)
    answer.raise_for_status()


def deploy(sandbox: SandboxServer, project: Path, parts: tuple[Part, ...] = PARTS) -> None:
    file = Path("campaigns/spring.yaml")
    (project / file).write_text(local_campaign("spring", EAST + WEST))
    deploy_parts(sandbox.url, sandbox.api_key, sandbox.api_secret, "spring", file, parts)


@pytest.fixture
def parts(vendor: SandboxServer, project: Path) -> SandboxServer:
    """spring in local windows, deployed as two parts; the clock frozen on a whole second."""
    vendor.clock.freeze()
    vendor.clock.advance(-(vendor.clock.now() % 1))
    deploy(vendor, project)
    return vendor


def document(capsys: pytest.CaptureFixture[str], *paths: str) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["status", "--format", "json", *(paths or ("campaigns/spring.yaml",))]) == 0
    loaded: dict[str, Any] = json.loads(capsys.readouterr().out)
    return loaded


def test_one_campaign_row_sums_its_parts_and_lists_them(
    parts: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    advance(parts, 5.15)  # submitted: the eastern part calls, the western waits for 09:00
    capsys.readouterr()
    assert main(["status", "campaigns/spring.yaml", "--color", "never"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[2].split() == [
        "spring", "-", "calling", "5", "1", "1", "0", "20%", "(2", "zone", "parts)",
    ]  # fmt: skip
    assert lines[3].split() == ["UTC-05:00", "5000001", "calling", "3", "1", "1", "0", "33.33%"]
    assert lines[3].startswith("  UTC-05:00")  # beneath its campaign
    assert lines[4].split()[:8] == ["UTC-10:00", "5000002", "calling", "2", "0", "0", "0", "0%"]
    assert lines[4].endswith("(outside its calling windows: the next opens at 09:00 vendor time)")
    assert lines[5] == "2 tasks: 2 calling. 1 call placed, 1 answered."
    assert "spring UTC" not in "\n".join(lines)  # no part is an orphan of its own


def test_json_gives_the_sums_and_the_parts(
    parts: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    advance(parts, 5.15)
    (campaign,) = document(capsys)["tasks"]
    assert {key: campaign[key] for key in ("task_name", "kind", "job_id", "status_name")} == {
        "task_name": "spring", "kind": "campaign", "job_id": None, "status_name": "calling",
    }  # fmt: skip
    assert (campaign["numbers"], campaign["placed"], campaign["answered"]) == (5, 1, 1)
    assert campaign["window_opens"] is None  # the eastern part calls now
    assert [(p["label"], p["task_name"], p["job_id"], p["numbers"]) for p in campaign["parts"]] == [
        ("UTC-05:00", "spring UTC-05:00", 5000001, 3),
        ("UTC-10:00", "spring UTC-10:00", 5000002, 2),
    ]
    assert campaign["parts"][1]["window_opens"] == "09:00"


def test_the_campaign_is_finished_only_when_every_part_is(
    parts: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    advance(parts, 60)  # the eastern part completes; the western has not rung yet
    (campaign,) = document(capsys)["tasks"]
    assert [p["status_name"] for p in campaign["parts"]] == ["completed", "calling"]
    assert (campaign["status_name"], campaign["finished"]) == ("calling", False)
    assert campaign["window_opens"] == "09:00"  # the one under way waits for its window
    advance(parts, 9 * 3600)  # 10:00: the western part's window is open
    (campaign,) = document(capsys)["tasks"]
    assert (campaign["status_name"], campaign["finished"]) == ("completed", True)
    assert (campaign["placed"], campaign["rate"]) == (5, "100")


def test_watch_ends_when_every_part_has_finished(parts: SandboxServer) -> None:
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        advance(parts, seconds)

    given = StatusOptions(
        remote=Remote(paths=("campaigns/spring.yaml",), since_days=30, color="never"),
        watch=3600.0,
        output_format="json",
    )
    out = io.StringIO()
    assert status.run(given, sleep=sleep, stdout=out) == 0
    readings = [json.loads(line)["tasks"][0] for line in out.getvalue().splitlines()]
    # 01:00 nothing placed; 02:00 the east done, the west waits for 09:00; done after 10:00.
    assert len(slept) == 9
    assert [reading["finished"] for reading in readings] == [False] * 9 + [True]
    assert [p["status_name"] for p in readings[1]["parts"]] == ["completed", "calling"]


def test_markdown_shows_the_parts_beneath(
    parts: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["status", "--format", "markdown", "campaigns/spring.yaml"]) == 0
    out = capsys.readouterr().out
    assert "| `spring` (2 zone parts) | \\- | submitting | 5 | 0 | 0 | 0 | 0% |" in out
    assert "| ↳ `UTC-05:00` | 5000001 | submitting | 3 | 0 | 0 | 0 | 0% |" in out
    assert (
        "| ↳ `UTC-10:00` (outside its calling windows: the next opens at 09:00 vendor time) "
        "| 5000002 | submitting | 2 | 0 | 0 | 0 | 0% |"
    ) in out


def test_local_windows_and_no_part_yet_is_not_deployed(
    vendor: SandboxServer, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "campaigns" / "spring.yaml").write_text(local_campaign("spring", EAST))
    # A task under the campaign's bare name is none of its parts: nothing is sent so.
    from broadcastctl.api import ApiConfig, Client  # noqa: PLC0415

    config = ApiConfig(url=vendor.url, api_key=vendor.api_key, api_secret=vendor.api_secret)
    with Client(config) as client:
        client.create_task(body("spring", Part("bare", EAST)) | {"taskName": "spring"})
    (campaign,) = document(capsys)["tasks"]
    assert (campaign["status_name"], campaign["job_id"], campaign["parts"]) == (
        "not deployed", None, [],
    )  # fmt: skip


def test_parts_of_a_deleted_campaign_are_one_orphan(
    parts: SandboxServer, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "campaigns" / "spring.yaml").unlink()
    tasks = document(capsys, "campaigns")["tasks"]
    orphans = [task for task in tasks if task["kind"] == "orphan"]
    assert [(t["task_name"], [p["label"] for p in t["parts"]]) for t in orphans] == [
        ("spring", ["UTC-05:00", "UTC-10:00"]),
    ]


def test_all_lists_no_part_again_as_another_task(
    parts: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["status", "--all", "--format", "json", "campaigns/spring.yaml"]) == 0
    tasks = json.loads(capsys.readouterr().out)["tasks"]
    assert [(task["task_name"], task["kind"]) for task in tasks] == [("spring", "campaign")]
