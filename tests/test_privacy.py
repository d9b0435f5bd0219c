"""Masking shows enough of a number to recognise it, never a value nobody wrote: a value too
short to mask is shown as written, the same in every lint format."""

from __future__ import annotations

from pathlib import Path

import pytest

from broadcastctl.cli import main
from broadcastctl.privacy import mask_number, mask_numbers_in


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("84901234567", "8490****567"),
        ("12345678", "1234****678"),
        ("1234567", "12****7"),  # four digits hidden: as long as what was written
        ("123456", "123456"),  # too short to call anyone, or to hide four digits of
        ("0123", "0123"),
        (123, "123"),
        ("", ""),
    ],
)
def test_a_mask_hides_four_digits_or_shows_the_value_as_written(value: object, shown: str) -> None:
    assert mask_number(value) == shown


def test_free_text_masks_runs_of_seven_digits_or_more() -> None:
    assert mask_numbers_in("call 12025550101 or 0123") == "call 1202****101 or 0123"


CAMPAIGN = """appId: app-1
taskName: short number
source: 3
text: Hello
lan: EN
sendTime: 2030-01-01 09:00:00
numberList:
  - 0123
  - "12025550101"
loopCount: 1
maxCalls: 60
allowSendTime:
  - {strTime: "00:00", endTime: "08:00"}
"""


@pytest.mark.parametrize("output", ["text", "json", "github", "sarif"])
def test_a_short_unquoted_number_is_shown_as_written_in_every_format(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    output: str,
) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    Path("short.yaml").write_text(CAMPAIGN)
    assert main(["lint", "--format", output, "short.yaml"]) == 1
    out = capsys.readouterr().out
    assert "0123 is read as the number 123" in out
    assert "quote it ('0123')" in out
    assert "123 has 3 digits" in out
    assert "****" not in out
