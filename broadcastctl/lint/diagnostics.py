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


# Every rule id a diagnostic can carry, with what it checks (for SARIF and the README).
RULE_DESCRIPTIONS: dict[str, str] = {
    "yaml-syntax": "the file is valid YAML",
    "yaml-tab": "indentation uses spaces, not tabs",
    "yaml-encoding": "the file is UTF-8",
    "yaml-empty": "the file holds a campaign",
    "yaml-not-mapping": "the top level is a mapping of fields",
    "yaml-multiple-documents": "one YAML document (one task) per file",
    "yaml-duplicate-key": "no key is given twice",
    "yaml-key": "keys are plain names",
    "yaml-tag": "no YAML tags beyond !!str, !!int and !!float",
    "yaml-character": "no control character or other character that YAML does not allow",
    "yaml-too-large": "the document, aliases expanded, and each number stay within a safe size",
    "yaml-too-deep": "nesting stays within a safe depth",
    "yaml-ambiguous-value": "no unquoted number with a leading zero (YAML readers disagree)",
    "file-too-large": "campaign, number and audio files stay within their size limits",
    "file-unreadable": "every file can be read (no broken link, no missing permission)",
    "file-reference": "numberFile and audioFile name existing files inside the repository",
    "required": "fields the vendor requires are present",
    "conditional-required": "fields that a switch (source, hangUpSms, toSeat) requires are present",
    "unknown-key": "every key is an API field or one of broadcastctl's own",
    "wrong-type": "each value has the type the API takes",
    "not-allowed-value": "switches and codes take one of their allowed values",
    "out-of-range": "numbers stay within the vendor's limits",
    "bad-length": "text stays within the vendor's length limits",
    "bad-format": "times and caller ids have the vendor's format",
    "bad-count": "a task has 1 to 200,000 numbers and at most 3 calling windows",
    "bad-number": "each number is 7 to 15 digits, country code first",
    "conflict": "keys that exclude each other are not given together",
    "condition": "combinations the vendor requires (an SMS needs at least one trigger)",
    "schema": "any other rule of the schema",
    "duplicate-task-name": "each taskName is used by one file only",
    "duplicate-number": "no number is listed twice in one campaign",
    "send-window": "calling windows end after they start and do not overlap",
    "send-time": "sendTime is a real calendar moment, and not in the past",
    "base-file": "baseFile / audioFile hold mp3, wav or m4a audio, named after its format",
    "no-effect": "no field is given that its switch turns off",
}
