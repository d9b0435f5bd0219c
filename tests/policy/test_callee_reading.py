"""Calling windows read in each callee's own zone: `localWindows` always, `allowSendTime` when
the vendor reads it so (BROADCASTCTL_WINDOW_ZONE=callee). calling-hours places them at each
calling day's local date in each zone of the numbers, with no conversion from vendor time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from broadcastctl.checks.pipeline import check_files
from broadcastctl.lint.campaigns import load_campaign
from broadcastctl.lint.diagnostics import Diagnostic
from broadcastctl.policy.localrules import calling_days
from broadcastctl.policy.policyfile import DEFAULT_POLICY
from broadcastctl.windowzone import WindowZone
from tests.areanumbers import valid_numbers

NOW = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)
UTC8 = dt.timezone(dt.timedelta(hours=8))
# New York, Chicago, Denver, Los Angeles, Alaska (Anchorage and Adak), Honolulu
AREAS = {
    "212": "America/New_York",
    "312": "America/Chicago",
    "303": "America/Denver",
    "213": "America/Los_Angeles",
    "907": "America/Anchorage",
    "808": "Pacific/Honolulu",
}
SEND = "2027-01-12 00:00:00"  # Monday 2027-01-11 11:00 in New York, 06:00 in Honolulu


NUMBERS = [number for area in AREAS for number in valid_numbers(area)]


def campaign(key: str, window: tuple[str, str]) -> str:
    listed = ", ".join(f'"{number}"' for number in NUMBERS)
    return (
        "appId: app-1\ntaskName: six zones\nsource: 3\ntext: Hello\nlan: EN\n"
        f'purpose: informational\nsendTime: "{SEND}"\nnumberList: [{listed}]\n{key}:\n'
        f'  - strTime: "{window[0]}"\n    endTime: "{window[1]}"\nloopCount: 1\nmaxCalls: 60\n'
    )


def hours_found(folder: Path, text: str, reading: WindowZone) -> list[Diagnostic]:
    (folder / ".git").mkdir(exist_ok=True)
    (folder / "c.yaml").write_text(text)
    found = check_files([folder / "c.yaml"], NOW, UTC8, reading).diagnostics
    assert not [d for d in found if d.rule != "calling-hours"], found
    return found


@pytest.mark.parametrize("reading", list(WindowZone))
def test_local_windows_within_the_rules_everywhere_pass(
    tmp_path: Path, reading: WindowZone
) -> None:
    assert hours_found(tmp_path, campaign("localWindows", ("09:00", "20:00")), reading) == []


@pytest.mark.parametrize("reading", list(WindowZone))
def test_local_windows_too_early_are_named_in_every_zone(
    tmp_path: Path, reading: WindowZone
) -> None:
    found = hours_found(tmp_path, campaign("localWindows", ("07:00", "20:00")), reading)
    zones = {zone for zone in (*AREAS.values(), "America/Adak") if f"({zone})" in str(found)}
    assert len(zones) == len(AREAS) + 1  # Alaska's numbers may ring in Adak too
    for diagnostic in found:
        assert diagnostic.pointer == "/localWindows/0"
        assert "window 1 (07:00-20:00 local time (localWindows))" in diagnostic.message
        assert "07:00-08:00 falls outside" in diagnostic.message
        assert "calls there fit within 08:00-21:00 local time" in diagnostic.message
        assert "vendor time" not in diagnostic.message
    # each calling day is judged at its local date: the campaign starts at 11:00 in New York
    [new_york] = [d for d in found if "America/New_York" in d.message]
    assert "Tuesday 2027-01-12" in new_york.message
    honolulu = [d for d in found if "Pacific/Honolulu" in d.message]
    assert {"Monday 2027-01-11" in d.message for d in honolulu} == {True, False}


def test_allow_send_time_read_in_each_callees_zone(tmp_path: Path) -> None:
    local = WindowZone.CALLEE
    assert hours_found(tmp_path, campaign("allowSendTime", ("09:00", "20:00")), local) == []
    found = hours_found(tmp_path, campaign("allowSendTime", ("07:00", "20:00")), local)
    assert len({d.message.split("local time (")[2].split(")")[0] for d in found}) == 7
    for diagnostic in found:
        assert diagnostic.pointer == "/allowSendTime/0"
        assert (
            "window 1 (07:00-20:00 local time (BROADCASTCTL_WINDOW_ZONE=callee))"
            in diagnostic.message
        )
        assert "calls there fit within 08:00-21:00 local time" in diagnostic.message


def test_allow_send_time_in_vendor_time_as_before(tmp_path: Path) -> None:
    """09:00-20:00 at UTC+8 is the small hours in the United States."""
    found = hours_found(tmp_path, campaign("allowSendTime", ("09:00", "20:00")), WindowZone.VENDOR)
    assert found
    for diagnostic in found:
        assert "window 1 (09:00-20:00 vendor time on 2027-01-12)" in diagnostic.message
        assert "vendor time on 2027-01-12" in diagnostic.message.split("; ")[-1]


def test_calling_days_count_the_minutes_of_local_windows(tmp_path: Path) -> None:
    """An hour a day at 60 calls a minute is 3,600 numbers a day, whichever key gives it."""
    days = {}
    for key in ("localWindows", "allowSendTime"):
        text = campaign(key, ("10:00", "11:00"))
        (tmp_path / f"{key}.yaml").write_text(text)
        loaded = load_campaign(tmp_path / f"{key}.yaml").campaign
        assert loaded is not None
        days[key] = calling_days(loaded, 10_000, DEFAULT_POLICY, NOW, UTC8)
    assert days["localWindows"] == days["allowSendTime"]
    assert len(days["localWindows"]) == 3
