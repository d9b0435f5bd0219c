"""`broadcastctl results` of a campaign sent in zone parts, against a sandbox over real HTTP:
every part's records in one file with a `part` column, each part's picked as its task's."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from broadcastctl.cli import main
from broadcastctl.sandbox import Faults, SandboxServer
from tests.commands.test_results_summary import summary
from tests.commands.zoneparts import Part, deploy_parts, local_campaign

EAST = ["12025550101", "12025550102", "12025550103"]  # New York
WEST = ["18085550101", "18085550102"]  # Honolulu
OTHER = ["12025550109"]


@pytest.fixture
def called(vendor: SandboxServer, project: Path) -> SandboxServer:
    """spring in local windows, deployed as two parts and called to the end; a task of
    another campaign called meanwhile."""
    vendor.clock.freeze()
    file = Path("campaigns/spring.yaml")
    (project / file).write_text(local_campaign("spring", EAST + WEST))
    parts = (Part("UTC-05:00", EAST), Part("UTC-10:00", WEST))
    deploy_parts(vendor.url, vendor.api_key, vendor.api_secret, "spring", file, parts)
    deploy_parts(vendor.url, vendor.api_key, vendor.api_secret, "autumn", file,
                 (Part("UTC-05:00", OTHER),))  # fmt: skip
    vendor.clock.advance(60)
    return vendor


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as file:
        return list(csv.DictReader(file))


@pytest.mark.parametrize("records", ["plain", "task-id"])
def test_every_part_in_one_file_with_its_label(
    called: SandboxServer, project: Path, capsys: pytest.CaptureFixture[str], records: str
) -> None:
    called.set_faults(Faults(records=records, slow_next=1000, fail_path="voice/recordGroupQuery"))
    capsys.readouterr()
    assert main(["results", "spring", "--out", "spring.csv"]) == 0
    written = rows(project / "spring.csv")
    assert called.faults.slow_next == 1000 - 1  # one pass over the records for both parts
    assert list(written[0]) == [
        "number", "start", "duration", "result", "reason", "key_pressed", "sms_sent", "match",
        "part",
    ]  # fmt: skip
    by_part = {row["number"]: row["part"] for row in written}
    assert by_part == {**dict.fromkeys(EAST, "UTC-05:00"), **dict.fromkeys(WEST, "UTC-10:00")}
    assert {row["match"] for row in written} == {"task" if records == "task-id" else "number"}
    starts = [row["start"] for row in written]
    assert starts == sorted(starts)  # in the order the calls were placed
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Wrote 5 call records of campaign 'spring' (2 zone parts) to ")
    assert out[1].startswith("  UTC-05:00: task 5000001, 3 call records, ")
    assert out[2].startswith("  UTC-10:00: task 5000002, 2 call records, ")


def test_one_part_by_its_task_name(called: SandboxServer, project: Path) -> None:
    assert main(["results", "spring UTC-10:00", "--out", "west.csv"]) == 0
    written = rows(project / "west.csv")
    assert [(row["number"], row["part"]) for row in written] == [
        (number, "UTC-10:00") for number in WEST
    ]


def test_unconfirmed_numbers_are_refused_when_records_name_no_task(
    called: SandboxServer, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "campaigns" / "spring.yaml").write_text(local_campaign("spring", EAST + OTHER))
    assert main(["results", "spring", "--out", "spring.csv"]) == 1
    assert "each zone part was sent cannot be told" in capsys.readouterr().err
    assert not (project / "spring.csv").exists()
    called.set_faults(Faults(records="task-id"))  # the records say whose each call is
    assert main(["results", "spring", "--out", "spring.csv"]) == 0
    assert len(rows(project / "spring.csv")) == 5


def test_no_number_is_printed(called: SandboxServer, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["results", "spring", "--out", "spring.csv"]) == 0
    shown = capsys.readouterr()
    for number in EAST + WEST:
        assert number[-6:] not in shown.out + shown.err


def test_the_summary_gives_the_totals_and_each_part(
    called: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    (campaign,) = json.loads(summary(capsys, "spring", "--format", "json"))["tasks"]
    assert (campaign["task_name"], campaign["job_id"], campaign["part"]) == ("spring", None, None)
    assert (campaign["placed"], campaign["listed_placed"], campaign["answered"]) == (5, 5, 5)
    assert campaign["sms_sent"] == 0
    parts = campaign["parts"]
    assert [(p["part"], p["task_name"], p["job_id"], p["placed"]) for p in parts] == [
        ("UTC-05:00", "spring UTC-05:00", 5000001, 3),
        ("UTC-10:00", "spring UTC-10:00", 5000002, 2),
    ]
    # Each part's calls at its callees' local hour: New York's and Honolulu's, five hours apart.
    east, west = (int(next(iter(p["by_local_hour"]))) for p in parts)
    assert (east - west) % 24 == 5
    assert sum(int(hour) for hour in campaign["by_local_hour"]) == east + west


def test_the_summary_in_text_and_markdown_has_a_column_a_part(
    called: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = summary(capsys, "spring").splitlines()
    assert re.split(r"\s{2,}", plain[0].strip()) == [
        "spring (2 zone parts)", "UTC-05:00 (5000001)", "UTC-10:00 (5000002)",
    ]  # fmt: skip
    assert plain[1].split() == ["calls", "placed", "5", "3", "2"]
    shown = summary(capsys, "spring", "--format", "markdown")
    assert shown.startswith(
        "|  | spring \\(2 zone parts\\) | UTC\\-05:00 \\(5000001\\) | UTC\\-10:00 \\(5000002\\) |\n"
    )
    assert "| calls placed | 5 | 3 | 2 |\n" in shown


def test_the_summary_of_one_part(called: SandboxServer, capsys: pytest.CaptureFixture[str]) -> None:
    (part,) = json.loads(summary(capsys, "spring UTC-10:00", "--format", "json"))["tasks"]
    assert (part["part"], part["job_id"], part["placed"], part["parts"]) == (
        "UTC-10:00", 5000002, 2, [],
    )  # fmt: skip


def test_no_summary_shows_a_number(
    called: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    for output_format in ("text", "markdown", "json"):
        shown = summary(capsys, "spring", "--format", output_format)
        for run in re.findall(r"\d{6,}", shown):  # a number's digits, six or more in a row
            assert not any(run in number for number in EAST + WEST), run


def test_finished_sums_up_a_campaign_once_every_part_has_finished(
    vendor: SandboxServer, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vendor.clock.freeze()
    file = Path("campaigns/spring.yaml")
    (project / file).write_text(local_campaign("spring", EAST + WEST))
    parts = (Part("UTC-05:00", EAST), Part("UTC-10:00", WEST, windows=(("09:00", "12:00"),)))
    deploy_parts(vendor.url, vendor.api_key, vendor.api_secret, "spring", file, parts)
    vendor.clock.advance(60)  # the eastern part completes; the western waits for 09:00
    assert summary(capsys, "--finished") == "No campaign finished since the last snapshot.\n"
    vendor.clock.advance(9 * 3600)
    shown = json.loads(summary(capsys, "--finished", "--format", "json"))
    assert [(task["task_name"], len(task["parts"])) for task in shown["tasks"]] == [("spring", 2)]
