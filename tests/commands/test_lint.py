"""`broadcastctl lint` end to end, through the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from broadcastctl.cli import main
from broadcastctl.errors import EXIT_FAILURE, EXIT_USAGE

VALID = """appId: app-1
taskName: {name}
source: 3
text: Hello
lan: EN
numberList: ["12025550101"]
loopCount: 1
maxCalls: 60
allowSendTime:
  - strTime: "00:00"
    endTime: "08:00"
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for variable in (
        "GITHUB_ACTIONS",
        "GITHUB_STEP_SUMMARY",
        "NO_COLOR",
        "BROADCASTCTL_WINDOW_ZONE",
    ):
        monkeypatch.delenv(variable, raising=False)
    (tmp_path / "campaigns").mkdir()
    (tmp_path / "campaigns" / "good.yaml").write_text(VALID.format(name="good"))
    return tmp_path


def add(folder: Path, name: str, text: str) -> Path:
    path = folder / "campaigns" / name
    path.write_text(text)
    return path


def test_clean_campaigns_exit_0(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint"]) == 0
    assert capsys.readouterr().out == "1 file checked: no problems\n"


def test_the_zone_the_vendor_reads_windows_in_is_a_setting(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """00:00-08:00 at UTC+8 is New York's day; read as New York's own time, it is its night."""
    monkeypatch.setenv("BROADCASTCTL_WINDOW_ZONE", "callee")
    assert main(["lint"]) == EXIT_FAILURE
    out = capsys.readouterr().out
    assert (
        "error calling-hours window 1 (00:00-08:00 local time (BROADCASTCTL_WINDOW_ZONE=callee))"
        in out
    )
    monkeypatch.setenv("BROADCASTCTL_WINDOW_ZONE", "Vendor ")
    assert main(["lint"]) == 0
    monkeypatch.setenv("BROADCASTCTL_WINDOW_ZONE", "utc")
    assert main(["lint"]) == EXIT_USAGE
    captured = capsys.readouterr()
    assert "BROADCASTCTL_WINDOW_ZONE must be vendor or callee" in captured.err
    assert "calling-hours" not in captured.out


def test_errors_exit_1_and_are_listed_with_file_line_and_column(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add(folder, "bad.yaml", VALID.format(name="bad").replace("loopCount: 1", "loopCount: 10"))
    assert main(["lint"]) == 1
    out = capsys.readouterr().out
    assert (
        "campaigns/bad.yaml:7:12: error out-of-range `loopCount` must be from 1 to 9 (got 10)"
        in out
    )
    assert out.endswith("1 error, 0 warnings (2 files checked)\n")


def test_warnings_pass_unless_strict(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add(folder, "warn.yaml", VALID.format(name="warn") + "senderId: Shop\n")
    assert main(["lint"]) == 0
    assert main(["lint", "--strict"]) == 1


def test_json_output_is_one_object_following_the_contract(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add(folder, "bad.yaml", VALID.format(name="bad") + "tasknam: x\n")
    assert main(["lint", "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert list(document) == ["checked", "errors", "warnings", "diagnostics"]
    assert (document["checked"], document["errors"], document["warnings"]) == (2, 1, 0)
    [diagnostic] = document["diagnostics"]
    assert list(diagnostic) == ["file", "line", "column", "severity", "rule", "pointer", "message"]
    assert diagnostic["rule"] == "unknown-key"
    assert diagnostic["message"] == "unknown key `tasknam`; did you mean `taskName`?"


def test_github_format_is_chosen_in_actions_and_writes_the_step_summary(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = folder / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    for n in range(12):  # more than the 10 annotations GitHub shows per kind
        add(
            folder,
            f"bad{n}.yaml",
            VALID.format(name=f"bad{n}").replace("maxCalls: 60", "maxCalls: 0"),
        )
    assert main(["lint"]) == 1
    out = capsys.readouterr().out
    assert out.count("::error file=campaigns/bad") == 12
    assert summary.read_text().count("| error | `out-of-range` |") == 12


def test_colour_follows_the_flag_and_no_color(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    add(folder, "bad.yaml", VALID.format(name="bad").replace("maxCalls: 60", "maxCalls: 0"))
    main(["lint", "--color", "always"])
    assert "\033[" in capsys.readouterr().out
    main(["lint"])  # captured output is not a terminal
    assert "\033[" not in capsys.readouterr().out
    monkeypatch.setenv("NO_COLOR", "1")
    main(["lint", "--color", "auto"])
    assert "\033[" not in capsys.readouterr().out


def test_a_missing_path_is_a_usage_error_exit_2(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lint", "nowhere"]) == EXIT_USAGE
    assert capsys.readouterr().err == "broadcastctl: error: nowhere: no such file or folder\n"


def test_an_internal_error_is_one_line_and_a_traceback_only_with_debug(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("broadcastctl.commands.lint.check_files", broken)
    assert main(["lint"]) == EXIT_FAILURE
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "unexpected error: RuntimeError: disk on fire" in err
    assert main(["--debug", "lint"]) == EXIT_FAILURE
    assert "Traceback (most recent call last)" in capsys.readouterr().err


def test_positions_survive_the_whole_chain_for_a_list_item(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    numbers = "".join(f"  - {12025550100 + i}\n" for i in range(500)) + "  - 12345\n"
    add(
        folder,
        "long.yaml",
        VALID.format(name="long").replace(
            'numberList: ["12025550101"]\n', f"numberList:\n{numbers}"
        ),
    )
    assert main(["lint", "--format", "json", "campaigns/long.yaml"]) == 1
    [diagnostic] = json.loads(capsys.readouterr().out)["diagnostics"]
    assert (diagnostic["line"], diagnostic["column"], diagnostic["pointer"]) == (
        507,
        5,
        "/numberList/500",
    )


def test_lint_output_never_shows_a_whole_phone_number(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    numbers = "".join(f"  - 0{12025550100 + i}\n" for i in range(70))  # the fast path too
    broken = (
        VALID.format(name="numbers").replace(
            'numberList: ["12025550101"]\n',
            f"numberList:\n{numbers}  - '+19735550199'\n  - 19735550198.0\n",
        )
        + "displayNum: '+1008122211'\n"
    )
    add(folder, "numbers.yaml", broken)
    add(
        folder,
        "caller.yaml",
        VALID.format(name="caller") + "displayNum: 123456789012345678901234\n",
    )
    for output_format in ("text", "json", "github", "sarif"):
        main(["lint", "--format", output_format])
        out = capsys.readouterr().out
        assert not re.search(r"\d{7,}", out.replace("sha256", "")), out


def test_lint_given_only_the_policy_file_says_to_name_the_campaigns(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Checking no campaign would pass a policy that fails them: a usage error, not a pass."""
    (folder / "broadcastctl.yaml").write_text("countries: [US]\n")
    monkeypatch.chdir(folder)
    assert main(["lint", "broadcastctl.yaml"]) == EXIT_USAGE
    assert "broadcastctl.yaml is the policy file: it is checked with the campaigns it governs" in (
        capsys.readouterr().err
    )
    assert main(["lint", "broadcastctl.yaml", "campaigns"]) == 0  # with its campaigns, checked
    assert "1 file checked: no problems" in capsys.readouterr().out
    add(folder, "at-night.yaml", VALID.format(name="night").replace('"00:00"', '"12:00"'))
    assert main(["lint", "broadcastctl.yaml", "campaigns"]) == 1  # its calling hours, judged
    assert "(2 files checked)" in capsys.readouterr().out
