"""The split of a campaign in local windows into zone parts: the windows in vendor time each part
gets, what a clock change costs, and the campaigns that cannot be split, as lint errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from broadcastctl.checks.pipeline import check_files
from broadcastctl.lint.diagnostics import Diagnostic
from broadcastctl.localwindows import zone_label
from broadcastctl.policy.zonesplit import DAY, _mask, _narrowed, _runs

NOW = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)
UTC8 = dt.timezone(dt.timedelta(hours=8))
NEW_YORK = ZoneInfo("America/New_York")
LOCAL = (("09:00", "20:00"),)


def minutes(*spans: tuple[str, str]) -> set[int]:
    found: set[int] = set()
    for start, end in spans:
        first = int(start[:2]) * 60 + int(start[3:])
        last = int(end[:2]) * 60 + int(end[3:])
        found |= set(range(first, last))
    return found


def opened(mask: bytes) -> set[int]:
    return {minute for minute in range(DAY) if mask[minute]}


def test_new_york_in_winter_is_a_rotation_of_the_local_window_across_vendor_midnight() -> None:
    mask = _mask(LOCAL, (NEW_YORK,), UTC8, (dt.date(2027, 1, 12),))
    # 09:00-20:00 EST is 14:00-01:00 UTC, 22:00-09:00 at UTC+8
    assert opened(mask) == minutes(("00:00", "09:00"), ("22:00", "24:00"))
    assert _runs(mask) == (("00:00", "09:00"), ("22:00", "23:59"))


def test_days_either_side_of_a_clock_change_keep_the_hours_both_allow_and_say_so() -> None:
    days = tuple(dt.date(2027, 3, 13) + dt.timedelta(days=n) for n in range(3))
    mask = _mask(LOCAL, (NEW_YORK,), UTC8, days)
    # EST: 22:00-09:00 vendor time; EDT: 21:00-08:00; every day: 22:00-08:00
    assert opened(mask) == minutes(("00:00", "08:00"), ("22:00", "24:00"))
    said = _narrowed(LOCAL, mask, ("America/New_York",), days, UTC8)
    assert said.startswith("60 minutes a day less than the local windows")
    assert "America/New_York on 2027-03-14" in said


def test_a_number_of_several_zones_gets_the_minutes_all_of_them_allow() -> None:
    zones = (ZoneInfo("Australia/Perth"), ZoneInfo("Australia/Sydney"))
    mask = _mask(LOCAL, zones, UTC8, (dt.date(2027, 1, 12),))
    # Perth is UTC+8 (09:00-20:00 vendor time), Sydney UTC+11 in summer (06:00-17:00)
    assert opened(mask) == minutes(("09:00", "17:00"))


def test_labels_name_the_offsets_and_their_change() -> None:
    hour = dt.timedelta(hours=1)
    assert zone_label([[-5 * hour], [-5 * hour]]) == "UTC-05:00"
    assert zone_label([[-5 * hour], [-4 * hour]]) == "UTC-05:00>-04:00"
    assert zone_label([[8 * hour, 11 * hour]]) == "UTC+08:00..+11:00"
    assert zone_label([[dt.timedelta(hours=9, minutes=30)]]) == "UTC+09:30"


def lint(
    folder: Path, numbers: list[str], name: str = "split", excepted: str = ""
) -> list[Diagnostic]:
    (folder / ".git").mkdir(exist_ok=True)
    listed = ", ".join(f'"{number}"' for number in numbers)
    (folder / "c.yaml").write_text(
        f"appId: app-1\ntaskName: {name}\nsource: 3\ntext: Hello\nlan: EN\n"
        f'purpose: informational\nsendTime: "2027-01-12 09:00:00"\nnumberList: [{listed}]\n'
        'localWindows:\n  - strTime: "09:00"\n    endTime: "20:00"\n'
        "loopCount: 1\nmaxCalls: 60\n"
        "policyExceptions:\n  - {rule: calling-hours, reason: judged by its own tests}\n"
        + (f"  - {{rule: {excepted}, reason: reviewed by a person}}\n" if excepted else "")
    )
    found = check_files([folder / "c.yaml"], NOW, UTC8).diagnostics
    return [d for d in found if d.rule == "local-windows"]


def test_a_campaign_that_splits_cleanly_has_no_finding(tmp_path: Path) -> None:
    assert lint(tmp_path, ["12125550143", "13105550143"]) == []


def test_a_task_name_too_long_for_its_parts_names_the_length_to_keep(tmp_path: Path) -> None:
    [found] = lint(tmp_path, ["12125550143"], name="x" * 60)
    assert "shorten taskName to at most 54 characters" in found.message
    assert found.line == 2


def test_a_number_of_no_known_zone_cannot_be_placed(tmp_path: Path) -> None:
    [found] = lint(tmp_path, ["12125550143", "80012345678"])  # +800: no place
    assert "no known time zone" in found.message
    assert "allowSendTime" in found.message


def test_an_excepted_invalid_number_is_not_left_out_of_the_parts_silently(tmp_path: Path) -> None:
    [found] = lint(tmp_path, ["12125550143", "11115550143"], excepted="invalid-number")
    assert found.message.startswith("1 number of no country libphonenumber knows")


def test_a_recall_keeps_its_parents_parts_and_narrows_one_the_clocks_have_since_split(
    tmp_path: Path,
) -> None:
    """In January Phoenix and Denver are one part (UTC-07:00); in April Denver is an hour ahead.
    The vendor re-calls a part's failed numbers as one task: the re-call's part keeps them
    together, in the hours both zones allow, and says what that costs."""
    from broadcastctl.workflow.desired import desired_tasks  # noqa: PLC0415 - this test only

    (tmp_path / ".git").mkdir()
    head = "appId: app-1\nsource: 3\ntext: Hello\nlan: EN\nloopCount: 1\nmaxCalls: 60\n"
    windows = 'localWindows:\n  - strTime: "09:00"\n    endTime: "20:00"\n'
    (tmp_path / "parent.yaml").write_text(
        head + 'taskName: mountain\nsendTime: "2027-01-12 09:00:00"\n' + windows
        + 'numberList: ["16025550101", "13035550101"]\n'
    )  # fmt: skip
    (tmp_path / "again.yaml").write_text(
        head + 'taskName: mountain again\nsendTime: "2027-04-13 09:00:00"\n' + windows
        + "recallOf: mountain\n"
    )  # fmt: skip
    found = desired_tasks([str(tmp_path)], NOW, UTC8)
    assert not found.lint.errors, found.lint.errors
    by_name = {task.task_name: task for task in found.tasks}
    assert set(by_name) == {"mountain UTC-07:00", "mountain again UTC-07:00"}
    parent, again = by_name["mountain UTC-07:00"], by_name["mountain again UTC-07:00"]
    assert again.recall is not None
    assert again.recall.parent == "mountain UTC-07:00"
    assert again.campaign == "mountain again"
    assert again.part is not None
    assert parent.part is not None
    assert again.part.zones == parent.part.zones == ("America/Denver", "America/Phoenix")
    # 09:00-20:00 MST is 00:00-11:00 at UTC+8; MDT (Denver in April) 23:00-10:00: both, 00:00-10:00
    assert parent.body["allowSendTime"] == [{"strTime": "00:00", "endTime": "11:00"}]
    assert again.body["allowSendTime"] == [{"strTime": "00:00", "endTime": "10:00"}]
    assert again.part.narrowed.startswith("60 minutes a day less than the local windows")
    assert "its zones (America/Denver, America/Phoenix) keep different hours" in again.part.narrowed
