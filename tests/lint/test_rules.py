"""Rules beyond the schema, on small campaigns written in the test."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from broadcastctl.audio import audio_kind
from broadcastctl.checks.pipeline import check_files
from broadcastctl.lint.diagnostics import Diagnostic

UTC8 = dt.timezone(dt.timedelta(hours=8))
BASE = """appId: app-1
taskName: {name}
source: 3
text: Hello
lan: EN
numberList:
  - "12025550101"
loopCount: 1
maxCalls: 60
allowSendTime:
  - strTime: "00:00"
    endTime: "08:00"
"""


def lint(paths: list[Path], now: dt.datetime | None = None) -> list[Diagnostic]:
    moment = now or dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
    return check_files(paths, moment, UTC8).diagnostics


def campaign(tmp_path: Path, name: str, extra: str = "", task: str | None = None) -> Path:
    """A valid campaign in `name`.yaml, plus `extra` lines; taskName defaults to the file name."""
    path = tmp_path / f"{name}.yaml"
    path.write_text(BASE.format(name=task or name) + extra)
    return path


def test_a_task_name_used_twice_is_reported_in_both_files(tmp_path: Path) -> None:
    first = campaign(tmp_path, "first", task="same name")
    second = campaign(tmp_path, "second", task="same name")
    third = campaign(tmp_path, "third")
    found = lint([first, second, third])
    assert [(Path(d.file).name, d.line, d.rule) for d in found] == [
        ("first.yaml", 2, "duplicate-task-name"),
        ("second.yaml", 2, "duplicate-task-name"),
    ]
    assert "second.yaml:2" in found[0].message
    assert "first.yaml:2" in found[1].message


def test_send_time_in_the_past_is_judged_in_the_vendors_zone(tmp_path: Path) -> None:
    path = campaign(tmp_path, "camp", "sendTime: 2027-01-01 08:00:00\n")
    # 08:00 at UTC+8 is 00:00 UTC: one minute before is future, one minute after is past.
    before = dt.datetime(2026, 12, 31, 23, 59, tzinfo=dt.UTC)
    after = dt.datetime(2027, 1, 1, 0, 1, tzinfo=dt.UTC)
    assert lint([path], before) == []
    [late] = lint([path], after)
    assert (late.rule, late.severity.value) == ("send-time", "warning")


def test_the_highest_switch_that_is_off_is_named(tmp_path: Path) -> None:
    path = campaign(tmp_path, "camp", "hangUpSms: 0\nfeedbackPush: 1\nfeedbackValue: '1'\n")
    found = lint([path])
    assert [(d.line, d.rule) for d in found] == [(14, "no-effect"), (15, "no-effect")]
    assert all("`hangUpSms` is 0 (line 13)" in d.message for d in found)


def test_many_duplicate_numbers_are_summed_up_in_one_warning(tmp_path: Path) -> None:
    numbers = "".join(f"  - {12025550100 + i % 10}\n" for i in range(100))
    path = tmp_path / "c.yaml"
    path.write_text(BASE.format(name="camp").replace('  - "12025550101"\n', numbers))
    [warning] = lint([path])
    assert warning.rule == "duplicate-number"
    assert warning.line == 17  # the first repeat
    assert (
        "90 entries repeat numbers listed earlier (here, and on lines 18, 19, 20, 21, ...)"
        in warning.message
    )


def test_audio_kinds_are_recognised_from_their_first_bytes() -> None:
    assert audio_kind(b"ID3\x04\x00" + bytes(20)) == "mp3"
    assert audio_kind(bytes([0xFF, 0xFB, 0x90, 0x64])) == "mp3"
    assert audio_kind(b"RIFF\x00\x00\x00\x00WAVEfmt ") == "wav"
    assert audio_kind(b"\x00\x00\x00\x20ftypM4A \x00") == "m4a"
    assert audio_kind(b"OggS\x00\x02") is None
    assert audio_kind(b"") is None
