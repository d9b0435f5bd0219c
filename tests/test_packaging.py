"""The wheel carries the schemas, what `init` writes and the calling rules by country:
installed anywhere, `broadcastctl schema` prints them, `broadcastctl init` writes the same
repository as the source does, and `broadcastctl rules` prints the rules."""

from __future__ import annotations

import os
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from broadcastctl.scaffold import Setup, alike, scaffold_files

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def recorded_commit(wheel: Path) -> str | None:
    with zipfile.ZipFile(wheel) as archive:
        if "broadcastctl/data/commit" not in archive.namelist():
            return None
        return archive.read("broadcastctl/data/commit").decode().strip()


def test_an_installed_wheel_prints_the_schema(installed: Path, wheel: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    printed = subprocess.run(
        [str(installed / "broadcastctl"), "schema"],
        cwd=outside,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert printed == (ROOT / "schema" / "campaign.schema.json").read_text()
    path = subprocess.run(
        [str(installed / "broadcastctl"), "schema", "--path"],
        cwd=outside,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert Path(path).is_relative_to(installed.parent)
    policy = subprocess.run(
        [str(installed / "broadcastctl"), "schema", "--policy"],
        cwd=outside,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert policy == (ROOT / "schema" / "policy.schema.json").read_text()
    subprocess.run(
        [str(installed / "broadcastctl"), "init", "repo"],
        cwd=outside,
        check=True,
        capture_output=True,
    )
    written = sorted(
        str(path.relative_to(outside / "repo"))
        for path in (outside / "repo").rglob("*")
        if path.is_file()
    )
    # Outside git: main, with a note; and the action pinned by the commit the wheel recorded.
    expected = scaffold_files(Setup(commit=recorded_commit(wheel)))
    assert written == sorted(scaffold.path for scaffold in expected)
    for scaffold in expected:  # the example's sendTime is the day after init ran
        there = (outside / "repo" / scaffold.path).read_bytes()
        assert alike(there, scaffold.text.encode()), scaffold.path
    rules = subprocess.run(
        [str(installed / "broadcastctl"), "rules", "AU"],
        cwd=outside,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "AU  Australia" in rules  # the calling rules' data file is in the wheel
    assert "https://donotcall.gov.au/consumers/faqs-for-consumers" in rules


def test_the_wheel_records_the_commit_it_was_built_from(wheel: Path) -> None:
    """As the release workflow builds it (BROADCASTCTL_BUILD_COMMIT): init pins the action of
    that commit by SHA."""
    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--verify", "-q", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    if not head:
        pytest.skip("not a git checkout: the wheel was built without a commit")
    assert recorded_commit(wheel) == head


def test_the_release_check_runs_the_readmes_main_job_with_the_wheel(
    wheel: Path, offline: Callable[[dict[str, str]], dict[str, str]]
) -> None:
    """The release workflow's check, run here: a fresh venv outside the checkout, the wheel,
    the README's main job against the sandbox, twice."""
    run = subprocess.run(
        [str(ROOT / ".ci" / "check-wheel"), str(wheel)],
        capture_output=True,
        text=True,
        check=False,
        env=offline(dict(os.environ)),
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "+ broadcastctl deploy --sandbox --yes" in run.stdout
    assert "Deploy: " in run.stdout
    assert run.stdout.rstrip().endswith("Nothing to create or update.")
