"""A re-call as a campaign file, through the command line against a sandbox over real HTTP:
deployed once through the resend call, and refused by lint when the parent's numbers meet
today's do-not-call list."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any, cast

import pytest

from broadcastctl.api import Client
from broadcastctl.api.records import TaskSummary
from broadcastctl.cli import main
from broadcastctl.plan.window import Window
from broadcastctl.sandbox import Faults, SandboxServer
from broadcastctl.state.store import StateFile

WINDOWS = 'allowSendTime:\n  - strTime: "00:00"\n    endTime: "08:00"\n'
HEAD = "appId: app-1\nsource: 3\ntext: Hello\nlan: EN\nloopCount: 1\nmaxCalls: 60\n" + WINDOWS
NUMBERS = [f"120255501{index:02}" for index in range(10)]
PARENT = HEAD + "taskName: parent\nnumberList:\n" + "".join(f'  - "{n}"\n' for n in NUMBERS)
RECALL = HEAD + "taskName: parent-again\nrecallOf: parent\nrecallNumbers: failed\n"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "BROADCASTCTL_API_TIMEZONE"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / ".git").mkdir()
    (tmp_path / "campaigns").mkdir()
    (tmp_path / "campaigns" / "parent.yaml").write_text(PARENT)
    return tmp_path


def tasks(client: Client) -> list[TaskSummary]:
    window = Window.last_days(30, client.now())
    return client.list_tasks(created_from=window.start, created_to=window.end)


def names(client: Client) -> list[str]:
    return sorted(task.task_name for task in tasks(client))


def finished_parent(vendor: SandboxServer, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deploy", "--yes"]) == 0
    vendor.clock.advance(60)  # 5 s submitting, then 10 calls a second: completed
    capsys.readouterr()


def test_a_recall_file_deploys_once_through_resend_and_a_rerun_changes_nothing(
    folder: Path, vendor: SandboxServer, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    finished_parent(vendor, capsys)
    (folder / "campaigns" / "again.yaml").write_text(RECALL)
    main(["plan", "--color", "never"])  # its exit code is not what is tested here
    planned = capsys.readouterr().out
    assert "+ create   parent-again" in planned
    assert "campaigns/again.yaml: 2 numbers" in planned  # the parent's failed count
    assert "re-calls 'parent' (task " in planned
    assert main(["deploy", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "1 created" in out
    assert names(client) == ["parent", "parent-again"]
    assert main(["deploy", "--yes"]) == 0
    assert "Nothing to create or update." in capsys.readouterr().out
    assert names(client) == ["parent", "parent-again"]
    [again] = [t for t in tasks(client) if t.task_name == "parent-again"]
    assert again.number_count == 2  # the sandbox fails every 5th call: 2 of the 10
    main(["status", "--color", "never"])  # its exit code is not what is tested here
    lines = capsys.readouterr().out.splitlines()
    [line] = [line for line in lines if line.startswith("parent-again ")]
    assert line.endswith("(re-calls parent)")
    [line] = [line for line in lines if line.startswith("parent ")]
    assert line.endswith("(re-called by parent-again)")


def test_a_number_put_on_the_do_not_call_list_since_the_parent_ran_stops_the_recall(
    folder: Path, vendor: SandboxServer, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    finished_parent(vendor, capsys)
    (folder / "campaigns" / "again.yaml").write_text(RECALL)
    (folder / "opt-outs.txt").write_text(NUMBERS[4] + "\n")
    (folder / "broadcastctl.yaml").write_text("suppression:\n  - opt-outs.txt\n")
    assert main(["deploy", "--yes", "--color", "never"]) != 0
    captured = capsys.readouterr()
    said = captured.out + captured.err
    assert "suppressed-number" in said
    assert "(read by campaigns/again.yaml)" in said
    assert NUMBERS[4] not in said
    assert names(client) == ["parent"]


def test_a_plan_that_blocked_the_recall_is_stale_once_the_parent_finishes(
    folder: Path, vendor: SandboxServer, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy", "--yes"]) == 0  # the parent, calling for a minute
    (folder / "campaigns" / "again.yaml").write_text(RECALL)
    main(["plan", "--out", "plan.json", "--color", "never"])
    assert "only a finished task" in capsys.readouterr().out
    vendor.clock.advance(60)
    assert main(["deploy", "--plan", "plan.json", "--yes"]) != 0
    assert "the remote tasks changed since the plan was made" in capsys.readouterr().err
    assert names(client) == ["parent"]


def tomorrow_at_two(vendor: SandboxServer) -> dt.datetime:
    """02:00 vendor time tomorrow: ahead of the clock of lint and of the sandbox, and inside
    the campaigns' calling windows."""
    today = dt.datetime.fromtimestamp(vendor.clock.now(), vendor.timezone).date()
    return dt.datetime.combine(today + dt.timedelta(days=1), dt.time(2), tzinfo=vendor.timezone)


def planned(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """The re-call's action in `plan --format json`."""
    main(["plan", "--format", "json"])  # its exit code is not what is tested here
    document = json.loads(capsys.readouterr().out)
    [action] = [a for a in document["actions"] if a["task_name"] == "parent-again"]
    return cast(dict[str, Any], action)


def test_a_recall_edited_while_it_waits_is_updated_and_once_it_calls_is_blocked(
    folder: Path, vendor: SandboxServer, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    finished_parent(vendor, capsys)
    starts = tomorrow_at_two(vendor)
    later = f"sendTime: {starts:%Y-%m-%d %H:%M:%S}\n"  # it waits: its message can still change
    again = folder / "campaigns" / "again.yaml"
    again.write_text(RECALL + later)
    assert main(["deploy", "--yes"]) == 0
    capsys.readouterr()
    [task] = [t for t in tasks(client) if t.task_name == "parent-again"]

    again.write_text(RECALL.replace("Hello", "Hello again") + later)
    action = planned(capsys)
    assert action["action"] == "update"
    assert action["changes"] == [{"field": "text", "old": "Hello", "new": "Hello again"}]
    assert "text" in action["compared_with_vendor"]
    assert {"recallOf", "recallNumbers"} <= set(action["compared_with_record"])
    [parent] = [t.job_id for t in tasks(client) if t.task_name == "parent"]
    assert (action["numbers"], action["parent_job_id"]) == (2, parent)
    assert main(["deploy", "--yes"]) == 0
    assert "1 updated" in capsys.readouterr().out
    stored = vendor.stored_fields(task.job_id)
    assert stored is not None
    assert stored["text"] == "Hello again"
    assert planned(capsys)["action"] == "no-op"

    # A field the detail does not show is compared with the record of what was sent.
    wider = RECALL.replace("Hello", "Hello again").replace('"08:00"', '"07:00"')
    again.write_text(wider + later)
    action = planned(capsys)
    assert action["action"] == "update"
    assert [c["field"] for c in action["changes"]] == ["allowSendTime"]
    assert "allowSendTime" in action["compared_with_record"]

    # Which numbers it calls was fixed by the resend call: the way out is a new taskName.
    everyone = RECALL.replace("Hello", "Hello again").replace("failed", "everyone")
    again.write_text(everyone + later)
    action = planned(capsys)
    assert action["action"] == "blocked"
    assert action["changes"][0] == {"field": "recallNumbers", "old": "failed", "new": "everyone"}
    assert "new taskName" in action["reason"]

    vendor.clock.set(starts + dt.timedelta(seconds=30))  # it calls
    again.write_text(RECALL.replace("Hello", "Bye") + later)
    action = planned(capsys)
    assert action["action"] == "blocked"
    assert action["changes"] == [{"field": "text", "old": "Hello again", "new": "Bye"}]
    assert "new taskName" in action["reason"]
    assert main(["deploy", "--yes"]) != 0
    capsys.readouterr()
    stored = vendor.stored_fields(task.job_id)
    assert stored is not None
    assert stored["text"] == "Hello again"
    assert names(client) == ["parent", "parent-again"]


STATE = Path(".broadcastctl") / "state.json"


@pytest.mark.parametrize("answer", ["id", "null", "parent-id"])
def test_the_state_records_the_recall_by_its_own_id_whatever_the_resend_answers(
    folder: Path,
    vendor: SandboxServer,
    client: Client,
    capsys: pytest.CaptureFixture[str],
    answer: str,
) -> None:
    finished_parent(vendor, capsys)
    vendor.set_faults(Faults(resend_answer=answer))
    (folder / "campaigns" / "again.yaml").write_text(RECALL)
    assert main(["deploy", "--yes"]) == 0
    assert "1 created" in capsys.readouterr().out
    by_name = {task.task_name: task.job_id for task in tasks(client)}
    entry = StateFile(STATE).read().entries["parent-again"]
    assert entry.job_id == by_name["parent-again"]
    assert entry.sent is not None
    assert (entry.sent["keyId"], entry.sent["recallOf"]) == (by_name["parent"], "parent")
    assert main(["deploy", "--yes"]) == 0
    assert "Nothing to create or update." in capsys.readouterr().out
    assert names(client) == ["parent", "parent-again"]


def test_a_cancelled_parent_the_vendor_refuses_fails_the_deploy_and_records_nothing(
    folder: Path, vendor: SandboxServer, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy", "--yes"]) == 0
    [parent] = tasks(client)
    client.cancel_tasks([parent.job_id])
    capsys.readouterr()
    (folder / "campaigns" / "again.yaml").write_text(RECALL)
    assert main(["deploy", "--yes", "--color", "never"]) != 0
    captured = capsys.readouterr()
    said = captured.out + captured.err
    assert "the vendor refused to re-call 'parent'" in said
    assert "broadcastctl results parent" in said
    assert "parent-again" not in StateFile(STATE).read().entries
    assert names(client) == ["parent"]


def test_an_offline_plan_counts_the_failed_numbers_its_snapshot_holds_or_says_it_cannot(
    folder: Path, vendor: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    finished_parent(vendor, capsys)
    main(["refresh"])  # the snapshot now holds the parent completed, with its failed count
    (folder / "campaigns" / "again.yaml").write_text(RECALL)
    capsys.readouterr()

    def offline() -> dict[str, Any]:
        main(["plan", "--offline", "--format", "json"])  # its exit code is not tested here
        document = json.loads(capsys.readouterr().out)
        [action] = [a for a in document["actions"] if a["task_name"] == "parent-again"]
        return cast(dict[str, Any], action)

    action = offline()
    assert (action["action"], action["numbers"], action["reason"]) == ("create", 2, "")
    # A snapshot written before it kept failed counts: the parent's whole count, said so.
    store = StateFile(STATE)
    state = store.read()
    assert state.snapshot is not None
    tasks_then = tuple(dataclasses.replace(t, failed=None) for t in state.snapshot.tasks)
    store.write(state.with_snapshot(dataclasses.replace(state.snapshot, tasks=tasks_then)))
    action = offline()
    assert (action["action"], action["numbers"]) == ("create", 10)
    assert "failed count of 'parent' is not known here" in action["reason"]
    assert "upper bound" in action["reason"]


def test_lint_finds_the_parent_in_another_folder_of_the_campaigns(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "campaigns" / "2027").mkdir()
    (folder / "campaigns" / "parent.yaml").rename(folder / "campaigns" / "2027" / "parent.yaml")
    (folder / "campaigns" / "again").mkdir()
    (folder / "campaigns" / "again" / "again.yaml").write_text(RECALL)
    exported = dt.date.today() - dt.timedelta(days=1)
    (folder / "opt-outs.txt").write_text(f"# exported: {exported}\n{NUMBERS[4]}\n")
    (folder / "broadcastctl.yaml").write_text("suppression:\n  - opt-outs.txt\n")
    # Only the re-call is linted: its parent is found below campaigns/ all the same.
    assert main(["lint", "campaigns/again/again.yaml", "--color", "never"]) != 0
    out = capsys.readouterr().out
    assert "suppressed-number" in out
    assert "recall-parent" not in out


def test_lint_warns_when_no_file_describes_the_parent_and_finds_it_among_the_files_linted(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "elsewhere").mkdir()
    (folder / "campaigns" / "parent.yaml").rename(folder / "elsewhere" / "parent.yaml")
    (folder / "campaigns" / "again.yaml").write_text(RECALL)
    exported = dt.date.today() - dt.timedelta(days=1)
    (folder / "opt-outs.txt").write_text(f"# exported: {exported}\n{NUMBERS[4]}\n")
    (folder / "broadcastctl.yaml").write_text("suppression:\n  - opt-outs.txt\n")
    assert main(["lint", "campaigns", "--color", "never"]) == 0  # a warning, not an error
    out = capsys.readouterr().out
    assert "recall-parent" in out
    assert "no campaign file describes 'parent'" in out
    assert "cannot judge the numbers" in out
    assert "`broadcastctl results parent`" in out
    assert "suppressed-number" not in out
    assert main(["lint", "campaigns", "elsewhere", "--color", "never"]) != 0
    out = capsys.readouterr().out
    assert "suppressed-number" in out
    assert "recall-parent" not in out


def test_status_and_results_show_a_recall_beside_its_parent(
    folder: Path, vendor: SandboxServer, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    finished_parent(vendor, capsys)
    (folder / "campaigns" / "again.yaml").write_text(RECALL)
    other = PARENT.replace("taskName: parent", "taskName: another").replace("1202555", "1202556")
    (folder / "campaigns" / "another.yaml").write_text(other)
    assert main(["deploy", "--yes"]) == 0
    vendor.clock.advance(60)
    capsys.readouterr()
    by_name = {task.task_name: task.job_id for task in tasks(client)}

    main(["status", "--color", "never"])  # its exit code is not what is tested here
    lines = [line.split()[0] for line in capsys.readouterr().out.splitlines()[2:-1]]
    # Files are read in name order (again, another, parent): the re-call follows its parent.
    assert lines == ["another", "parent", "parent-again"]
    main(["status", "--format", "json"])
    rows = {row["task_name"]: row for row in json.loads(capsys.readouterr().out)["tasks"]}
    assert rows["parent"]["recalled_by"] == ["parent-again"]
    assert rows["parent-again"]["recall_of"] == "parent"

    assert main(["results", "parent", "--out", "parent.csv", "--masked"]) == 0
    out = capsys.readouterr().out
    assert "Wrote 10 call records of task 'parent'" in out
    assert f"Re-called by 'parent-again' (task {by_name['parent-again']})" in out
    assert "`broadcastctl results parent-again`" in out
    assert main(["results", "parent-again", "--out", "again.csv", "--masked"]) == 0
    out = capsys.readouterr().out
    # Its calls are told from the parent's by the parent's numbers, within its own span.
    assert "Wrote 2 call records of task 'parent-again'" in out
    assert f"It re-calls 'parent' (task {by_name['parent']})" in out
    assert "`broadcastctl results parent`" in out


def test_two_recalls_of_each_other_are_linted_without_looking_for_each_other_forever(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "campaigns" / "one.yaml").write_text(
        RECALL.replace("parent-again", "one").replace("recallOf: parent", "recallOf: two")
    )
    (folder / "campaigns" / "two.yaml").write_text(
        RECALL.replace("parent-again", "two").replace("recallOf: parent", "recallOf: one")
    )
    assert main(["lint", "campaigns", "--color", "never"]) == 0
    out = capsys.readouterr().out
    assert "campaigns/one.yaml" in out
    assert "campaigns/two.yaml, which describes 'two', names no numbers of its own" in out


def test_lint_asks_a_recall_of_a_campaign_in_local_windows_for_local_windows(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Its parts are the tasks, none named 'parent': a plan would not find it, so lint says why.
    split = PARENT.replace(WINDOWS, 'localWindows:\n  - strTime: "09:00"\n    endTime: "20:00"\n')
    split = split.replace("taskName: parent\n", "taskName: parent\nsendTime: 2027-01-11 00:00:00\n")
    (folder / "campaigns" / "parent.yaml").write_text(split)
    (folder / "campaigns" / "again.yaml").write_text(RECALL)
    assert main(["lint", "campaigns", "--color", "never"]) != 0
    out = capsys.readouterr().out
    [line] = [line for line in out.splitlines() if "local-windows" in line]
    assert line.startswith("campaigns/again.yaml:")
    assert " error local-windows " in line
    assert "sends 'parent' in local windows, as one task per zone part" in line
    assert "give this re-call localWindows (and a sendTime)" in line
    assert "recall-parent" not in out
    # The same parent in one task's windows is re-called as before.
    (folder / "campaigns" / "parent.yaml").write_text(PARENT)
    assert main(["lint", "campaigns", "--color", "never"]) == 0
    assert "local-windows" not in capsys.readouterr().out
