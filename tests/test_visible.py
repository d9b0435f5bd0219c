"""The one rule for the vendor's text on a terminal: nothing that is not printable, as `?`; and
in JSON, the same characters as escapes that read back whole."""

from __future__ import annotations

import json

import pytest

from broadcastctl.output.markdown import markdown_code, markdown_text
from broadcastctl.visible import json_text, one_line, visible

ATTACKS = [
    "\x1b]0;pwned\x07",  # a title change ended by BEL
    "\x1b[2J",  # clear the screen
    "\x1b]52;c;Y2FsYw==\x07",  # OSC 52: write the clipboard
    "\x08\x08\x08",  # backspaces over what was printed
    "\x00",
    "\x9b31m",  # C1 CSI, as one character
    "\x7f",
    "\u202e",  # right-to-left override
    "\ud800",  # a lone surrogate
    "\u2028",  # a line separator
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_no_control_character_is_shown(attack: str) -> None:
    for shown in (visible(attack), one_line(attack), markdown_text(attack), markdown_code(attack)):
        assert all(c.isprintable() for c in shown), repr(shown)


def test_printable_text_is_kept_as_written() -> None:
    assert visible("Café 東京 😀 +8490") == "Café 東京 😀 +8490"
    assert visible("a\x1bb") == "a?b"
    assert one_line(" a \r\n\tb ") == "a b"


@pytest.mark.parametrize("attack", ATTACKS)
def test_json_escapes_what_it_cannot_show_and_reads_back_whole(attack: str) -> None:
    value = {"name": f"x{attack}y", "nested": [attack, "\U0001f600"]}
    text = json_text(value, indent=2)
    assert all(c.isprintable() or c == "\n" for c in text)
    assert json.loads(text) == value
