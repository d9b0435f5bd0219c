"""A campaign in local windows (`localWindows`), through the command line against a sandbox over
real HTTP: split into zone parts whose stored windows keep every call inside 09:00-20:00 in the
callee's own time on every calling day, a clock change included; planned, changed, orphaned and
pruned part by part.

Every local time here is worked out again in the test, from the tasks the sandbox stores and
libphonenumber's zones with zoneinfo, never with broadcastctl's own conversion.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import phonenumbers
import pytest
from phonenumbers import timezone as number_zones

from broadcastctl.api import Client
from broadcastctl.api.records import TaskSummary
from broadcastctl.cli import main
from broadcastctl.plan.window import Window
from broadcastctl.sandbox import SandboxServer

# New York, Chicago, Denver, Los Angeles, Anchorage, Honolulu: five numbers each.
AREAS = ("212", "312", "303", "213", "907", "808")
NUMBERS = [f"1{area}55501{index:02}" for area in AREAS for index in range(5)]
# Vendor time (UTC+8): the evening of Saturday 13 March 2027; the United States moves its
# clocks on Sunday 14 March at 02:00 local, within the calling days.
SEND_TIME = "2027-03-13 20:00:00"
CAMPAIGN = (
    "appId: app-1\ntaskName: spring notice\nsource: 3\ntext: Hello\nlan: EN\nloopCount: 1\n"
    f'maxCalls: 60\npurpose: informational\nsendTime: "{SEND_TIME}"\n'
    'localWindows:\n  - strTime: "09:00"\n    endTime: "20:00"\n'
)
OPEN, CLOSE = dt.time(9), dt.time(20)


def campaign(numbers: list[str]) -> str:
    return CAMPAIGN + "numberList:\n" + "".join(f'  - "{number}"\n' for number in numbers)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "BROADCASTCTL_API_TIMEZONE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("BROADCASTCTL_WINDOW_ZONE", raising=False)
    (tmp_path / ".git").mkdir()
    (tmp_path / "campaigns").mkdir()
    (tmp_path / "campaigns" / "notice.yaml").write_text(campaign(NUMBERS))
    return tmp_path


@pytest.fixture
def before_send(vendor: SandboxServer) -> SandboxServer:
    """The sandbox's clock an hour before the campaign's sendTime."""
    start = dt.datetime(2027, 3, 13, 19, tzinfo=vendor.timezone)
    vendor.clock.set(start)
    return vendor


def tasks(client: Client) -> list[TaskSummary]:
    window = Window.last_days(30, client.now())
    return client.list_tasks(created_from=window.start, created_to=window.end)


def zones_of(number: str) -> list[ZoneInfo]:
    parsed = phonenumbers.parse("+" + number)
    return [ZoneInfo(name) for name in number_zones.time_zones_for_number(parsed)]


def open_minutes(
    windows: list[dict[str, str]], day: dt.date, zone: dt.tzinfo
) -> Iterator[dt.datetime]:
    """Every minute inside the windows on `day`, wall-clock time in `zone`."""
    for window in windows:
        start = dt.datetime.combine(day, dt.time.fromisoformat(window["strTime"]), zone)
        end = dt.datetime.combine(day, dt.time.fromisoformat(window["endTime"]), zone)
        moment = start
        while moment < end:
            yield moment
            moment += dt.timedelta(minutes=1)


def test_a_six_zone_campaign_plans_as_parts_whose_every_call_rings_within_local_hours(
    folder: Path,
    before_send: SandboxServer,
    client: Client,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["plan", "--color", "never"]) in (0, 2)
    planned = capsys.readouterr().out
    assert "campaign 'spring notice' (campaigns/notice.yaml): " in planned
    assert "+ create   spring notice UTC-05:00" in planned
    assert "09:00-20:00 local = " in planned
    assert main(["deploy", "--yes"]) == 0
    capsys.readouterr()
    made = {task.task_name: task for task in tasks(client)}
    assert "spring notice" not in made  # nothing under the campaign's bare name
    assert {name.removeprefix("spring notice ") for name in made} >= {
        "UTC-05:00", "UTC-06:00", "UTC-07:00", "UTC-08:00", "UTC-10:00",
    }  # fmt: skip
    called: set[str] = set()
    # The calling day (Saturday, vendor time) and the day after, which the split covers too
    # (the United States change their clocks within it, at 15:00 vendor time in New York):
    # each minute of each stored window, read in each zone of each number the task calls.
    days = [dt.date(2027, 3, 13), dt.date(2027, 3, 14)]
    for task in made.values():
        fields = before_send.stored_fields(task.job_id)
        assert fields is not None
        numbers = before_send._store.numbers(task.job_id)
        called.update(numbers)
        for number in numbers:
            for zone in zones_of(number):
                for day in days:
                    for moment in open_minutes(fields["allowSendTime"], day, before_send.timezone):
                        local = moment.astimezone(zone).time()
                        assert OPEN <= local < CLOSE, (task.task_name, zone, moment)
    assert called == set(NUMBERS)
    # The calls the sandbox places, read back: each in its callee's hours.
    for _ in range(48):
        before_send.clock.advance(3600)
    start = dt.datetime(2027, 3, 13, tzinfo=before_send.timezone)
    records = list(client.call_records(start, start + dt.timedelta(days=3)))
    assert {record.callee for record in records} == set(NUMBERS)
    for record in records:
        moment = dt.datetime.fromisoformat(record.call_time)
        for zone in zones_of(record.callee):
            assert OPEN <= moment.astimezone(zone).time() < CLOSE, (record.callee, zone)
    assert main(["plan", "--detailed-exitcode", "--color", "never"]) == 0


def test_moving_a_number_from_new_york_to_los_angeles_is_a_blocked_change_of_two_parts(
    folder: Path, before_send: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy", "--yes"]) == 0
    moved = [number.replace("1212", "1213", 1) if number == NUMBERS[0] else number
             for number in NUMBERS]  # fmt: skip
    moved[0] = "12135550199"
    (folder / "campaigns" / "notice.yaml").write_text(campaign(moved))
    capsys.readouterr()
    assert main(["plan", "--format", "json"]) == 1  # blocked
    actions = json.loads(capsys.readouterr().out)["actions"]
    blocked = {a["task_name"]: a for a in actions if a["action"] == "blocked"}
    assert sorted(blocked) == ["spring notice UTC-05:00", "spring notice UTC-08:00"]
    assert blocked["spring notice UTC-05:00"]["changes"][0]["field"] == "numberList"
    assert {a["campaign"] for a in actions} == {"spring notice"}
    assert {a["action"] for a in actions} == {"blocked", "no-op"}


def test_deleting_the_campaign_orphans_every_part_and_prune_cancels_each_once(
    folder: Path, before_send: SandboxServer, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy", "--yes"]) == 0
    parts = {task.task_name for task in tasks(client)}
    (folder / "campaigns" / "notice.yaml").unlink()
    capsys.readouterr()
    main(["plan", "--format", "json"])
    actions = json.loads(capsys.readouterr().out)["actions"]
    assert {a["task_name"] for a in actions if a["action"] == "orphaned"} == parts
    assert {a["campaign"] for a in actions} == {"spring notice"}
    assert main(["deploy", "--prune", "--yes"]) == 0
    out = capsys.readouterr().out
    assert out.count("cancelled spring notice") == len(parts)
    assert {task.status for task in tasks(client)} == {4}  # cancelled, each once
    assert main(["deploy", "--prune", "--yes"]) == 0
    assert "cancelled spring notice" not in capsys.readouterr().out


def test_a_saved_plan_names_each_parts_campaign_and_windows(
    folder: Path, before_send: SandboxServer
) -> None:
    assert main(["plan", "--out", "plan.json"]) in (0, 2)
    actions = json.loads((folder / "plan.json").read_text())["actions"]
    assert {action["campaign"] for action in actions} == {"spring notice"}
    part = next(a["part"] for a in actions if a["task_name"] == "spring notice UTC-08:00")
    assert part["zones"] == ["America/Los_Angeles"]
    assert part["local_windows"] == [{"strTime": "09:00", "endTime": "20:00"}]
    assert part["vendor_windows"] == [{"strTime": "01:00", "endTime": "12:00"}]


def test_the_state_records_each_part_with_its_campaign(
    folder: Path, before_send: SandboxServer
) -> None:
    assert main(["deploy", "--yes"]) == 0
    entries = json.loads((folder / ".broadcastctl" / "state.json").read_text())["entries"]
    assert {entry["campaign"] for entry in entries} == {"spring notice"}
    assert all(entry["task_name"] == f"spring notice {entry['part']}" for entry in entries)


def test_under_the_callee_reading_the_campaign_is_one_task_with_the_local_windows(
    folder: Path,
    before_send: SandboxServer,
    client: Client,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("BROADCASTCTL_WINDOW_ZONE", "callee")
    assert main(["plan", "--color", "never"]) in (0, 2)
    planned = capsys.readouterr().out
    assert "+ create   spring notice\n" in planned
    assert "09:00-20:00 in each callee's local time (BROADCASTCTL_WINDOW_ZONE=callee)" in planned
    assert "America/Los_Angeles (5): Sat 09:00-20:00" in planned
    assert main(["deploy", "--yes"]) == 0
    [task] = tasks(client)
    assert task.task_name == "spring notice"
    fields = before_send.stored_fields(task.job_id)
    assert fields is not None
    assert fields["allowSendTime"] == [{"strTime": "09:00", "endTime": "20:00"}]
    assert "localWindows" not in fields


def test_cancel_of_the_campaign_stops_every_part_once(
    folder: Path, before_send: SandboxServer, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy", "--yes"]) == 0
    parts = {task.task_name for task in tasks(client)}
    capsys.readouterr()
    assert main(["cancel", "spring notice", "--yes"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in parts)
    assert {task.status for task in tasks(client)} == {4}
    main(["plan", "--format", "json"])
    actions = json.loads(capsys.readouterr().out)["actions"]
    assert {a["action"] for a in actions} == {"cancelled"}


def test_refresh_and_an_offline_plan_see_the_parts_as_deployed(
    folder: Path, before_send: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy", "--yes"]) == 0
    assert main(["refresh", "--detailed-exitcode"]) == 0
    capsys.readouterr()
    assert main(["plan", "--offline", "--detailed-exitcode", "--format", "json"]) == 0
    actions = json.loads(capsys.readouterr().out)["actions"]
    assert {a["action"] for a in actions} == {"no-op"}
    assert all(a["part"]["label"] in a["task_name"] for a in actions)


def test_a_campaign_named_like_another_campaigns_part_stops_before_anything_is_sent(
    folder: Path, before_send: SandboxServer, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = campaign(["12125550150"]).replace(
        "taskName: spring notice", 'taskName: "spring notice UTC-05:00"'
    )
    plain = plain.replace("localWindows:", "allowSendTime:")  # 09:00-20:00 UTC+8: NY's night
    plain = plain.replace('"09:00"', '"00:00"').replace('"20:00"', '"08:00"')  # 11:00-19:00
    (folder / "campaigns" / "plain.yaml").write_text(plain)
    assert main(["deploy", "--yes"]) == 1
    err = capsys.readouterr().err
    assert "'spring notice UTC-05:00' would be used by campaigns/" in err
    assert tasks(client) == []


RECALL = (
    "appId: app-1\ntaskName: spring again\nsource: 3\ntext: Hello again\nlan: EN\nloopCount: 1\n"
    'maxCalls: 60\npurpose: informational\nsendTime: "2027-03-20 20:00:00"\n'
    "recallOf: spring notice\nrecallNumbers: failed\n"
    'localWindows:\n  - strTime: "09:00"\n    endTime: "20:00"\n'
)


def test_a_recall_in_local_windows_calls_again_each_parts_failed_numbers_in_local_hours(
    folder: Path,
    before_send: SandboxServer,
    client: Client,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["deploy", "--yes"]) == 0
    capsys.readouterr()
    for _ in range(72):  # the parts call on the 13th and 14th, vendor time: all finished
        before_send.clock.advance(3600)
    parts = {task.task_name: task for task in tasks(client)}
    assert {task.status for task in parts.values()} == {2}
    (folder / "campaigns" / "again.yaml").write_text(RECALL)
    assert main(["plan", "--color", "never"]) in (0, 2)
    planned = capsys.readouterr().out
    labels = sorted(name.removeprefix("spring notice ") for name in parts)
    for label in labels:  # the parent's parts' labels, kept though the re-call's days differ
        assert f"+ create   spring again {label}" in planned
        assert f"re-calls 'spring notice {label}' (task " in planned
    assert main(["deploy", "--yes"]) == 0
    assert f"{len(parts)} created" in capsys.readouterr().out
    again = {t.task_name: t for t in tasks(client) if t.task_name.startswith("spring again ")}
    assert sorted(name.removeprefix("spring again ") for name in again) == labels
    days = [dt.date(2027, 3, 20), dt.date(2027, 3, 21)]
    for name, task in again.items():
        parent = parts["spring notice " + name.removeprefix("spring again ")]
        fields = before_send.stored_fields(task.job_id)
        assert fields is not None
        assert fields["sourceTaskId"] == parent.job_id
        numbers = before_send._store.numbers(task.job_id)
        assert len(numbers) == task.number_count == parent.fail  # its part's failed numbers only
        assert set(numbers) <= set(before_send._store.numbers(parent.job_id))
        for number in numbers:
            for zone in zones_of(number):
                for day in days:
                    for moment in open_minutes(fields["allowSendTime"], day, before_send.timezone):
                        assert OPEN <= moment.astimezone(zone).time() < CLOSE, (name, zone)
    assert sum(task.number_count for task in again.values()) > 0
    assert main(["deploy", "--yes"]) == 0
    assert "Nothing to create or update." in capsys.readouterr().out
    main(["status", "--color", "never"])  # its exit code is not what is tested here
    lines = capsys.readouterr().out.splitlines()
    [line] = [line for line in lines if line.startswith("spring again ")]
    assert line.endswith(f"({len(parts)} zone parts; re-calls spring notice)")
    [line] = [line for line in lines if line.startswith("spring notice ")]
    assert line.endswith(f"({len(parts)} zone parts; re-called by spring again)")


def test_a_recall_and_its_parent_must_both_or_neither_be_in_local_windows(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = RECALL.replace('localWindows:\n  - strTime: "09:00"\n    endTime: "20:00"\n', "")
    (folder / "campaigns" / "again.yaml").write_text(
        plain + 'allowSendTime:\n  - strTime: "01:00"\n    endTime: "08:00"\n'
    )
    assert main(["lint", "campaigns", "--color", "never"]) != 0
    out = capsys.readouterr().out
    assert "local-windows" in out
    assert "sends 'spring notice' in local windows, as one task per zone part" in out
    assert "give this re-call localWindows" in out
    (folder / "campaigns" / "again.yaml").write_text(RECALL)
    assert main(["lint", "campaigns", "--color", "never"]) == 0
    capsys.readouterr()
    one_task = campaign(NUMBERS).replace(
        'localWindows:\n  - strTime: "09:00"\n    endTime: "20:00"\n',
        'allowSendTime:\n  - strTime: "01:00"\n    endTime: "08:00"\n',
    )
    (folder / "campaigns" / "notice.yaml").write_text(one_task)
    assert main(["lint", "campaigns", "--color", "never"]) != 0
    out = capsys.readouterr().out
    assert "sends 'spring notice' as one task, in allowSendTime" in out
    assert "give this re-call allowSendTime" in out


SMS = (
    "hangUpSms: 1\nsmsAppId: 9obbP7Nl\nsenderId: Notice\nsmsContent: Sorry we missed you.\n"
    "feedbackPush: 0\nsuccessPush: 0\nfailedPush: 1\nringPush: 0\n"
)


def test_changed_since_sends_every_part_again_when_what_the_api_cannot_show_changed(
    folder: Path,
    before_send: SandboxServer,
    client: Client,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Without a state, an edit the API does not show is known only from git: every part of
    the changed campaign is sent again, none shown as unchanged."""
    notice = folder / "campaigns" / "notice.yaml"
    notice.write_text(campaign(NUMBERS) + SMS)
    (folder / ".git").rmdir()
    for args in (["init", "-q"], ["add", "campaigns"]):
        subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "c"],
        cwd=folder, check=True, capture_output=True,
    )  # fmt: skip
    assert main(["deploy", "--yes"]) == 0
    (folder / ".broadcastctl" / "state.json").unlink()
    notice.write_text(notice.read_text().replace("Sorry we missed you.", "We will call again."))
    capsys.readouterr()
    assert main(["plan", "--changed-since", "HEAD", "--color", "never"]) in (0, 2)
    out = capsys.readouterr().out
    parts = len(tasks(client))
    assert parts >= 5
    assert out.count("~ update   spring notice UTC") == parts
    assert out.count("the whole body is sent again") == parts


def test_a_recall_in_local_windows_whose_parent_is_unknown_is_never_sent_without_windows(
    folder: Path,
) -> None:
    """Lint stops it (and `local-windows` takes no policy exception); were it let through, the
    parts could not be made, and nothing is sent rather than one task with no windows at all."""
    from broadcastctl.errors import BroadcastctlError  # noqa: PLC0415 - this test only
    from broadcastctl.lint.campaigns import load_campaign  # noqa: PLC0415
    from broadcastctl.policy.policyfile import Policy  # noqa: PLC0415
    from broadcastctl.workflow.desired import _parts  # noqa: PLC0415

    (folder / "campaigns" / "notice.yaml").unlink()
    (folder / "campaigns" / "again.yaml").write_text(RECALL)
    assert main(["lint", "campaigns", "--color", "never"]) != 0
    loaded = load_campaign(folder / "campaigns" / "again.yaml").campaign
    assert loaded is not None
    assert loaded.parent is None
    now = dt.datetime(2027, 3, 19, tzinfo=dt.UTC)
    with pytest.raises(BroadcastctlError, match="no zone part can be made of it"):
        _parts(loaded, None, Policy(), now, dt.timezone(dt.timedelta(hours=8)))
