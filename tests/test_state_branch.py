""".ci/state keeps the state on its own branch: fetched when there is one, committed on top of
it, and never pushed over a branch that moved since the fetch. Against a local bare repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / ".ci" / "state"
STATE = ".broadcastctl/state.json"


def git(cwd: Path, *args: str) -> str:
    run = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return run.stdout


def state(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {"PATH": "/usr/bin:/bin", "HOME": str(cwd)}
    return subprocess.run(
        [str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True, env=environment, check=False
    )


@pytest.fixture
def origin(tmp_path: Path) -> Path:
    bare = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    seed = tmp_path / "seed"
    git(tmp_path, "clone", "-q", str(bare), str(seed))
    git(
        seed,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "c",
    )
    git(seed, "push", "-q", "origin", "HEAD:refs/heads/main")
    return bare


def clone(origin: Path, name: str) -> Path:
    path = origin.parent / name
    git(origin.parent, "clone", "-q", str(origin), str(path))
    return path


def test_no_branch_yet_means_no_state(origin: Path) -> None:
    work = clone(origin, "work")
    run = state(work, "fetch", STATE)
    assert run.returncode == 0
    assert "No state yet" in run.stdout
    assert not (work / STATE).exists()


def test_a_saved_state_is_fetched_by_the_next_run_and_kept_as_history(origin: Path) -> None:
    deploy = clone(origin, "deploy")
    (deploy / ".broadcastctl").mkdir()
    for version in ("1", "2"):
        (deploy / STATE).write_text(f'{{"v": {version}}}\n')
        assert state(deploy, "save", STATE).returncode == 0
    assert "did not change" in state(deploy, "save", STATE).stdout
    pull_request = clone(origin, "pr")
    assert state(pull_request, "fetch", STATE).returncode == 0
    assert (pull_request / STATE).read_text() == '{"v": 2}\n'
    assert len(git(origin, "log", "--oneline", "broadcastctl-state").splitlines()) == 2


def test_a_save_over_a_branch_that_moved_is_refused(origin: Path) -> None:
    first, second = clone(origin, "first"), clone(origin, "second")
    for work in (first, second):
        (work / ".broadcastctl").mkdir()
        state(work, "fetch", STATE)
    (first / STATE).write_text('{"by": "first"}\n')
    assert state(first, "save", STATE).returncode == 0
    (second / STATE).write_text('{"by": "second"}\n')
    assert state(second, "save", STATE).returncode != 0
    assert git(origin, "show", "broadcastctl-state:state.json") == '{"by": "first"}\n'


@pytest.mark.parametrize("url", ["{missing}", "https://127.0.0.1:9/campaigns.git"])
def test_an_unreachable_origin_fails_in_one_line_instead_of_reading_as_no_state(
    origin: Path, url: str
) -> None:
    """A fetch that failed is not a branch that does not exist: a deploy must never run as if
    nothing had ever been sent."""
    work = clone(origin, "work")
    git(work, "remote", "set-url", "origin", url.format(missing=origin.parent / "gone.git"))
    run = state(work, "fetch", STATE)
    assert run.returncode == 1
    assert run.stdout == ""
    [line] = run.stderr.splitlines()
    assert line.startswith("error: cannot fetch the state: origin could not be read (fatal: ")
    assert "No state yet" not in run.stderr
    assert not (work / STATE).exists()
