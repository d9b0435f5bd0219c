"""Hostile input from a pull request: odd bytes, files and names. Lint reports, never crashes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from broadcastctl.cli import main
from broadcastctl.lint import campaigns, yamlload
from broadcastctl.lint.campaigns import find_campaign_files, load_campaign
from broadcastctl.lint.diagnostics import Diagnostic
from broadcastctl.lint.schema_check import validate
from broadcastctl.lint.yamlload import load_yaml

GOOD = """appId: app-1
taskName: good
source: 3
text: Hello
lan: EN
numberList: ["12025550101"]
loopCount: 1
maxCalls: 60
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with one good campaign, as the working directory."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "campaigns").mkdir()
    (tmp_path / "campaigns" / "good.yaml").write_text(GOOD)
    monkeypatch.chdir(tmp_path)
    for variable in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "NO_COLOR"):
        monkeypatch.delenv(variable, raising=False)
    return tmp_path


def rules(diagnostics: list[Diagnostic]) -> list[tuple[str, int, int]]:
    return [(d.rule, d.line, d.column) for d in diagnostics]


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\x7f", "\x9b", "\ufffe"])
def test_a_control_character_is_a_diagnostic_where_it_stands(character: str) -> None:
    loaded = load_yaml(f"appId: a\ntaskName: b{character}\n".encode(), "x.yaml")
    assert loaded.data is None
    assert rules(loaded.diagnostics) == [("yaml-character", 2, 12)]
    assert f"U+{ord(character):04X}" in loaded.diagnostics[0].message


def test_a_control_character_in_one_file_leaves_the_others_linted(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "campaigns" / "bad.yaml").write_bytes(b"appId: a\x00\n")
    (repo / "campaigns" / "typo.yaml").write_text(GOOD.replace("taskName: good", "taskNme: t"))
    assert main(["lint", "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)["diagnostics"]
    assert {(d["file"], d["rule"]) for d in found} >= {
        ("campaigns/bad.yaml", "yaml-character"),
        ("campaigns/typo.yaml", "unknown-key"),
    }
    assert [(d["line"], d["column"]) for d in found if d["rule"] == "yaml-character"] == [(1, 9)]


@pytest.mark.parametrize(
    "text",
    [
        "appId: " + "9" * 4301,
        "appId: 0x" + "f" * 3600,
        "appId: 0o" + "7" * 5000,
        "appId: !!int " + "9" * 4301,
        "numberList:\n" + "  - 12025550101\n" * 70 + "  - " + "9" * 4400,
        "numberList:\n" + ("  - " + "9" * 4400 + "\n") * 70,
        "appId: 01" + "9" * 4400,
    ],
    ids=["decimal", "hex", "octal", "tagged", "after-a-number-run", "number-run", "leading-zero"],
)
def test_a_huge_integer_is_a_diagnostic(text: str) -> None:
    loaded = load_yaml(text.encode(), "x.yaml")
    [diagnostic] = loaded.diagnostics
    assert diagnostic.rule == "yaml-too-large"
    assert "characters; the limit is 1,000" in diagnostic.message


def test_an_integer_of_a_thousand_digits_is_still_a_number_for_the_schema(repo: Path) -> None:
    path = repo / "campaigns" / "good.yaml"
    path.write_text(GOOD.replace("loopCount: 1", "loopCount: " + "9" * 1000))
    assert main(["lint"]) == 1  # out-of-range, told without converting the number to text


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_unicode_line_separator_in_a_quoted_value_does_not_shift_lines(separator: str) -> None:
    text = f'taskName: "a{separator}b"\nfoo: 1\nbar: [1, 2]\n'
    loaded = load_yaml(text.encode(), "x.yaml")
    assert loaded.data["foo"] == 1
    assert loaded.positions.keys["foo"] == (2, 1)  # type: ignore[union-attr]
    assert loaded.positions.values["bar"].at == (3, 6)  # type: ignore[union-attr]


def test_a_separator_before_a_syntax_error_does_not_shift_it() -> None:
    text = 'a: "x\u2028y\u2029z"\nb: c\nd: [1,\n'
    [diagnostic] = load_yaml(text.encode(), "x.yaml").diagnostics
    assert diagnostic.rule == "yaml-syntax"
    assert diagnostic.line <= 3


@pytest.mark.parametrize("ending", ["", "\n"])
def test_a_syntax_error_at_the_end_of_the_file_points_inside_it(ending: str) -> None:
    [diagnostic] = load_yaml(f"appId: a\nfoo: [1,{ending}".encode(), "x.yaml").diagnostics
    assert diagnostic.rule == "yaml-syntax"
    assert (diagnostic.line, diagnostic.column) == (2, 9)


def test_a_fifo_is_unreadable_and_never_opened_for_a_blocking_read(repo: Path) -> None:
    os.mkfifo(repo / "campaigns" / "pipe.yaml")
    found = find_campaign_files(["campaigns"])
    assert repo / "campaigns" / "pipe.yaml" in [repo / path for path in found]
    loaded = load_campaign(Path("campaigns/pipe.yaml"))
    assert rules(loaded.diagnostics) == [("file-unreadable", 1, 1)]
    assert "not a regular file" in loaded.diagnostics[0].message


def test_a_fifo_named_on_the_command_line_is_a_diagnostic(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(repo / "pipe.yaml")
    assert main(["lint", "pipe.yaml"]) == 1
    assert "pipe.yaml:1:1: error file-unreadable" in capsys.readouterr().out


@pytest.mark.parametrize("key", ["numberFile", "audioFile"])
def test_a_referenced_fifo_is_refused(repo: Path, key: str) -> None:
    os.mkfifo(repo / "campaigns" / "pipe.txt")
    (repo / "campaigns" / "c.yaml").write_text(f"{key}: pipe.txt\n")
    loaded = load_campaign(Path("campaigns/c.yaml"))
    assert [(d.rule, d.message) for d in loaded.diagnostics] == [
        ("file-reference", "'pipe.txt' is not a file")
    ]


def test_a_device_is_unreadable(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(campaigns, "repository_root", lambda path: Path("/"))
    (repo / "campaigns" / "zero.yaml").symlink_to("/dev/zero")
    loaded = load_campaign(Path("campaigns/zero.yaml"))
    assert rules(loaded.diagnostics) == [("file-unreadable", 1, 1)]


def test_a_campaign_symlink_leading_out_of_the_repository_is_refused_unread(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    secret = tmp_path_factory.mktemp("elsewhere") / "secret.yaml"
    secret.write_text("password: hunter2\n")
    (repo / "campaigns" / "link.yaml").symlink_to(secret)
    loaded = load_campaign(Path("campaigns/link.yaml"))
    assert rules(loaded.diagnostics) == [("file-reference", 1, 1)]
    assert "password" not in loaded.diagnostics[0].message
    assert "leads outside the repository" in loaded.diagnostics[0].message


def test_a_campaign_symlink_inside_the_repository_is_read(repo: Path) -> None:
    (repo / "campaigns" / "link.yaml").symlink_to("good.yaml")
    loaded = load_campaign(Path("campaigns/link.yaml"))
    assert loaded.campaign is not None
    assert loaded.diagnostics == []


def test_a_symlink_loop_is_unreadable(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "campaigns" / "loop.yaml").symlink_to("loop.yaml")
    (repo / "campaigns" / "c.yaml").write_text("numberFile: loop.txt\n")
    (repo / "campaigns" / "loop.txt").symlink_to("loop.txt")
    assert main(["lint"]) == 1
    out = capsys.readouterr().out
    assert "campaigns/loop.yaml:1:1: error file-unreadable" in out
    assert "campaigns/c.yaml:1:13: error file-reference 'loop.txt' cannot be followed" in out


def test_a_folder_that_cannot_be_listed_is_a_diagnostic(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "campaigns" / "locked").mkdir()
    (repo / "campaigns" / "locked" / "hidden.yaml").write_text(GOOD)
    scandir = os.scandir

    def refuse_locked(path: str | os.PathLike[str]) -> object:
        if Path(path).name == "locked":  # what an unprivileged user meets after chmod 000
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse_locked)
    monkeypatch.setattr(os, "listdir", refuse_locked)
    assert main(["lint"]) == 1
    out = capsys.readouterr().out
    assert "campaigns/locked:1:1: error file-unreadable" in out
    assert "Permission denied" in out
    assert "(2 files checked)" in out


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github"])
def test_a_file_name_that_is_not_utf8_is_escaped(
    repo: Path, output_format: str, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    name = os.path.join(b"campaigns", b"caf\xe9\xff.yaml")
    with open(name, "wb") as handle:
        handle.write(b"appId: a\n")
    assert main(["lint", "--format", output_format]) == 1
    out = capfdbinary.readouterr().out.decode("utf-8")  # strict: raises if not UTF-8
    if output_format in ("json", "sarif"):
        json.loads(out)
    assert "campaigns/caf\\xe9\\xff.yaml" in out.replace("\\\\", "\\")


def test_a_plain_list_of_numbers_counts_each_value_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yamlload, "MAX_NODES", 1000)
    items = "".join(f"    - {12025550000 + i}\n" for i in range(600))
    loaded = load_yaml(f"outer:\n  numberList:\n{items}".encode(), "x.yaml")
    assert loaded.diagnostics == []
    more = "".join(f"  - {12025550000 + i}\n" for i in range(1001))
    [diagnostic] = load_yaml(f"numberList:\n{more}".encode(), "x.yaml").diagnostics
    assert diagnostic.rule == "yaml-too-large"
    assert "alias" not in diagnostic.message
    assert "at most 200,000 numbers" in diagnostic.message


def test_past_the_first_unknown_keys_only_a_case_mismatch_is_suggested(repo: Path) -> None:
    junk = "".join(f"junk{i}: 1\n" for i in range(60))
    path = repo / "campaigns" / "good.yaml"
    path.write_text(GOOD + junk + "loopcount: 1\nmaxCals: 1\n")
    loaded = load_campaign(path)
    assert loaded.campaign is not None
    messages = {d.pointer: d.message for d in validate(loaded.campaign)}
    assert "did you mean `loopCount`?" in messages["/loopcount"]
    assert "did you mean" not in messages["/maxCals"]
