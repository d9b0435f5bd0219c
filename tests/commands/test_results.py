"""`broadcastctl results` through the command line, against a sandbox over real HTTP: every page
of the record query, the task's records only, in each shape the vendor's pages leave open."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path

import pytest

from broadcastctl.api.client import _Progress
from broadcastctl.cli import main
from broadcastctl.errors import EXIT_USAGE
from broadcastctl.output.progress import ProgressBar
from broadcastctl.sandbox import Faults, SandboxServer
from tests.commands.conftest import WriteCampaign

NUMBERS = [f"1202555{index:04d}" for index in range(250)]  # three pages of records
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
    # One at a time: spring is created first (task 5000001), as the tests below name it.
    assert main(["deploy", *paths, "--yes", "--quiet", "--workers", "1"]) == 0
    vendor.clock.advance(60)
    return vendor


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as file:
        return list(csv.DictReader(file))


def listed_counts(capsys: pytest.CaptureFixture[str], name: str) -> tuple[int, int, int]:
    assert main(["status", "--all", "--format", "json", "campaigns/spring.yaml"]) == 0
    task = next(t for t in json.loads(capsys.readouterr().out)["tasks"] if t["task_name"] == name)
    return task["placed"], task["answered"], task["failed"]


@pytest.mark.parametrize("records", ["plain", "task-id"])
@pytest.mark.parametrize("termination", ["sip", "zero"])
def test_every_record_of_the_task_and_none_of_another(
    called: SandboxServer,
    project: Path,
    capsys: pytest.CaptureFixture[str],
    records: str,
    termination: str,
) -> None:
    called.set_faults(Faults(records=records, termination=termination, slow_next=1000,
                             fail_path="voice/recordGroupQuery"))  # fmt: skip
    capsys.readouterr()
    assert main(["results", "spring", "--out", "spring.csv", "--workers", "3"]) == 0
    written = rows(project / "spring.csv")
    assert [row["number"] for row in written] == NUMBERS
    assert called.faults.slow_next == 1000 - 3  # three pages, each read once
    answered = sum(row["result"] == "answered" for row in written)
    failed = sum(row["result"] == "failed" for row in written)
    out = capsys.readouterr().out
    assert out.startswith("Wrote 250 call records of task 'spring' (5000001) to spring.csv: ")
    assert listed_counts(capsys, "spring") == (len(written), answered, failed)
    first = dict(written[0])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00", first.pop("start"))
    assert first == {
        "number": NUMBERS[0],
        "duration": "20",
        "result": "answered",
        "reason": "success",
        "key_pressed": "1",
        "sms_sent": "no",
        "match": "task" if records == "task-id" else "number",
    }
    assert written[4]["result"] == "failed"
    assert (written[4]["duration"], written[4]["reason"]) == ("0", "busy")


def test_by_id_with_task_ids_in_the_records_no_campaign_is_needed(
    called: SandboxServer, project: Path
) -> None:
    called.set_faults(Faults(records="task-id"))
    (project / "elsewhere").mkdir()
    assert main(["results", "5000002", "elsewhere", "--out", "summer.csv"]) == 0
    assert [row["number"] for row in rows(project / "summer.csv")] == OTHERS
    assert {row["sms_sent"] for row in rows(project / "summer.csv")} == {"no"}  # from the state


def test_without_task_ids_the_campaign_must_say_which_numbers(
    called: SandboxServer, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "elsewhere").mkdir()
    assert main(["results", "5000002", "elsewhere", "--out", "summer.csv"]) == 1
    assert "name no task, and no campaign file given names this task" in capsys.readouterr().err
    assert not (project / "summer.csv").exists()


def test_numbers_go_only_to_the_file(
    called: SandboxServer, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["results", "summer", "--out", "summer.csv"]) == 0
    shown = capsys.readouterr()
    for number in OTHERS:
        assert number not in shown.out + shown.err
    assert [row["number"] for row in rows(project / "summer.csv")] == OTHERS
    assert (project / "summer.csv").stat().st_mode & 0o077 == 0  # for its owner alone


def test_masked_masks_the_file_too(called: SandboxServer, project: Path) -> None:
    assert main(["results", "summer", "--out", "summer.csv", "--masked"]) == 0
    assert [row["number"] for row in rows(project / "summer.csv")] == [
        "1202****300", "1202****301", "1202****302",
    ]  # fmt: skip


def test_an_existing_file_is_kept_unless_forced(
    called: SandboxServer, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "summer.csv").write_text("mine\n")
    called.set_faults(Faults(slow_next=1000))  # counts every request
    assert main(["results", "summer", "--out", "summer.csv"]) == EXIT_USAGE
    assert "summer.csv exists; pass --force to replace it" in capsys.readouterr().err
    assert (project / "summer.csv").read_text() == "mine\n"
    assert called.faults.slow_next == 1000  # refused before any request
    assert main(["results", "summer", "--out", "summer.csv", "--force"]) == 0
    assert len(rows(project / "summer.csv")) == 3
    assert [p.name for p in project.iterdir() if p.name.startswith(".summer")] == []


def test_sms_sent_follows_the_campaign_settings(
    vendor: SandboxServer, write_campaign: WriteCampaign, project: Path
) -> None:
    vendor.clock.freeze()
    sms = "loopCount: 1\n" + "\n".join([
        "hangUpSms: 1", "smsAppId: app-2", "senderId: Shop", "smsContent: Thanks",
        "successPush: 0", "failedPush: 1", "ringPush: 0", "feedbackPush: 1", 'feedbackValue: "1"',
    ])  # fmt: skip
    write_campaign("autumn", **numbers(NUMBERS[:6]), **{"loopCount: 1": sms})
    assert main(["deploy", "campaigns/autumn.yaml", "--yes", "--quiet"]) == 0
    vendor.clock.advance(60)
    assert main(["results", "autumn", "--out", "autumn.csv"]) == 0
    written = rows(project / "autumn.csv")
    # Call 0 and 3 press 1, call 4 fails: each sends the SMS; the others do not.
    assert [row["sms_sent"] for row in written] == ["yes", "no", "no", "yes", "yes", "no"]


def test_an_unknown_task_is_a_clear_error(
    vendor: SandboxServer, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["results", "winter", "--out", "winter.csv"]) == 1
    assert "no task named or numbered 'winter' was created in the last 400 days" in (
        capsys.readouterr().err
    )


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_draws_on_a_terminal_only() -> None:
    terminal, log = Terminal(), io.StringIO()
    for stream in (terminal, log):
        bar = ProgressBar(stream, "Reading", "pages")
        bar.update(1, 4)
        bar.update(4, 4)
        bar.close()
    assert log.getvalue() == ""
    assert terminal.getvalue().split("\r")[1:] == [
        "Reading [########......................] 1/4 pages\033[K",
        "Reading [##############################] 4/4 pages\033[K",
        "\033[K",
    ]


def test_a_file_git_could_commit_is_warned_about(
    called: SandboxServer, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    (project / ".gitignore").write_text("ignored-*.csv\n")
    assert main(["results", "summer", "--out", "summer.csv"]) == 0
    assert "summer.csv is inside a git repository and not ignored" in capsys.readouterr().err
    assert main(["results", "summer", "--out", "ignored-summer.csv"]) == 0
    assert main(["results", "summer", "--out", "masked.csv", "--masked"]) == 0
    assert "warning" not in capsys.readouterr().err


def test_numbers_changed_since_deploy_are_pointed_out(
    called: SandboxServer, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    campaign = project / "campaigns" / "summer.yaml"
    campaign.write_text(campaign.read_text().replace(OTHERS[2], "12025550399"))
    capsys.readouterr()
    assert main(["results", "summer", "--out", "summer.csv"]) == 0
    assert "not the ones deploy sent to this task" in capsys.readouterr().err
    assert [row["number"] for row in rows(project / "summer.csv")] == OTHERS[:2]
    called.set_faults(Faults(records="task-id"))  # records by task id: the file does not matter
    assert main(["results", "summer", "--out", "summer.csv", "--force"]) == 0
    assert "not the ones deploy sent" not in capsys.readouterr().err
    assert [row["number"] for row in rows(project / "summer.csv")] == OTHERS


def test_on_the_built_in_sandbox_a_task_older_than_two_months_is_said(
    write_campaign: WriteCampaign, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_campaign("spring", **numbers(NUMBERS[:3]))
    assert main(["deploy", "campaigns/spring.yaml", "--sandbox", "--yes", "--quiet"]) == 0
    database = project / ".broadcastctl" / "sandbox.sqlite3"
    with SandboxServer(database, api_key="k-1234", api_secret="s-1234") as moved:
        moved.clock.advance(70 * 86_400)  # kept in the database for the next process
    capsys.readouterr()
    assert main(["results", "spring", "--sandbox", "--out", "spring.csv"]) == 0
    shown = capsys.readouterr()
    assert "any call placed before" in shown.err
    # to the minute: a task created on the first day kept is still said to lose its first hours
    assert re.search(
        r"created \d{4}-\d\d-\d\d \d\d:\d\d .* before \d{4}-\d\d-\d\d \d\d:\d\d", shown.err
    )
    assert shown.out.endswith("counts 3 calls placed: the older ones are gone.\n")
    assert rows(project / "spring.csv") == []  # 70 days ago: past what the vendor keeps


def test_the_bar_waits_for_the_total_and_never_goes_backwards() -> None:
    """Each span's first page says how many follow: until all have, the total could still
    grow, so only the count is told ("1/1 pages" then "1/3" drew a bar that shrank)."""
    told: list[tuple[int, int | None]] = []
    progress = _Progress(2, lambda done, total: told.append((done, total)))
    progress.done()
    progress.done()
    progress.expect(3)
    for _ in range(3):
        progress.done()
    assert told == [(1, None), (2, None), (2, 5), (3, 5), (4, 5), (5, 5)]
    shares = [done / total for done, total in told if total is not None]
    assert shares == sorted(shares)
    terminal = Terminal()
    bar = ProgressBar(terminal, "Reading call records", "pages")
    bar.update(1, None)
    assert terminal.getvalue() == "\rReading call records 1/? pages\033[K"
