"""Data-driven: every file in tests/data/valid lints clean, every file in tests/data/invalid
produces exactly the diagnostics its `# expect:` lines state."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from broadcastctl.checks.pipeline import check_files
from broadcastctl.lint.diagnostics import Diagnostic

DATA = Path(__file__).resolve().parent.parent / "data"
NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)
UTC8 = dt.timezone(dt.timedelta(hours=8))
EXPECT = re.compile(
    r"# expect: (?:@(?P<file>\S+) )?(?P<line>\d+):(?P<column>\d+|\*) (?P<severity>error|warning) "
    r'(?P<rule>[\w-]+) "(?P<message>.*)"$'
)


def cases(kind: str) -> list[Path]:
    """Campaign files of one kind; those under policy/ sit in a folder with their own policy."""
    policy_cases = (DATA / "policy" / kind).glob("*/*.yaml")
    return sorted(
        [*(DATA / kind).glob("*.yaml"), *(p for p in policy_cases if p.name != "broadcastctl.yaml")]
    )


def expectations(path: Path) -> list[re.Match[str]]:
    text = path.read_bytes().decode("utf-8", errors="replace")
    found = [EXPECT.match(line) for line in text.splitlines() if line.startswith("# expect:")]
    assert all(found), f"{path.name}: an expect line does not parse"
    return [match for match in found if match]


def lint(path: Path) -> list[Diagnostic]:
    return check_files([path], NOW, UTC8).diagnostics


def case_id(path: Path) -> str:
    return (
        path.stem if path.parent.name in ("valid", "invalid") else f"{path.parent.name}/{path.stem}"
    )


@pytest.mark.parametrize("path", cases("valid"), ids=case_id)
def test_valid_case_lints_clean(path: Path) -> None:
    assert lint(path) == []


@pytest.mark.parametrize("path", cases("invalid"), ids=case_id)
def test_invalid_case_gives_the_expected_diagnostics(path: Path) -> None:
    expected = expectations(path)
    assert expected, f"{path.name} states no expected diagnostic"
    found = lint(path)
    unmatched = list(found)
    for expect in expected:
        match = next((d for d in unmatched if _matches(d, expect, path)), None)
        assert match is not None, f"missing {expect.group(0)!r}\nfound:\n{_show(found)}"
        unmatched.remove(match)
    assert not unmatched, f"unexpected:\n{_show(unmatched)}"


def _matches(diagnostic: Diagnostic, expect: re.Match[str], path: Path) -> bool:
    file = (path.parent / expect["file"]).resolve() if expect["file"] else path.resolve()
    return (
        Path(diagnostic.file).resolve() == file
        and diagnostic.line == int(expect["line"])
        and (expect["column"] == "*" or diagnostic.column == int(expect["column"]))
        and diagnostic.severity.value == expect["severity"]
        and diagnostic.rule == expect["rule"]
        and expect["message"] in diagnostic.message
    )


def _show(diagnostics: list[Diagnostic]) -> str:
    return "\n".join(
        f"  {d.line}:{d.column} {d.severity.value} {d.rule} {d.message!r}" for d in diagnostics
    )


def test_there_are_cases_of_both_kinds() -> None:
    assert len(cases("valid")) >= 20
    assert len(cases("invalid")) >= 60
