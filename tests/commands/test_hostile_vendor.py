"""Every command that prints the vendor's text, against a vendor whose every string carries
terminal control sequences (a title change, a screen clear, an OSC 52 clipboard write, BEL, BS,
NUL, a C1 CSI) and phone numbers: nothing raw reaches the output, nothing unmasked either."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from broadcastctl.api import Client
from broadcastctl.cli import main
from broadcastctl.plan.window import Window
from broadcastctl.sandbox import Faults, SandboxServer
from broadcastctl.state.store import StateFile
from tests.api.test_hostile_servers import Answer, Behaviour, HostileServer
from tests.commands.conftest import WriteCampaign

NUMBER = "84901234567"
ATTACK = "\x1b]0;pwned\x07\x1b[2J\x1b]52;c;Y2FsYw==\x07\x08\x00\x9b31m\u202e"
RAW = ("\x1b", "\x07", "\x08", "\x00", "\x9b", "\u202e")
JOB = 901
UTC8 = dt.timezone(dt.timedelta(hours=8))
CAMPAIGNS = [f"campaigns/t{index}.yaml" for index in range(8)]


def ok(data: object) -> Answer:
    return 200, json.dumps({"status": "0", "reason": "success", "data": data}).encode()


def refused(reason: str) -> Answer:
    return 200, json.dumps({"status": "-22", "reason": reason}).encode()


def one_page(records: list[dict[str, Any]]) -> Answer:
    return ok({"records": records, "pages": 1, "total": len(records), "size": 100, "current": 1})


def now_text() -> str:
    return dt.datetime.now(UTC8).strftime("%Y-%m-%d %H:%M:%S")


def listed() -> dict[str, Any]:
    return {
        "jobId": JOB, "taskName": f"evil{ATTACK}", "status": 2, "numCnt": 1, "callNum": 1,
        "success": 1, "fail": 0, "rate": f"{ATTACK}100", "createdTime": now_text(),
    }  # fmt: skip


def record() -> dict[str, Any]:
    return {
        "voiceId": f"v{ATTACK}", "callee": NUMBER, "taskId": JOB, "callDuration": 5,
        "callTime": dt.datetime.now(UTC8).isoformat(timespec="seconds"),
        "terminationReason": f"\r=1+1{ATTACK}", "feedbackValue": f"@SUM(1){ATTACK}",
    }  # fmt: skip


def hostile_vendor(path: str, body: bytes) -> Answer:
    """A vendor whose every string attacks the terminal; creates other than outage's refused."""
    if path == "voice/group/call/query":
        return one_page([listed()])
    if path.startswith("voice/group/call/detail"):
        return ok(listed() | {"text": ATTACK})
    if path == "voice/fileQuery":
        return one_page([])
    if path == "voice/fileUpload":
        return ok(f"{NUMBER}{ATTACK}.mp3")
    if path == "voice/group/call/send":
        if json.loads(body)["taskName"] == "outage notice":
            return ok(555)
        return refused(f"numberList [{NUMBER}] refused{ATTACK}")
    if path == "voice/recordGroupQuery":
        return one_page([record()])
    return 404, b"{}"


@pytest.fixture
def serve(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[Behaviour], HostileServer]]:
    servers: list[HostileServer] = []

    def start(behaviour: Behaviour) -> HostileServer:
        servers.append(HostileServer(behaviour).__enter__())
        monkeypatch.setenv("BROADCASTCTL_API_URL", servers[-1].url)
        monkeypatch.setenv("BROADCASTCTL_API_KEY", "hostile-key-4d7e")
        monkeypatch.setenv("BROADCASTCTL_API_SECRET", "hostile-secret-Zq81")
        return servers[-1]

    yield start
    for server in servers:
        server.__exit__()


def assert_clean(text: str) -> None:
    assert not [raw for raw in RAW if raw in text], repr(text)
    assert NUMBER not in text


@pytest.mark.parametrize("output_format", ["text", "markdown", "json"])
def test_status_shows_no_control_sequence_in_any_format(
    serve: Callable[[Behaviour], HostileServer],
    capsys: pytest.CaptureFixture[str],
    output_format: str,
) -> None:
    serve(hostile_vendor)
    assert main(["status", "--all", "--format", output_format, "campaigns/outage.yaml"]) == 0
    out = capsys.readouterr().out
    assert_clean(out)
    assert "evil" in out
    if output_format == "json":  # programs read the vendor's values back whole
        [task] = [t for t in json.loads(out)["tasks"] if t["job_id"] == JOB]
        assert (task["task_name"], task["rate"]) == (f"evil{ATTACK}", f"{ATTACK}100")


def test_deploy_result_lines_show_no_control_sequence_nor_a_number(
    serve: Callable[[Behaviour], HostileServer],
    write_campaign: WriteCampaign,
    capsys: pytest.CaptureFixture[str],
) -> None:
    serve(hostile_vendor)
    write_campaign("refused")
    paths = ["campaigns/outage.yaml", "campaigns/refused.yaml"]
    assert main(["deploy", *paths, "--yes"]) == 1
    captured = capsys.readouterr()
    assert_clean(captured.out + captured.err)
    assert ".mp3 uploaded, id 8490****567?]0;pwned??[2J?]52;c;" in captured.out
    assert "refused" in captured.out
    assert "8490****567] refused?]0;pwned" in captured.out  # the vendor's reason, shown


def test_deploy_json_escapes_what_it_keeps(
    serve: Callable[[Behaviour], HostileServer],
    write_campaign: WriteCampaign,
    capsys: pytest.CaptureFixture[str],
) -> None:
    serve(hostile_vendor)
    write_campaign("refused")
    paths = ["campaigns/outage.yaml", "campaigns/refused.yaml"]
    assert main(["deploy", *paths, "--yes", "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert_clean(captured.out + captured.err)
    tasks = {task["name"]: task for task in json.loads(captured.out)["tasks"]}
    assert tasks["outage notice"]["voice_file"]["id"].startswith("8490****567")


def test_plan_shows_the_vendors_names_and_values_without_control_sequences(
    serve: Callable[[Behaviour], HostileServer], capsys: pytest.CaptureFixture[str]
) -> None:
    serve(hostile_vendor)
    for output_format in ("text", "markdown", "json"):
        main(["plan", "--format", output_format, "campaigns/outage.yaml"])
        captured = capsys.readouterr()
        assert_clean(captured.out + captured.err)
        assert "evil" in captured.out


def test_results_summary_and_every_csv_cell_are_clean(
    serve: Callable[[Behaviour], HostileServer], project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve(hostile_vendor)
    assert main(["results", str(JOB), "--out", "calls.csv", "--masked"]) == 0
    captured = capsys.readouterr()
    assert_clean(captured.out + captured.err)
    text = (project / "calls.csv").read_text(encoding="utf-8")
    assert_clean(text)
    assert "\r" not in text
    assert len(text.splitlines()) == 2  # the header and the one record: no row split
    with (project / "calls.csv").open(newline="") as file:
        [row] = list(csv.DictReader(file))
    assert row["reason"].startswith("'")  # no formula, once the CR is gone
    assert row["key_pressed"].startswith("'@SUM(1)")


@pytest.mark.parametrize(
    "command",
    [
        ["status", "--all", "campaigns/outage.yaml"],
        ["plan", "campaigns/outage.yaml"],
        ["results", str(JOB), "--out", "calls.csv"],
    ],
)
def test_an_error_quoting_the_vendor_shows_no_control_sequence(
    serve: Callable[[Behaviour], HostileServer],
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    serve(lambda path, body: refused(f"no such account {NUMBER}{ATTACK}"))
    assert main(command) == 1
    captured = capsys.readouterr()
    assert_clean(captured.out + captured.err)
    assert "no such account 8490****567?]0;pwned??[2J" in captured.err


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("answerTime", 10**20),
        ("callTime", -(10**17)),
        ("callTime", "0001-01-01T00:00:00+14:00"),
        ("callTime", "9999-12-31T23:59:59-12:00"),
    ],
)
def test_results_with_a_record_time_out_of_range_is_a_clear_error(
    serve: Callable[[Behaviour], HostileServer],
    project: Path,
    capsys: pytest.CaptureFixture[str],
    field: str,
    value: object,
) -> None:
    def vendor(path: str, body: bytes) -> Answer:
        if path == "voice/recordGroupQuery":
            return one_page([record() | {field: value}])
        return hostile_vendor(path, body)

    serve(vendor)
    assert main(["results", str(JOB), "--out", "calls.csv"]) == 1
    err = capsys.readouterr().err
    assert f"`{field}` is out of the range of dates" in err
    assert "unexpected error" not in err
    assert not (project / "calls.csv").exists()


@pytest.mark.parametrize("command", [["plan", "campaigns/outage.yaml"], ["status", "--all"]])
def test_a_trickling_server_holds_a_command_no_longer_than_its_timeout(
    serve: Callable[[Behaviour], HostileServer],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
) -> None:
    monkeypatch.setenv("BROADCASTCTL_TIMEOUT", "300")  # put back after --timeout sets it
    drip = [bytes([byte]) for byte in b'{"code":0,"data":{}}' * 1000]
    server = serve(lambda path, body: (200, drip))
    assert main(["--timeout", "1s", *command]) == 1
    err = capsys.readouterr().err
    assert "the run has waited on the vendor for its limit of 1 s (--timeout" in err
    assert sum(server.requests.values()) <= 2  # one attempt cut short, no retry after it


def test_a_timeout_out_of_range_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--timeout", "1e308", "status"])
    assert "'1e308' is not a duration" in capsys.readouterr().err


@pytest.mark.parametrize("created", ["0001-01-01 00:00:00", "9999-12-31 23:59:59", "soon"])
@pytest.mark.parametrize("zone", ["+14:00", "-12:00"])
@pytest.mark.parametrize(
    "command", [["results", str(JOB), "--out", "calls.csv"], ["status", "--all"]]
)
def test_a_task_created_at_the_ends_of_time_is_no_internal_error(
    serve: Callable[[Behaviour], HostileServer],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    created: str,
    zone: str,
    command: list[str],
) -> None:
    def vendor(path: str, body: bytes) -> Answer:
        if path == "voice/group/call/query":
            return one_page([listed() | {"createdTime": created}])
        return hostile_vendor(path, body)

    monkeypatch.setenv("BROADCASTCTL_API_TIMEZONE", zone)
    serve(vendor)
    code = main(command)
    err = capsys.readouterr().err
    assert "unexpected error" not in err
    assert code in (0, 1)


@pytest.mark.parametrize("latency", [0.05, 0.2])
def test_a_deploy_stopped_by_its_timeout_keeps_the_state_true_and_a_rerun_settles_it(
    vendor: SandboxServer,
    client: Client,
    write_campaign: WriteCampaign,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    latency: float,
) -> None:
    """Wherever the limit falls (reading, creating, or the snapshot after), the state names no
    task the vendor lacks, a task the vendor has and the state lacks was reported `unknown`,
    and the next deploy makes them agree."""
    monkeypatch.setenv("BROADCASTCTL_TIMEOUT", "300")  # put back after --timeout sets it
    for index in range(8):
        write_campaign(f"t{index}")
    vendor.set_faults(Faults(latency=latency))
    code = main(["--timeout", "1s", "deploy", *CAMPAIGNS, "--yes", "--workers", "1"])
    out, err = capsys.readouterr()
    assert code in (0, 1)
    assert "unexpected error" not in err
    vendor.set_faults(Faults())
    unknown = {line.split()[2].rstrip(":") for line in out.splitlines() if "] unknown" in line}
    assert recorded() <= made(client)
    assert made(client) - recorded() <= unknown
    assert main(["deploy", *CAMPAIGNS, "--yes", "--quiet"]) == 0
    assert made(client) == recorded() == {f"t{index}" for index in range(8)}


def made(client: Client) -> set[str]:
    window = Window.last_days(30, client.now())
    return {
        t.task_name for t in client.list_tasks(created_from=window.start, created_to=window.end)
    }


def recorded() -> set[str]:
    return set(StateFile(Path(".broadcastctl") / "state.json").read().entries)
