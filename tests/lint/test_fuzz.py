"""Generated hostile campaign files: lint never ends in an internal error, and every position it
reports lies inside its file. Derandomized and without an example database, so CI is repeatable."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from broadcastctl.checks.pipeline import check_files
from broadcastctl.checks.reporters import Report, report_github, report_json, report_sarif
from broadcastctl.lint.campaigns import display_name

FUZZ = settings(
    max_examples=40,  # the fast tier's; the slow tier's test below tries 150
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
FUZZ_LONGER = settings(FUZZ, max_examples=150)
NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)

KEYS = ["appId", "taskName", "numberList", "numberFile", "source", "text", "loopCount", "a b"]
ODD = ["\x00", "\x1b", "\x7f", "\x85", "\x9b", "\u2028", "\u2029", "\ufeff", "\ufffe", "\r", "\t"]
SCALARS: st.SearchStrategy[str] = st.one_of(
    st.sampled_from(["", "~", "yes", "0777", "0x1F", ".inf", "2030-01-01 09:00:00", "&a x", "*a"]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.integers(min_value=990, max_value=5000).map(lambda digits: "9" * digits),
    st.integers(min_value=990, max_value=5000).map(lambda digits: "0x" + "f" * digits),
    st.text(st.sampled_from([*ODD, "a", " ", ":", "-", "#", "'", '"', "[", "{", "\\", "é"])),
    st.text(max_size=20).map(json.dumps),  # double-quoted, escapes included
)


@st.composite
def documents(draw: st.DrawFn, depth: int = 0) -> str:
    """YAML-shaped text: mappings, lists and flow collections holding odd scalars."""
    kinds = ["map", "list", "flow", "scalar", "deep"] if depth < 3 else ["scalar"]
    kind = draw(st.sampled_from(kinds))
    indent = "  " * depth
    if kind == "scalar":
        return draw(SCALARS)
    if kind == "deep":
        levels = draw(st.integers(min_value=1, max_value=60))
        return "[" * levels + draw(SCALARS) + "]" * draw(st.integers(0, levels))
    if kind == "flow":
        pairs = draw(st.dictionaries(st.sampled_from(KEYS), SCALARS, max_size=4))
        return "{" + ", ".join(f"{key}: {value}" for key, value in pairs.items()) + "}"
    children = draw(st.lists(documents(depth + 1), max_size=4))
    if kind == "list":
        return "".join(f"\n{indent}- {child}" for child in children)
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=len(children), max_size=len(children)))
    return "".join(f"\n{indent}{key}: {child}" for key, child in zip(keys, children, strict=True))


def number_runs() -> st.SearchStrategy[str]:
    """Long lists of bare numbers take the fast path; spoil one line of them now and then."""
    return st.tuples(
        st.integers(min_value=60, max_value=120), st.sampled_from(["", "\u2028", "9" * 4400, "x"])
    ).map(lambda run: "numberList:\n" + "  - 12025550101\n" * run[0] + f"  - '1{run[1]}'\n")


CONTENT = st.one_of(
    documents().map(lambda text: text.lstrip("\n").encode("utf-8", "surrogatepass")),
    number_runs().map(str.encode),
    st.binary(max_size=200),
    st.tuples(documents(), st.sampled_from(["", "\n", "\r\n", "\r"])).map(
        lambda pair: (
            (pair[0].lstrip("\n") + pair[1])
            .replace("\n", pair[1] or "\n")
            .encode("utf-8", "surrogatepass")
        )
    ),
)
NAMES = st.sampled_from(
    [b"c.yaml", b"caf\xe9.yaml", b"\xff\xfe.yml", b"a b\tc.yaml", b"new\nline.yaml", b"%3A,.yaml"]
)


def lines_of(raw: bytes) -> list[str]:
    """The file's lines as an editor shows them: split at \\n only, no empty line after the last."""
    text = raw.decode("utf-8", "replace").removeprefix("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    return lines[:-1] if len(lines) > 1 and lines[-1] == "" else lines


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@FUZZ
@given(content=CONTENT, name=NAMES)
def test_lint_never_fails_and_every_position_is_inside_the_file(
    folder: Path, content: bytes, name: bytes
) -> None:
    lint_holds_up(content, name)


@pytest.mark.slow
@FUZZ_LONGER
@given(content=CONTENT, name=NAMES)
def test_lint_never_fails_on_many_more_files(folder: Path, content: bytes, name: bytes) -> None:
    lint_holds_up(content, name)


def lint_holds_up(content: bytes, name: bytes) -> None:
    """Lint one file of `content` named `name` (in the current folder)."""
    path = Path(os.fsdecode(name))
    path.write_bytes(content)
    try:
        checked = check_files([path], NOW, dt.UTC)
    finally:
        path.unlink()
    lines = lines_of(content)
    for d in checked.diagnostics:
        assert d.file == display_name(path), d
        assert 1 <= d.line <= len(lines), (d, len(lines))
        assert 1 <= d.column <= len(lines[d.line - 1]) + 1, (d, lines[d.line - 1])
    report = Report(checked.files, checked.diagnostics)
    for output in (report_json(report), report_sarif(report), report_github(report)):
        output.encode("utf-8")  # strict: a lone surrogate would raise
    json.loads(report_sarif(report))
