"""`results` keeps to its task when another task calls the same numbers: against a sandbox over
real HTTP, with records that name their task and records that do not (the vendor's table)."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import pytest

from broadcastctl.cli import main
from broadcastctl.sandbox import Faults, SandboxServer
from tests.commands.conftest import WriteCampaign

NUMBERS = [f"1202555{index:04d}" for index in range(250)]
SHARED = NUMBERS[:6]  # also called by autumn
AUTUMN = [*SHARED, "12025550900", "12025550901"]
TWO = 'numberList: ["12025550101", "12025550102"]'


def numbers(listed: list[str]) -> dict[str, str]:
    return {TWO: f"numberList: {json.dumps(listed)}", "sendTime: 2030-01-01 09:00:00\n": ""}


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as file:
        return list(csv.DictReader(file))


def deploy(write_campaign: WriteCampaign, name: str, listed: list[str]) -> None:
    write_campaign(name, **numbers(listed))
    assert main(["deploy", f"campaigns/{name}.yaml", "--yes", "--quiet"]) == 0


@pytest.mark.parametrize("records", ["plain", "task-id"])
def test_calls_of_a_later_task_to_shared_numbers_are_left_out(
    vendor: SandboxServer,
    write_campaign: WriteCampaign,
    project: Path,
    capsys: pytest.CaptureFixture[str],
    records: str,
) -> None:
    """spring finishes; a minute later autumn calls six of its numbers again."""
    vendor.clock.freeze()
    vendor.set_faults(Faults(records=records))
    deploy(write_campaign, "spring", NUMBERS)
    vendor.clock.advance(60)
    deploy(write_campaign, "autumn", AUTUMN)
    vendor.clock.advance(60)
    capsys.readouterr()
    assert main(["results", "spring", "--out", "spring.csv"]) == 0
    assert main(["results", "autumn", "--out", "autumn.csv"]) == 0
    assert [row["number"] for row in rows(project / "spring.csv")] == NUMBERS
    assert [row["number"] for row in rows(project / "autumn.csv")] == AUTUMN
    assert {row["match"] for row in rows(project / "spring.csv")} == {
        "task" if records == "task-id" else "number"
    }
    shown = capsys.readouterr()
    assert "warning" not in shown.err
    if records == "plain":  # autumn's calls to spring's numbers, a minute after spring's span
        assert "6 calls to its numbers outside its time span (another task's) left out." in (
            shown.out
        )


def test_overlapping_tasks_sharing_numbers_mark_the_rows_they_cannot_tell_apart(
    vendor: SandboxServer,
    write_campaign: WriteCampaign,
    project: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    vendor.clock.freeze()
    deploy(write_campaign, "spring", NUMBERS)
    deploy(write_campaign, "autumn", AUTUMN)  # both call at once
    vendor.clock.advance(60)
    capsys.readouterr()
    assert main(["results", "spring", "--out", "spring.csv"]) == 0
    shown = capsys.readouterr()
    written = rows(project / "spring.csv")
    assert len(written) == 256  # each shared number twice: once by each task
    ambiguous = [row["number"] for row in written if row["match"] == "ambiguous"]
    assert sorted(ambiguous) == sorted(SHARED * 2)
    assert {row["match"] for row in written if row["number"] not in SHARED} == {"number"}
    assert "12 rows (match: ambiguous) are calls to numbers another task also called" in shown.err
    assert "the file holds 256 rows, more than the 250 calls the vendor's list counts" in shown.err
    for number in NUMBERS:
        assert number not in shown.out + shown.err

    vendor.set_faults(Faults(records="task-id"))  # records that name their task: exact
    assert main(["results", "spring", "--out", "spring.csv", "--force"]) == 0
    assert [row["number"] for row in rows(project / "spring.csv")] == NUMBERS
    assert {row["match"] for row in rows(project / "spring.csv")} == {"task"}
    assert "warning" not in capsys.readouterr().err


def test_numbers_edited_since_deploy_are_read_at_the_commit_deployed(
    vendor: SandboxServer,
    write_campaign: WriteCampaign,
    project: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The state keeps only a digest of the numbers: git's copy of the file at the commit the
    task was deployed at gives them back, and the digest confirms them."""
    (project / ".git").rmdir()
    git = ["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    vendor.clock.freeze()
    path = write_campaign("summer", **numbers(SHARED))
    subprocess.run([*git, "add", "campaigns"], check=True)
    subprocess.run([*git, "commit", "-qm", "summer"], check=True)
    assert main(["deploy", "campaigns/summer.yaml", "--yes", "--quiet"]) == 0
    vendor.clock.advance(60)
    path.write_text(path.read_text().replace(SHARED[5], "12025550999"))  # edited since
    capsys.readouterr()
    assert main(["results", "summer", "--out", "summer.csv", "--masked"]) == 0
    assert len(rows(project / "summer.csv")) == 6
    assert "not the ones deploy sent" not in capsys.readouterr().err
