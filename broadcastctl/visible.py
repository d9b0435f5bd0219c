"""Text from elsewhere (the vendor above all) as it may reach a terminal or a log: nothing in it
can act as a control sequence, a line break, or a bidirectional override.

One rule everywhere: every character Python does not call printable (C0 and C1 controls,
ESC, DEL, NUL, format characters such as U+202E, lone surrogates, separators other than the
space) shows as `?`. The JSON views keep values whole instead: the same characters written as
JSON's `\\uXXXX` escapes, which a program reads back as sent.
"""

from __future__ import annotations

import json
from typing import Any

SHOWN_INSTEAD = "?"


def visible(text: str) -> str:
    """The text with every character a terminal could act on shown as `?`."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else SHOWN_INSTEAD for c in text)


def one_line(text: str) -> str:
    """`visible`, with each run of whitespace (line breaks, tabs) made one space first."""
    return visible(" ".join(text.split()))


def json_text(value: Any, **options: Any) -> str:
    """`json.dumps(value, ensure_ascii=False, **options)` with every character that is not
    printable escaped: the same document to a reader, nothing raw for a terminal."""
    text = json.dumps(value, ensure_ascii=False, **options)
    if text.isprintable():
        return text
    return "".join(_escaped(c) if not c.isprintable() and c != "\n" else c for c in text)


def _escaped(character: str) -> str:
    """JSON's escape of one character (a pair of surrogates beyond the first plane)."""
    code = ord(character)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
