"""The Diagnostic record: one problem in one file, where it stands and what to do about it."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True, kw_only=True)
class Diagnostic:
    """A finding; `line` and `column` are 1-based, `pointer` is a JSON pointer into the campaign."""

    file: str
    line: int
    column: int
    severity: Severity
    rule: str
    message: str
    pointer: str = ""


def in_order(d: Diagnostic) -> tuple[str, int, int, str, str, str, str]:
    """Sort key giving the dataclass order; tuples compare in C, 20 times faster than `<`."""
    return (d.file, d.line, d.column, d.severity, d.rule, d.message, d.pointer)


def error(file: str, at: tuple[int, int], rule: str, message: str, pointer: str = "") -> Diagnostic:
    return Diagnostic(
        file=utf8(file), line=at[0], column=at[1], severity=Severity.ERROR, rule=rule,
        message=utf8(message), pointer=pointer,
    )  # fmt: skip


def warning(
    file: str, at: tuple[int, int], rule: str, message: str, pointer: str = ""
) -> Diagnostic:
    return Diagnostic(
        file=utf8(file), line=at[0], column=at[1], severity=Severity.WARNING, rule=rule,
        message=utf8(message), pointer=pointer,
    )  # fmt: skip


def utf8(text: str) -> str:
    """Text that encodes as UTF-8: bytes of a file name that were not UTF-8 (which Python keeps
    as lone surrogates) are written as \\xNN, so JSON and SARIF stay valid and printing works."""
    return _SURROGATE.sub(_escaped, text) if not text.isascii() else text


_SURROGATE = re.compile("[\ud800-\udfff]")


def _escaped(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def json_pointer(parts: Iterable[str | int]) -> str:
    """RFC 6901 pointer for a path of keys and indexes; "" is the whole document."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)
