"""What the release workflow checks before it builds: the tag is the package's version, and
CHANGELOG.md holds that version's notes (the GitHub release's text)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from broadcastctl import __version__

ROOT = Path(__file__).resolve().parent.parent


def release(*args: str, root: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(root / ".ci" / "release"), *args], capture_output=True, text=True, check=False
    )


def test_the_version_is_the_packages() -> None:
    assert release("version").stdout == f"{__version__}\n"


def test_only_the_versions_own_tag_releases() -> None:
    assert release("check-tag", f"v{__version__}").returncode == 0
    for wrong in (__version__, f"v{__version__}.1", "v0.0.0", f"v{__version__}-rc1"):
        refused = release("check-tag", wrong)
        assert refused.returncode == 1, wrong
        assert refused.stderr == (
            f"error: the tag {wrong} is not v{__version__}, the package's version: release the"
            " version the tag names\n"
        )


def test_the_notes_are_the_versions_section_of_the_changelog() -> None:
    notes = release("notes", __version__)
    assert notes.returncode == 0
    text = (ROOT / "CHANGELOG.md").read_text()
    section = text.split(f"## [{__version__}]\n", 1)[1].split("\n## ", 1)[0]
    assert notes.stdout == section.strip("\n") + "\n"
    assert notes.stdout.strip()


def test_a_version_without_notes_is_not_released(tmp_path: Path) -> None:
    copy = tmp_path / "repo"
    (copy / ".ci").mkdir(parents=True)
    (copy / "broadcastctl").mkdir()
    shutil.copy(ROOT / ".ci" / "release", copy / ".ci" / "release")
    (copy / "broadcastctl" / "__init__.py").write_text('__version__ = "2.0.0"\n')
    (copy / "CHANGELOG.md").write_text("# Changelog\n\n## [2.0.0]\n\n## [1.0.0]\n\nOld.\n")
    refused = release("notes", "2.0.0", root=copy)
    assert refused.returncode == 1
    assert "CHANGELOG.md has no notes under '## [2.0.0]'" in refused.stderr
    assert release("notes", "1.0.0", root=copy).stdout == "Old.\n"


@pytest.mark.parametrize("version", ["1.0", "1.0.0.0"])
def test_a_heading_for_another_version_is_not_its_own(tmp_path: Path, version: str) -> None:
    copy = tmp_path / "repo"
    (copy / ".ci").mkdir(parents=True)
    shutil.copy(ROOT / ".ci" / "release", copy / ".ci" / "release")
    (copy / "CHANGELOG.md").write_text("## [1.0.0]\n\nThe notes.\n")
    assert release("notes", version, root=copy).returncode == 1
