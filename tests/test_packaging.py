"""The wheel carries the schemas, what `init` writes and the calling rules by country:
installed anywhere, `broadcastctl schema` prints them, `broadcastctl init` writes the same
repository as the source does, and `broadcastctl rules` prints the rules."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

from broadcastctl.scaffold import scaffold_files

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def test_an_installed_wheel_prints_the_schema(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
    )
    [wheel] = tmp_path.glob("broadcastctl-*.whl")
    venv.create(tmp_path / "env", with_pip=True)
    pip = tmp_path / "env" / "bin" / "pip"
    subprocess.run([str(pip), "install", "-q", str(wheel)], check=True)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    printed = subprocess.run(
        [str(tmp_path / "env" / "bin" / "broadcastctl"), "schema"],
        cwd=outside,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert printed == (ROOT / "schema" / "campaign.schema.json").read_text()
    path = subprocess.run(
        [str(tmp_path / "env" / "bin" / "broadcastctl"), "schema", "--path"],
        cwd=outside,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert Path(path).is_relative_to(tmp_path / "env")
    policy = subprocess.run(
        [str(tmp_path / "env" / "bin" / "broadcastctl"), "schema", "--policy"],
        cwd=outside,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert policy == (ROOT / "schema" / "policy.schema.json").read_text()
    subprocess.run(
        [str(tmp_path / "env" / "bin" / "broadcastctl"), "init", "repo"],
        cwd=outside,
        check=True,
        capture_output=True,
    )
    written = sorted(
        str(path.relative_to(outside / "repo"))
        for path in (outside / "repo").rglob("*")
        if path.is_file()
    )
    expected = scaffold_files()
    assert written == sorted(scaffold.path for scaffold in expected)
    for scaffold in expected:
        assert (outside / "repo" / scaffold.path).read_text() == scaffold.text, scaffold.path
    rules = subprocess.run(
        [str(tmp_path / "env" / "bin" / "broadcastctl"), "rules", "AU"],
        cwd=outside,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "AU  Australia" in rules  # the calling rules' data file is in the wheel
    assert "https://donotcall.gov.au/consumers/faqs-for-consumers" in rules
