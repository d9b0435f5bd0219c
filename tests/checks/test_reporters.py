"""Output formats, each exactly as its reader (a person, a script, GitHub, code scanning) needs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from broadcastctl.checks.pipeline import check_files
from broadcastctl.checks.registry import declared
from broadcastctl.checks.reporters import (
    Report,
    report_github,
    report_json,
    report_sarif,
    report_step_summary,
    report_text,
)
from broadcastctl.lint.diagnostics import Diagnostic, Severity
from broadcastctl.output.style import Style

ERROR = Diagnostic(
    file="c/a.yaml",
    line=3,
    column=5,
    severity=Severity.ERROR,
    rule="required",
    message="`appId` is required",
    pointer="/appId",
)
WARNING = Diagnostic(
    file="c/b.yaml",
    line=7,
    column=1,
    severity=Severity.WARNING,
    rule="no-effect",
    message="50%, a: b\nnext",
    pointer="/text",
)
REPORT = Report(4, [ERROR, WARNING])


def test_json_is_exactly_the_documented_object() -> None:
    document = json.loads(report_json(REPORT))
    assert document == {
        "checked": 4,
        "errors": 1,
        "warnings": 1,
        "diagnostics": [
            {"file": "c/a.yaml", "line": 3, "column": 5, "severity": "error", "rule": "required",
             "pointer": "/appId", "message": "`appId` is required"},
            {"file": "c/b.yaml", "line": 7, "column": 1, "severity": "warning", "rule": "no-effect",
             "pointer": "/text", "message": "50%, a: b\nnext"},
        ],
    }  # fmt: skip


def test_text_groups_by_file_and_ends_with_a_summary() -> None:
    text = report_text(REPORT, Style(False))
    assert text == (
        "c/a.yaml:3:5: error required `appId` is required\n\n"
        "c/b.yaml:7:1: warning no-effect 50%, a: b\nnext\n\n"
        "1 error, 1 warning (4 files checked)\n"
    )
    assert "\033[" not in text
    assert "\033[1;31merror\033[0m" in report_text(REPORT, Style(True))


def test_a_clean_run_says_so() -> None:
    assert report_text(Report(2, []), Style(False)) == "2 files checked: no problems\n"


def test_github_commands_escape_what_would_break_them() -> None:
    lines = report_github(REPORT).splitlines()
    assert lines[0] == "::error file=c/a.yaml,line=3,col=5,title=required::`appId` is required"
    assert lines[1] == "::warning file=c/b.yaml,line=7,col=1,title=no-effect::50%25, a: b%0Anext"


def test_the_step_summary_lists_everything_as_a_table() -> None:
    summary = report_step_summary(REPORT)
    assert "| `c/a.yaml:3:5` | error | `required` | \\`appId\\` is required |" in summary
    assert "50%, a: b next" in summary


def test_every_sarif_rule_has_the_descriptions_and_help_code_scanning_requires() -> None:
    [run] = json.loads(report_sarif(REPORT))["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    for rule in run["tool"]["driver"]["rules"]:
        assert rule["shortDescription"]["text"], rule["id"]
        assert len(rule["fullDescription"]["text"]) > len(rule["shortDescription"]["text"])
        assert rule["fullDescription"]["text"].endswith("."), rule["id"]
        assert f"rule `{rule['id']}`" in rule["help"]["text"]
        assert "](https://" in rule["help"]["markdown"]
        assert rule["helpUri"].endswith("#rules")


def test_sarif_columns_count_characters_as_lint_does(tmp_path: Path) -> None:
    """An emoji is one code point but two UTF-16 units: the column must mean the former."""
    campaign = tmp_path / "c.yaml"
    campaign.write_text(
        'appId: "😀"\ntaskName: t1\nsource: 3\ntext: hi\nlan: EN\nloopCount: 1\n'
        'maxCalls: 60\nnumberList: ["12025550101"]\n'
        'allowSendTime: [{strTime: "😀", endTime: "9:00"}]\n',
        encoding="utf-8",
    )
    checked = check_files([campaign], dt.datetime(2026, 11, 27, tzinfo=dt.UTC), dt.UTC)
    [bad] = [d for d in checked.diagnostics if d.pointer == "/allowSendTime/0/endTime"]
    assert bad.column == len('allowSendTime: [{strTime: "😀", endTime: ') + 1
    [run] = json.loads(report_sarif(Report(1, checked.diagnostics)))["runs"]
    assert run["columnKind"] == "unicodeCodePoints"


def test_sarif_has_the_2_1_0_shape_code_scanning_reads() -> None:
    document = json.loads(report_sarif(REPORT))
    assert document["version"] == "2.1.0"
    [run] = document["runs"]
    assert run["tool"]["driver"]["name"] == "broadcastctl"
    assert {rule["id"] for rule in run["tool"]["driver"]["rules"]} >= set(declared())
    first = run["results"][0]
    assert first["ruleId"] == "required"
    assert first["level"] == "error"
    location = first["locations"][0]["physicalLocation"]
    assert location == {
        "artifactLocation": {"uri": "c/a.yaml"},
        "region": {"startLine": 3, "startColumn": 5},
    }
