"""status and results of a campaign in local windows that deploy itself split into zone parts,
against a sandbox over real HTTP: the six-zone campaign called to the end, rolled up."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from broadcastctl.cli import main
from broadcastctl.sandbox import SandboxServer
from tests.commands.test_local_windows import AREAS, NUMBERS, folder  # noqa: F401 - its fixture


@pytest.fixture
def deployed(vendor: SandboxServer, folder: Path) -> SandboxServer:  # noqa: F811 - the fixture
    """The campaign deployed an hour before its sendTime; its parts not called yet."""
    vendor.clock.set(dt.datetime(2027, 3, 13, 19, tzinfo=vendor.timezone))
    assert main(["deploy", "--yes", "--quiet"]) == 0
    return vendor


def status(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["status", "--format", "json"]) == 0
    (campaign,) = json.loads(capsys.readouterr().out)["tasks"]
    assert isinstance(campaign, dict)
    return campaign


def test_the_deployed_parts_roll_up_in_status_and_results(
    deployed: SandboxServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    before = status(capsys)
    assert (before["task_name"], before["status_name"], before["numbers"]) == (
        "spring notice", "waiting", 30,
    )  # fmt: skip
    labels = [part["label"] for part in before["parts"]]
    assert len(labels) >= 5
    assert all(label.startswith("UTC-") for label in labels)
    for _ in range(48):
        deployed.clock.advance(3600)
    after = status(capsys)
    assert (after["status_name"], after["finished"], after["placed"]) == ("completed", True, 30)
    # Every number's row names the part whose zone is its own, records naming no task.
    assert main(["results", "spring notice", "--out", "notice.csv"]) == 0
    with (tmp_path / "notice.csv").open(newline="") as file:
        rows = list(csv.DictReader(file))
    assert sorted(row["number"] for row in rows) == sorted(NUMBERS)
    assert {row["match"] for row in rows} == {"number"}
    # Each area (one zone) is in one part, and each part holds as many rows as its task numbers.
    part_of_area = {(row["number"][1:4], row["part"]) for row in rows}
    assert len(part_of_area) == len(AREAS)
    counts = {part["label"]: part["numbers"] for part in after["parts"]}
    assert {label: sum(row["part"] == label for row in rows) for label in counts} == counts
    capsys.readouterr()
    assert main(["results", "spring notice", "--summary", "--format", "json"]) == 0
    (summary,) = json.loads(capsys.readouterr().out)["tasks"]
    assert summary["placed"] == 30
    assert sorted(part["part"] for part in summary["parts"]) == sorted(labels)
    assert sum(part["placed"] for part in summary["parts"]) == 30
