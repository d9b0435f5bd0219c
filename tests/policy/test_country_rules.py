"""The calling rules by country: each case the built-in rules must catch, the same campaign moved
into allowed hours, holidays, per-person frequency across files, registry freshness, overrides."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from broadcastctl.checks.pipeline import check_files
from broadcastctl.cli import main
from broadcastctl.lint.campaigns import load_campaign
from broadcastctl.lint.diagnostics import Diagnostic
from broadcastctl.plan.views.people import json_people, text_lines
from broadcastctl.policy.audience import audience_of
from broadcastctl.policy.countries import country_rules, intersect
from broadcastctl.policy.frequency import check_frequency
from broadcastctl.policy.localrules import Calling
from broadcastctl.policy.people import people_of
from broadcastctl.policy.policyfile import DEFAULT_POLICY, Window, load_policy

NOW = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)
UTC8 = dt.timezone(dt.timedelta(hours=8))


def campaign(number: str, send: str, window: tuple[str, str], purpose: str | None) -> str:
    said = f"purpose: {purpose}\n" if purpose else ""
    return (
        f"appId: app-1\ntaskName: rules {send}\nsource: 3\ntext: Hello\nlan: EN\n{said}"
        f'sendTime: "{send}"\nnumberList: ["{number}"]\nallowSendTime:\n'
        f'  - strTime: "{window[0]}"\n    endTime: "{window[1]}"\nloopCount: 1\nmaxCalls: 60\n'
    )


def lint(folder: Path, **files: str) -> list[Diagnostic]:
    (folder / ".git").mkdir(exist_ok=True)
    paths = []
    for name, text in files.items():
        (folder / f"{name}.yaml").write_text(text)
        paths.append(folder / f"{name}.yaml")
    return check_files(paths, NOW, UTC8).diagnostics


# (number, purpose, bad send and window, good send and window, words the error must say)
WHY = {
    "AU on a Sunday": (
        "61212345678", "marketing",
        ("2027-01-24 08:00:00", ("08:00", "10:00")), ("2027-01-25 08:00:00", ("08:00", "10:00")),
        ["in AU", "Sunday 2027-01-24", "no calls on Sundays", "packleader.net.au"],
    ),
    "FR on a Saturday": (
        "33612345678", "marketing",
        ("2027-01-09 17:00:00", ("17:00", "19:00")), ("2027-01-11 17:00:00", ("17:00", "19:00")),
        ["in FR", "Saturday 2027-01-09", "no calls on Saturdays", "JORFTEXT000046421823"],
    ),
    "FR at 13:30 on a weekday": (
        "33612345678", None,
        ("2027-01-11 20:30:00", ("20:30", "21:00")), ("2027-01-11 21:00:00", ("21:00", "21:30")),
        ["13:30-14:00 local time", "10:00-13:00, 14:00-20:00 on weekdays", "legifrance"],
    ),
    "CA on a Saturday at 09:30": (
        "16135550123", "marketing",
        ("2027-01-09 22:30:00", ("22:30", "23:00")), ("2027-01-09 23:00:00", ("23:00", "23:30")),
        ["09:30-10:00 local time", "10:00-18:00 on Saturdays", "crtc.gc.ca"],
    ),
    "IN at 08:30": (
        "918123456789", None,
        ("2027-01-11 11:00:00", ("11:00", "11:30")), ("2027-01-11 11:30:00", ("11:30", "12:00")),
        ["08:30-09:00 local time", "09:00-21:00", "unconfirmed"],
    ),
    "VN at 18:00": (
        "84901234567", "marketing",
        ("2027-01-11 19:00:00", ("19:00", "19:30")), ("2027-01-11 10:00:00", ("10:00", "10:30")),
        ["18:00-18:30 local time", "08:00-17:00", "baovinhlong.com.vn"],
    ),
    "ID collection on a Sunday": (
        "62812345678", "collection",
        ("2027-01-10 10:00:00", ("10:00", "11:00")), ("2027-01-11 10:00:00", ("10:00", "11:00")),
        ["Sunday 2027-01-10", "for collection calls allows no calls on Sundays", "okezone.com"],
    ),
    "ID collection on a public holiday": (
        "62812345678", "collection",
        ("2027-01-01 10:00:00", ("10:00", "11:00")), ("2027-01-04 10:00:00", ("10:00", "11:00")),
        ["a public holiday (New Year's Day)", "no calls on public holidays"],
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", WHY)
def test_each_case_is_an_error_naming_the_rule_and_its_source(tmp_path: Path, case: str) -> None:
    number, purpose, (send, window), _, words = WHY[case]
    found = lint(tmp_path, c=campaign(number, send, window, purpose))
    assert [d.rule for d in found] == ["calling-hours"]
    for word in words:
        assert word in found[0].message


@pytest.mark.parametrize("case", WHY)
def test_the_same_campaign_moved_into_allowed_hours_lints_clean(tmp_path: Path, case: str) -> None:
    number, purpose, _, (send, window), _ = WHY[case]
    assert lint(tmp_path, c=campaign(number, send, window, purpose)) == []


def test_an_australian_campaign_on_australia_day_names_the_holiday(tmp_path: Path) -> None:
    text = campaign("61212345678", "2027-01-26 08:00:00", ("08:00", "10:00"), "marketing")
    (found,) = lint(tmp_path, c=text)
    assert "Tuesday 2027-01-26, a public holiday (Australia Day)" in found.message
    assert "no vendor-time window fits that day" in found.message


def test_informational_calls_are_not_held_to_the_marketing_rule(tmp_path: Path) -> None:
    text = campaign("61212345678", "2027-01-24 08:00:00", ("08:00", "10:00"), "informational")
    assert lint(tmp_path, c=text) == []


def test_a_policy_override_replaces_the_built_in_hours_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "broadcastctl.yaml").write_text(
        "calling_rules:\n  FR:\n    saturday: 09:00-12:00\n    holidays: false\n"
    )
    saturday = campaign("33612345678", "2027-01-09 17:00:00", ("17:00", "19:00"), "marketing")
    assert lint(tmp_path, c=saturday) == []
    late = campaign("33612345678", "2027-01-09 18:00:00", ("18:00", "20:00"), "marketing")
    (found,) = lint(tmp_path, c=late)
    assert "the policy, " in found.message
    assert "broadcastctl.yaml line 3" in found.message


def test_a_bad_override_is_reported_on_its_line(tmp_path: Path) -> None:
    (tmp_path / "broadcastctl.yaml").write_text(
        'calling_rules:\n  FR:\n    weekday: ["10:00-13:00", "1400-2000"]\n'
    )
    text = campaign("33612345678", "2027-01-11 17:00:00", ("17:00", "19:00"), "marketing")
    found = [d for d in lint(tmp_path, c=text) if d.rule == "policy"]
    assert [(d.file.endswith("broadcastctl.yaml"), d.line) for d in found] == [(True, 3)]


def _calling(folder: Path, name: str, days: list[str]) -> Calling:
    path = folder / f"{name}.yaml"
    path.write_text(campaign("33612345678", "2027-03-01 17:00:00", ("17:00", "19:00"), None))
    loaded = load_campaign(path).campaign
    assert loaded is not None
    assert loaded.numbers is not None
    calling_days = tuple(dt.date.fromisoformat(day) for day in days)
    return Calling(loaded, audience_of(loaded.numbers), DEFAULT_POLICY, calling_days)


def test_two_files_calling_a_french_number_five_times_in_30_days_are_errors_on_both(
    tmp_path: Path,
) -> None:
    one = _calling(tmp_path, "one", ["2027-03-01", "2027-03-08", "2027-03-15"])
    two = _calling(tmp_path, "two", ["2027-03-22", "2027-03-29"])
    found = check_frequency([one, two])
    assert sorted(d.file for d in found) == sorted([one.campaign.file, two.campaign.file])
    for diagnostic in found:
        assert diagnostic.rule == "call-frequency"
        assert "5 times within 30 days" in diagnostic.message
        assert "at most 4 calls in 30 days" in diagnostic.message
        other = two if diagnostic.file == one.campaign.file else one
        assert other.campaign.file in diagnostic.message
        assert "3361****678" in diagnostic.message
        assert "33612345678" not in diagnostic.message


def test_four_calls_in_30_days_or_five_spread_wider_are_allowed(tmp_path: Path) -> None:
    one = _calling(tmp_path, "one", ["2027-03-01", "2027-03-08"])
    two = _calling(tmp_path, "two", ["2027-03-22", "2027-03-29", "2027-03-31"])
    assert check_frequency([one, two]) == []  # 03-01 to 03-31 is 31 days: at most 4 in any 30
    three = _calling(tmp_path, "three", ["2027-03-02"])
    assert check_frequency([one, _calling(tmp_path, "two", ["2027-03-22"]), three]) == []


def test_five_campaign_files_through_lint(tmp_path: Path) -> None:
    files = {
        f"c{day}": campaign("33612345678", f"2027-03-0{day} 17:00:00", ("17:00", "19:00"), None)
        for day in range(1, 6)
    }
    found = lint(tmp_path, **files)
    assert sorted(Path(d.file).name for d in found if d.rule == "call-frequency") == [
        f"c{day}.yaml" for day in range(1, 6)
    ]


@pytest.mark.parametrize(("age", "stale"), [(29, True), (28, False), (27, False)])
def test_a_uk_tps_list_is_judged_on_the_last_calling_day(
    tmp_path: Path, age: int, stale: bool
) -> None:
    last_day = dt.date(2026, 12, 29)  # so that no export date is after NOW, which is an error
    exported = last_day - dt.timedelta(days=age)
    (tmp_path / "tps.txt").write_text(f"# exported: {exported}\n442079460999\n")
    (tmp_path / "broadcastctl.yaml").write_text(
        "suppression:\n  - {file: tps.txt, registry: uk-tps}\nsuppression_max_age_days: 365\n"
    )
    text = campaign("442079460123", f"{last_day} 17:00:00", ("17:00", "19:00"), "marketing")
    found = [d for d in lint(tmp_path, c=text) if d.rule == "stale-suppression"]
    assert bool(found) is stale
    if stale:
        assert f"{age} days before {last_day}" in found[0].message
        assert "allows 28 days" in found[0].message
        assert "regulation-21" in found[0].message


def test_a_list_may_give_its_own_largest_age(tmp_path: Path) -> None:
    (tmp_path / "own.txt").write_text("# exported: 2026-11-30\n442079460999\n")
    (tmp_path / "broadcastctl.yaml").write_text(
        "suppression:\n  - {file: own.txt, max_age_days: 2}\n"
    )
    text = campaign("442079460123", "2027-01-11 17:00:00", ("17:00", "19:00"), "marketing")
    (found,) = [d for d in lint(tmp_path, c=text) if d.rule == "stale-suppression"]
    assert "its own max_age_days allows 2 days" in found.message


def test_the_rules_command_prints_the_rules_with_their_sources(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["rules", "AU", "FR", "--in", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "AU  Australia" in out
    assert "FR  France" in out
    assert "Sat 09:00-17:00; Sun no calls; holiday no calls" in out
    assert "Mon-Fri 10:00-13:00, 14:00-20:00" in out
    assert "at most 4 calls in 30 days (marketing)" in out
    assert "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000046421823" in out
    assert "donotcall.gov.au" in out
    assert "not legal advice" in out


@pytest.mark.parametrize("view", ["markdown", "json"])
def test_the_rules_command_speaks_markdown_and_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, view: str
) -> None:
    (tmp_path / "broadcastctl.yaml").write_text(
        "calling_rules:\n  FR:\n    frequency: {calls: 2, days: 7}\n"
    )
    assert main(["rules", "FR", "--format", view, "--in", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "at most 2 calls in 7 days" in out or '"calls": 2' in out
    assert "line 3" in out


def test_the_plan_shows_the_purpose_and_the_rule_set_applied_per_country(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(campaign("33612345678", "2027-01-09 17:00:00", ("17:00", "19:00"), "marketing"))
    loaded = load_campaign(path).campaign
    assert loaded is not None
    assert loaded.numbers is not None
    people = people_of(loaded, audience_of(loaded.numbers), DEFAULT_POLICY, NOW, UTC8)
    lines = text_lines(people)
    assert lines[1].startswith("purpose marketing; rules FR: Mon-Fri 10:00-13:00, 14:00-20:00; ")
    assert "Sat no calls; Sun no calls; holidays no calls; at most 4 calls in 30 days" in lines[1]
    assert "legifrance.gouv.fr" in lines[1]
    assert "(outside no calls on Saturday)" in lines[2]
    shown = json_people(people)
    assert shown is not None
    assert shown["purpose"] == "marketing"
    assert "FR" in shown["rules"]


def test_a_reviewed_exception_turns_the_frequency_error_into_a_warning(tmp_path: Path) -> None:
    one = _calling(tmp_path, "one", ["2027-03-01", "2027-03-08", "2027-03-15"])
    path = tmp_path / "two.yaml"
    path.write_text(
        campaign("33612345678", "2027-03-01 17:00:00", ("17:00", "19:00"), None)
        + "policyExceptions:\n  - {rule: call-frequency, reason: consented in review 12}\n"
    )
    loaded = load_campaign(path).campaign
    assert loaded is not None
    assert loaded.numbers is not None
    days = (dt.date(2027, 3, 22), dt.date(2027, 3, 29))
    two = Calling(loaded, audience_of(loaded.numbers), DEFAULT_POLICY, days)
    found = {Path(d.file).name: d for d in check_frequency([one, two])}
    assert found["one.yaml"].severity.value == "error"
    assert found["two.yaml"].severity.value == "warning"
    assert "[excepted: consented in review 12]" in found["two.yaml"].message


def test_without_a_purpose_the_strictest_reading_holds(tmp_path: Path) -> None:
    sunday = ("2027-01-10 10:00:00", ("10:00", "11:00"))
    (found,) = lint(tmp_path, c=campaign("62812345678", *sunday, None))
    assert "no purpose given: the strictest reading" in found.message
    assert "allows no calls on Sundays" in found.message
    assert lint(tmp_path, c=campaign("62812345678", *sunday, "marketing")) == []


def test_calling_hours_of_a_region_hold_every_day_holidays_too(tmp_path: Path) -> None:
    (tmp_path / "broadcastctl.yaml").write_text('calling_hours:\n  regions: {AU: "09:00-20:00"}\n')
    text = campaign("61212345678", "2027-01-26 08:00:00", ("08:00", "10:00"), "marketing")
    assert lint(tmp_path, c=text) == []
    rules = country_rules("AU", load_policy(tmp_path / "broadcastctl.yaml").policy.calling_rules)
    (marketing,) = rules.for_purpose("marketing")
    assert marketing.on("sunday") == marketing.on("holiday")
    assert str(marketing.on("sunday")) == "09:00-20:00"


def test_windows_are_intersected_minute_by_minute() -> None:
    morning, split = (Window(480, 1260),), (Window(600, 780), Window(840, 1200))
    assert intersect(morning, split) == split
    assert intersect((Window(0, 700),), split) == (Window(600, 700),)
    assert intersect(morning, ()) == ()
