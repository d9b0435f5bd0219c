"""The git calls: a file as a commit held it; the repository read whatever GIT_* variables a
hook inherits."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from broadcastctl.git import (
    changed_since,
    could_be_committed,
    file_at,
    head_commit,
    last_commit_date,
    no_git_env,
)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.fixture
def repository(tmp_path: Path) -> tuple[Path, str]:
    git(tmp_path, "init", "-q")
    (tmp_path / "campaigns").mkdir()
    (tmp_path / "campaigns" / "a.yaml").write_text("first\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "-c", "user.email=t@example.com", "-c", "user.name=T", "commit", "-qm", "one")
    return tmp_path, git(tmp_path, "rev-parse", "HEAD")


def test_a_file_as_the_commit_held_it_even_once_changed_or_gone(
    repository: tuple[Path, str],
) -> None:
    root, commit = repository
    path = root / "campaigns" / "a.yaml"
    path.write_text("second\n")
    assert file_at(commit, path) == b"first\n"
    assert file_at(commit[:12], root / "campaigns" / ".." / "campaigns" / "a.yaml") == b"first\n"
    shutil.rmtree(root / "campaigns")
    assert file_at(commit, path) == b"first\n"


def test_what_git_cannot_say_is_none(
    repository: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    root, commit = repository
    assert file_at(commit, root / "campaigns" / "b.yaml") is None  # not in the commit
    assert file_at("0" * 40, root / "campaigns" / "a.yaml") is None  # no such commit
    outside = tmp_path_factory.mktemp("outside") / "a.yaml"
    outside.write_text("first\n")
    assert file_at(commit, outside) is None  # not in a repository


@pytest.mark.parametrize("commit", ["--output=/tmp/x", "HEAD", "main", "abc", ""])
def test_only_a_commit_id_is_handed_to_git(repository: tuple[Path, str], commit: str) -> None:
    root, _ = repository
    assert file_at(commit, root / "campaigns" / "a.yaml") is None


def test_a_hook_s_git_variables_do_not_point_the_calls_elsewhere(
    repository: tuple[Path, str],
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Run from a git hook, the calls inherit GIT_DIR, GIT_INDEX_FILE and GIT_WORK_TREE from the
    git that started it; they still read the repository the file stands in."""
    root, commit = repository
    other = tmp_path_factory.mktemp("other")
    git(other, "init", "-q")
    (other / "campaigns").mkdir()
    (other / "campaigns" / "a.yaml").write_text("other\n")
    git(other, "add", "-A")
    git(other, "-c", "user.email=t@example.com", "-c", "user.name=T", "commit", "-qm", "other")
    (root / "campaigns" / "b.yaml").write_text("new\n")
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_INDEX_FILE", str(other / ".git" / "index"))
    monkeypatch.setenv("GIT_WORK_TREE", str(other))
    monkeypatch.chdir(root / "campaigns")

    assert file_at(commit, root / "campaigns" / "a.yaml") == b"first\n"
    assert head_commit() == commit
    assert changed_since(commit) == {(root / "campaigns" / "b.yaml").resolve()}
    assert could_be_committed(root / "campaigns" / "b.yaml")
    assert last_commit_date(root / "campaigns" / "a.yaml") is not None
    assert last_commit_date(root / "campaigns" / "b.yaml") is None  # not committed here


def test_only_the_variables_that_name_a_repository_are_dropped() -> None:
    inherited = {
        "GIT_DIR": "/elsewhere/.git",
        "GIT_INDEX_FILE": "/elsewhere/.git/index",
        "GIT_WORK_TREE": "/elsewhere",
        "GIT_SSH_COMMAND": "ssh -i key",
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "core.autocrlf",
        "GIT_CONFIG_VALUE_0": "false",
        "HOME": "/home/someone",
    }
    assert no_git_env(inherited) == {
        "GIT_SSH_COMMAND": "ssh -i key",
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "core.autocrlf",
        "GIT_CONFIG_VALUE_0": "false",
        "HOME": "/home/someone",
    }
