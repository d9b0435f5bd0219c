"""Issue 11 tried as a new user would, through the command line, with no policy file unless
the test writes one: numbers that cannot be real, a US campaign that rings at night in vendor
time, and a number on a do-not-call list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from broadcastctl.cli import main

HEAD = """appId: app-1
taskName: {name}
source: 3
text: Hello
lan: EN
loopCount: 1
maxCalls: 60
"""
DAYTIME = 'allowSendTime:\n  - strTime: "00:00"\n    endTime: "08:00"\n'  # 11:00-19:00 New York


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for variable in (
        "GITHUB_ACTIONS",
        "GITHUB_STEP_SUMMARY",
        "NO_COLOR",
        "BROADCASTCTL_API_TIMEZONE",
    ):
        monkeypatch.delenv(variable, raising=False)
    (tmp_path / ".git").mkdir()
    (tmp_path / "campaigns").mkdir()
    return tmp_path


def lint(folder: Path, name: str, body: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    (folder / "campaigns" / f"{name}.yaml").write_text(HEAD.format(name=name) + body)
    assert main(["lint", "--color", "never"]) == 1
    return capsys.readouterr().out.splitlines()


def test_national_format_a_dialling_prefix_and_a_hex_number_are_errors(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = 'numberList:\n  - "07700900123"\n  - "0044770090010"\n  - 0x1234567\n' + DAYTIME
    out = lint(folder, "numbers", body, capsys)
    assert out[:3] == [
        "campaigns/numbers.yaml:9:5: error invalid-number `numberList[0]`: 0770****123 is written "
        "in national format (a leading 0) and has no country code; write the country code "
        "first, without the 0",
        "campaigns/numbers.yaml:10:5: error invalid-number `numberList[1]`: 0044****010 starts "
        "with 00, a dialling prefix; write the country code first, without 00 or '+'",
        # YAML would read 0x1234567 as 19088743: it is judged as written
        "campaigns/numbers.yaml:11:5: error bad-number `numberList[2]`: '0x12****567' is not a "
        "phone number; write each number as the country code and the number, 7 to 15 digits, "
        "with no '+', spaces or dashes",
    ]
    assert "07700900123" not in "\n".join(out)  # masked


def test_a_us_campaign_in_vendor_daytime_rings_us_phones_at_night(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = (
        'sendTime: 2030-01-07 09:00:00\nnumberList: ["12025550143", "13105550143"]\n'
        'allowSendTime:\n  - strTime: "09:00"\n    endTime: "12:00"\n'
    )
    out = lint(folder, "night", body, capsys)
    night = [line for line in out if "calling-hours" in line]
    assert len(night) == 1  # Los Angeles gets the window at 17:00-20:00, inside its hours
    assert night[0].startswith(
        "campaigns/night.yaml:11:14: error calling-hours window 1 (09:00-12:00"
    )
    assert "rings 1 number in US at 20:00-23:00 local time (America/New_York)" in night[0]
    assert "21:00-23:00 falls outside: the rule of United States" in night[0]
    assert "allows 08:00-21:00 on Sundays" in night[0]
    assert (
        "calls there fit within 00:00-10:00 and 21:00-23:59 vendor time on 2030-01-07" in night[0]
    )


def test_a_suppressed_number_fails_lint_on_its_line(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    today = dt.datetime.now(dt.UTC).date()
    (folder / "broadcastctl.yaml").write_text("suppression:\n  - opt-outs.txt\n")
    (folder / "opt-outs.txt").write_text(f"# exported: {today}\n+1 (202) 555-0144\n")
    body = 'numberList:\n  - "12025550143"\n  - "12025550144"\n' + DAYTIME
    out = lint(folder, "opted-out", body, capsys)
    assert out[0] == (
        "campaigns/opted-out.yaml:10:5: error suppressed-number `numberList[1]`: 1202****144 is "
        "on the do-not-call list opt-outs.txt; remove it — it must not be called"
    )
    assert out[-1] == "1 error, 0 warnings (1 file checked)"
