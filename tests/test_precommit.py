"""The pre-commit hook this repository publishes, run by pre-commit itself on a new repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from broadcastctl import __version__

ROOT = Path(__file__).resolve().parent.parent
GOOD = """appId: app-1
taskName: {name}
source: 3
text: Hello
lan: EN
numberList: ["12025550101"]
loopCount: 1
maxCalls: 60
"""

pytestmark = pytest.mark.slow


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One hook environment for the module: building it installs broadcastctl once."""
    return tmp_path_factory.mktemp("pre-commit-home")


def run_hook(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    environment.pop("GITHUB_ACTIONS", None)
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "broadcastctl-lint"]
    return subprocess.run(
        [*command, "--all-files", "--color", "never"],
        cwd=repo,
        env=environment,
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    (tmp_path / "campaigns").mkdir()
    (tmp_path / "campaigns" / "a.yaml").write_text(GOOD.format(name="first"))
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    return tmp_path


def test_the_hook_passes_clean_campaigns(repo: Path, pre_commit_home: Path) -> None:
    result = run_hook(repo, pre_commit_home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broadcastctl lint" in result.stdout
    assert "Passed" in result.stdout


def test_the_hook_fails_and_shows_the_line(repo: Path, pre_commit_home: Path) -> None:
    (repo / "campaigns" / "b.yaml").write_text(GOOD.format(name="first"))  # same taskName
    git(repo, "add", ".")
    result = run_hook(repo, pre_commit_home)
    assert result.returncode == 1
    assert "Failed" in result.stdout
    assert "campaigns/b.yaml:2:11: error duplicate-task-name" in result.stdout


def test_the_hook_runs_wherever_the_campaigns_are(tmp_path: Path, pre_commit_home: Path) -> None:
    """Campaigns in voice/, not campaigns/: the hook still runs (and, not told where they are,
    says it found no campaigns/) instead of skipping silently."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    (tmp_path / "voice").mkdir()
    (tmp_path / "voice" / "a.yaml").write_text(GOOD.format(name="first"))
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    result = run_hook(tmp_path, pre_commit_home)
    assert "Skipped" not in result.stdout
    assert result.returncode == 1
    assert "campaigns: no such file or folder" in result.stdout


def test_the_documented_rev_is_this_versions_release_tag() -> None:
    readme = (ROOT / "README.md").read_text()
    manifest = (ROOT / ".pre-commit-hooks.yaml").read_text()
    for text in (readme, manifest):
        assert f"rev: v{__version__}\n" in text
