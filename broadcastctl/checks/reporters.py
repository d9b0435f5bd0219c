"""Lint output formats, looked up by name: text, json, github (workflow commands) and sarif."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from broadcastctl import __version__
from broadcastctl.checks.registry import declared
from broadcastctl.lint.diagnostics import Diagnostic, Severity
from broadcastctl.lint.registry import Group, Rule
from broadcastctl.output.markdown import markdown_cell, markdown_code
from broadcastctl.output.style import Style
from broadcastctl.output.words import plural

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/broadcastctl/broadcastctl"
RULES_URI = f"{INFORMATION_URI}/blob/main/docs/lint.md#rules"  # every rule, in tables

# What each group of rules is, for SARIF's fullDescription and help.
_GROUP_TEXT = {
    Group.FILE: "Found while reading the file, before the schema: the YAML itself, or a file it "
    "refers to (numberFile, audioFile).",
    Group.SCHEMA: "Found by the campaign JSON Schema (`broadcastctl schema`), which editors with "
    "the YAML language server also apply as the file is typed.",
    Group.RULE: "A check the JSON Schema cannot express, made by `broadcastctl lint`.",
    Group.POLICY: "A check of the safety of the people called, under the policy file "
    "broadcastctl.yaml (or its defaults).",
}


@dataclass(frozen=True)
class Report:
    checked: int
    diagnostics: Sequence[Diagnostic]

    @property
    def errors(self) -> int:
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity is Severity.WARNING for d in self.diagnostics)


_SEVERITY_COLOURS = {Severity.ERROR: "1;31", Severity.WARNING: "1;33"}


def report_text(report: Report, style: Style) -> str:
    """`file:line:col: severity rule message`, grouped by file, then a summary line."""
    blocks = [
        "\n".join(_text_line(d, style) for d in diagnostics)
        for _, diagnostics in groupby(report.diagnostics, key=lambda d: d.file)
    ]
    return "\n\n".join([*blocks, _summary(report, style)]) + "\n"


def _text_line(d: Diagnostic, style: Style) -> str:
    where = style.paint(f"{d.file}:{d.line}:{d.column}:", "1")
    severity = style.paint(d.severity.value, _SEVERITY_COLOURS[d.severity])
    return f"{where} {severity} {style.paint(d.rule, '2')} {d.message}"


def _summary(report: Report, style: Style) -> str:
    files = plural(report.checked, "file")
    if not report.diagnostics:
        return style.paint(f"{files} checked: no problems", "32")
    counts = f"{plural(report.errors, 'error')}, {plural(report.warnings, 'warning')}"
    code = "1;31" if report.errors else "1;33"
    return style.paint(f"{counts} ({files} checked)", code)


def report_json(report: Report) -> str:
    document = {
        "checked": report.checked,
        "errors": report.errors,
        "warnings": report.warnings,
        "diagnostics": [
            {
                "file": d.file,
                "line": d.line,
                "column": d.column,
                "severity": d.severity.value,
                "rule": d.rule,
                "pointer": d.pointer,
                "message": d.message,
            }
            for d in report.diagnostics
        ],
    }
    return json.dumps(document, ensure_ascii=False) + "\n"


def report_github(report: Report) -> str:
    """Workflow commands; GitHub shows them as annotations on the pull request's lines."""
    lines = [
        f"::{d.severity.value} file={_property(d.file)},line={d.line},col={d.column},"
        f"title={_property(d.rule)}::{_data(d.message)}"
        for d in report.diagnostics
    ]
    return "\n".join([*lines, _summary(report, Style(False))]) + "\n"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def report_step_summary(report: Report) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: the full list, since annotations stop at 10 a kind."""
    if not report.diagnostics:
        checked = plural(report.checked, "file")
        return f"### broadcastctl lint\n\n{checked} checked: no problems.\n"
    rows = [
        f"| {markdown_code(f'{d.file}:{d.line}:{d.column}')} | {d.severity.value} | `{d.rule}` | "
        f"{markdown_cell(d.message)} |"
        for d in report.diagnostics
    ]
    return "\n".join(
        [
            "### broadcastctl lint",
            "",
            _summary(report, Style(False)),
            "",
            "| where | severity | rule | message |",
            "| --- | --- | --- | --- |",
            *rows,
            "",
        ]
    )


def report_sarif(report: Report) -> str:
    """SARIF 2.1.0, for code-scanning upload."""
    rules = declared()
    used = sorted({d.rule for d in report.diagnostics} | set(rules))
    document: dict[str, Any] = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "broadcastctl",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_sarif_rule(rule, rules.get(rule)) for rule in used],
                    }
                },
                "results": [_sarif_result(d) for d in report.diagnostics],
                # Columns count characters (code points), as the YAML parser reports them.
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _sarif_rule(rule: str, info: Rule | None) -> dict[str, Any]:
    """A rule with the descriptions and help code scanning requires (GitHub shows help beside
    each alert; the SARIF Multitool's GH2012 asks for it)."""
    short = info.description if info else rule
    full = f"{short[:1].upper()}{short[1:]}. {_GROUP_TEXT[info.group] if info else ''}".strip()
    fix = "Each result's message says what to change, on the line it points at."
    local = f"Run `broadcastctl lint` to see the same diagnostics locally (rule `{rule}`)."
    return {
        "id": rule,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {
            "text": f"{full} {fix} {local} Rules: {RULES_URI}",
            "markdown": f"{full}\n\n{fix} {local}\n\nSee [the rules]({RULES_URI}).",
        },
        "helpUri": RULES_URI,
    }


def _sarif_result(d: Diagnostic) -> dict[str, Any]:
    return {
        "ruleId": d.rule,
        "level": d.severity.value,
        "message": {"text": d.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": d.file},
                    "region": {"startLine": d.line, "startColumn": d.column},
                }
            }
        ],
    }


REPORTERS: dict[str, Callable[[Report, Style], str]] = {
    "text": report_text,
    "json": lambda report, _: report_json(report),
    "github": lambda report, _: report_github(report),
    "sarif": lambda report, _: report_sarif(report),
}
