"""The days a task calls: the first window on or after sendTime (the next day's, when sendTime
is past the day's windows), and each following day while its numbers may still be dialled;
each judged with its own weekday, holiday and UTC offset."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from broadcastctl.checks.pipeline import check_files
from broadcastctl.lint.campaigns import load_campaign
from broadcastctl.lint.diagnostics import Diagnostic
from broadcastctl.policy.localrules import CALLS_PER_MINUTE, calling_days
from broadcastctl.policy.policyfile import DEFAULT_POLICY, Policy

NOW = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)
UTC8 = dt.timezone(dt.timedelta(hours=8))
W = ("10:00", "10:30")  # 20:00-20:30 CST in Chicago: allowed
UTC_5 = dt.timezone(dt.timedelta(hours=-5))  # BROADCASTCTL_API_TIMEZONE=-05:00


def campaign(numbers: list[str], send: str, window: tuple[str, str]) -> str:
    listed = ", ".join(f'"{number}"' for number in numbers)
    return (
        f"appId: app-1\ntaskName: days {send}\nsource: 3\ntext: Hello\nlan: EN\n"
        f'purpose: informational\nsendTime: "{send}"\nnumberList: [{listed}]\nallowSendTime:\n'
        f'  - strTime: "{window[0]}"\n    endTime: "{window[1]}"\nloopCount: 1\nmaxCalls: 60\n'
    )


def lint(folder: Path, text: str, vendor: dt.tzinfo = UTC8, policy: str = "") -> list[Diagnostic]:
    (folder / ".git").mkdir(exist_ok=True)
    if policy:
        (folder / "broadcastctl.yaml").write_text(policy)
    (folder / "c.yaml").write_text(text)
    return check_files([folder / "c.yaml"], NOW, vendor).diagnostics


# sendTime late in the evening, after the day's window: the first window is the next day's, on
# the day the clocks change (vendor zone, number, sendTime, window, what the error says)
LATE = {
    "New York 07:00 EST": (
        UTC8, "12125550123", "2027-11-06 23:00:00", ("20:00", "21:00"),
        ["07:00-08:00 local time (America/New_York) on Sunday 2027-11-07"],
    ),
    "Chicago 21:00 CDT": (
        UTC_5, "13125550123", "2027-03-13 23:00:00", ("21:00", "21:30"),
        ["21:00-21:30 local time (America/Chicago) on Sunday 2027-03-14"],
    ),
    "London 07:00": (
        UTC8, "442079460123", "2027-10-30 23:00:00", ("15:00", "16:00"),
        ["07:00-08:00 local time (Europe/London) on Sunday 2027-10-31"],
    ),
    "Sydney 07:00": (
        UTC8, "61212345678", "2027-04-03 23:00:00", ("05:00", "06:00"),
        ["07:00-08:00 local time (Australia/Sydney) on Sunday 2027-04-04"],
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", LATE)
def test_a_late_send_time_is_judged_on_the_day_of_its_first_window(
    tmp_path: Path, case: str
) -> None:
    vendor, number, send, window, words = LATE[case]
    found = lint(tmp_path, campaign([number], send, window), vendor)
    assert [d.rule for d in found] == ["calling-hours"]
    for word in words:
        assert word in found[0].message


@pytest.mark.parametrize("case", LATE)
def test_the_same_window_the_day_before_the_change_is_clean(tmp_path: Path, case: str) -> None:
    vendor, number, send, window, _ = LATE[case]
    earlier = send.replace("23:00:00", "00:00:00")  # the window of sendTime's own day
    assert lint(tmp_path, campaign([number], earlier, window), vendor) == []


def _chicago(count: int) -> list[str]:
    return [f"1312201{n:04}" for n in range(count)]


def test_a_task_of_many_numbers_is_judged_on_each_day_it_may_still_call(tmp_path: Path) -> None:
    # 10:00-10:30 UTC+8 is 20:00-20:30 CST on Saturday the 13th in Chicago; the next day's is
    # 21:00-21:30 CDT, after the clocks changed: one more number than a day's window holds
    one_day = CALLS_PER_MINUTE * 30
    send, window = "2027-03-13 23:00:00", ("10:00", "10:30")
    assert lint(tmp_path, campaign(_chicago(one_day), send, window)) == []
    (found,) = lint(tmp_path, campaign(_chicago(one_day + 1), send, window))
    assert "21:00-21:30 local time (America/Chicago) on Sunday 2027-03-14" in found.message
    assert "on 2027-03-15" in found.message  # the vendor day of the window


def test_the_policy_bounds_the_days_judged(tmp_path: Path) -> None:
    text = campaign(_chicago(CALLS_PER_MINUTE * 30 + 1), "2027-03-13 23:00:00", ("10:00", "10:30"))
    assert lint(tmp_path, text, policy="max_calling_days: 1\n") == []


def test_a_bad_max_calling_days_is_reported_on_its_line(tmp_path: Path) -> None:
    text = campaign(["13125550123"], "2027-03-01 10:00:00", ("10:00", "10:30"))
    found = lint(tmp_path, text, policy="countries: [US]\nmax_calling_days: 0\n")
    (bad,) = [d for d in found if d.rule == "policy"]
    assert bad.line == 2
    assert "max_calling_days" in bad.message
    assert "below 1" in bad.message


def _days(tmp_path: Path, send: str, window: tuple[str, str], count: int, most: int) -> list[str]:
    path = tmp_path / "c.yaml"
    path.write_text(campaign(["13125550123"], send, window))
    loaded = load_campaign(path).campaign
    assert loaded is not None
    policy = Policy(max_calling_days=most)
    return [str(day) for day in calling_days(loaded, count, policy, NOW, UTC8)]


def test_calling_days_count_the_minutes_left_on_the_first_day(tmp_path: Path) -> None:
    window, hour = ("09:00", "10:00"), CALLS_PER_MINUTE * 60
    assert _days(tmp_path, "2027-03-01 09:00:00", window, hour, 7) == ["2027-03-01"]
    # started half-way through the window: half an hour left that day
    assert _days(tmp_path, "2027-03-01 09:30:00", window, hour, 7) == ["2027-03-01", "2027-03-02"]
    assert _days(tmp_path, "2027-03-01 10:00:00", window, hour, 7) == ["2027-03-02"]
    assert _days(tmp_path, "2027-03-01 08:00:00", window, 3 * hour, 7) == [
        "2027-03-01",
        "2027-03-02",
        "2027-03-03",
    ]
    assert _days(tmp_path, "2027-03-01 08:00:00", window, 3 * hour, 2) == [
        "2027-03-01",
        "2027-03-02",
    ]
    assert DEFAULT_POLICY.max_calling_days == 7


# the days the clocks change in 2027, and the day after, where the numbers live
CHANGES = {
    "19075550123": ("2027-03-14", "2027-03-15", "2027-11-07", "2027-11-08"),  # Alaska
    "12125550123": ("2027-03-14", "2027-03-15", "2027-11-07", "2027-11-08"),  # New York
    "12135550123": ("2027-03-14", "2027-03-15", "2027-11-07", "2027-11-08"),  # Los Angeles
    "442079460123": ("2027-03-28", "2027-03-29", "2027-10-31", "2027-11-01"),  # London
    "33199001234": ("2027-03-28", "2027-03-29", "2027-10-31", "2027-11-01"),  # Paris
    "61212345678": ("2027-04-04", "2027-04-05", "2027-10-03", "2027-10-04"),  # Sydney
}
HINT = re.compile(r"\(([A-Za-z_/]+)\) on .*calls there fit within (.+) vendor time on ")


def _hinted(folder: Path, number: str, day: str, window: tuple[str, str], purpose: str) -> int:
    """Lint a campaign, write each hint it gives into it, lint again: how many hints were
    checked (each must leave its zone clean)."""
    text = campaign([number], f"{day} 00:00:00", window).replace("informational", purpose)
    checked = 0
    for found in lint(folder, text):
        match = HINT.search(found.message)
        if match is None:
            continue
        zone, fit = match.groups()
        windows = "".join(
            f'  - strTime: "{part[:5]}"\n    endTime: "{part[6:]}"\n' for part in fit.split(" and ")
        )
        fixed = re.sub(r"allowSendTime:\n(  .*\n)+", f"allowSendTime:\n{windows}", text)
        again = [d.message for d in lint(folder, fixed) if d.rule == "calling-hours"]
        assert not [message for message in again if f"({zone})" in message], (fit, again)
        checked += 1
    return checked


@pytest.mark.parametrize("number", CHANGES)
def test_the_fit_hint_passes_its_own_check_on_the_days_the_clocks_change(
    tmp_path: Path, number: str
) -> None:
    checked = 0
    for day in CHANGES[number]:
        for window in [("00:00", "23:59"), ("23:00", "23:59"), ("00:00", "01:00")]:
            for purpose in ["marketing", "informational"]:
                checked += _hinted(tmp_path, number, day, window, purpose)
    assert checked >= 4  # hints were given, and each was tried


def test_the_alaska_hint_on_the_day_the_clocks_go_forward_names_its_vendor_day(
    tmp_path: Path,
) -> None:
    # 23:00 UTC+8 on the 14th is 07:00 AKDT on the 14th in Anchorage: the allowed hours of
    # that vendor day are 01:00-14:00 (08:00-21:00 AKST on the 13th), not 00:00-13:00
    text = campaign(["19075550123"], "2027-03-14 00:00:00", ("23:00", "23:59"))
    messages = [d.message for d in lint(tmp_path, text) if "(America/Anchorage)" in d.message]
    assert messages
    assert "calls there fit within 01:00-14:00 vendor time on 2027-03-14" in messages[0]


def test_numbers_of_no_time_zone_are_counted_in_a_warning(tmp_path: Path) -> None:
    text = campaign(["80012345678", "979123456789", "13125550123"], "2027-03-01 10:00:00", W)
    (found,) = lint(tmp_path, text)
    assert (found.rule, found.severity.value, found.line) == ("unjudged-hours", "warning", 8)
    assert found.message.startswith("2 numbers are of no known time zone")
    assert "80012345678" not in found.message
    assert lint(tmp_path, campaign(["13125550123"], "2027-03-01 10:00:00", W)) == []


def test_a_registry_list_is_judged_on_the_last_day_a_task_of_many_numbers_may_call(
    tmp_path: Path,
) -> None:
    # a one-minute window holds CALLS_PER_MINUTE numbers a day: one more calls on the 12th too
    (tmp_path / "tps.txt").write_text("# exported: 2026-12-01\n442079460999\n")
    policy = "suppression:\n  - {file: tps.txt, registry: uk-tps}\n"
    numbers = [f"44207946{n:04}" for n in range(CALLS_PER_MINUTE + 1)]
    text = campaign(numbers, "2026-12-29 17:00:00", ("17:00", "17:01"))
    (found,) = lint(tmp_path, text, policy=policy)
    assert found.rule == "stale-suppression"
    assert "29 days before 2026-12-30, the last day a campaign here calls" in found.message
    fresh = campaign(numbers[:-1], "2026-12-29 17:00:00", ("17:00", "17:01"))
    assert lint(tmp_path, fresh, policy=policy) == []  # its last day is 28 days after
