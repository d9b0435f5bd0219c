"""Within one lint pass, a folder's repository root and policy file are found once, however many
campaigns it holds; the next pass looks again."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from broadcastctl.checks import pipeline
from broadcastctl.checks.halves import can_fork
from broadcastctl.checks.pipeline import check_files
from broadcastctl.lint import campaigns
from broadcastctl.lint.campaigns import find_campaign_files, load_campaign, resolved
from broadcastctl.policy import policyfile

CAMPAIGN = """appId: app
taskName: reminder {index}
source: 3
text: Your appointment is tomorrow.
lan: EN
sendTime: 2027-01-18 10:00:00
numberList:
  - "12125550101"
loopCount: 1
maxCalls: 60
allowSendTime:  # vendor time, UTC here: 08:00-18:00 in New York
  - strTime: "13:00"
    endTime: "23:00"
"""
NOW = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)


def counted(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[Any]:
    calls: list[Any] = []
    original: Callable[..., Any] = getattr(owner, name)

    def counting(*args: Any) -> Any:
        calls.append(args)
        return original(*args)

    monkeypatch.setattr(owner, name, counting)
    return calls


def campaign_files(folder: Path, count: int) -> list[Path]:
    (folder / ".git").mkdir()
    (folder / "campaigns").mkdir()
    paths = [folder / "campaigns" / f"c{index}.yaml" for index in range(count)]
    for index, path in enumerate(paths):
        path.write_text(CAMPAIGN.format(index=index))
    return paths


def test_one_pass_over_many_files_walks_up_the_tree_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = campaign_files(tmp_path, 20)
    roots = counted(monkeypatch, campaigns, "_root_above")
    policies = counted(monkeypatch, policyfile, "_policy_above")
    checked = check_files(paths, NOW, dt.UTC)
    assert len(checked.campaigns) == 20
    assert checked.diagnostics == []
    assert len(roots) == 1
    assert len(policies) == 1


def test_the_next_pass_sees_a_policy_file_written_in_between(tmp_path: Path) -> None:
    paths = campaign_files(tmp_path, 2)
    assert check_files(paths, NOW, dt.UTC).diagnostics == []
    (tmp_path / "broadcastctl.yaml").write_text("countries: [GB]\n")
    found = check_files(paths, NOW, dt.UTC).diagnostics
    assert "country-not-allowed" in {d.rule for d in found}


def test_outside_a_pass_nothing_is_remembered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = campaign_files(tmp_path, 2)
    roots = counted(monkeypatch, campaigns, "_root_above")
    for path in paths:
        assert load_campaign(path).campaign is not None
    assert len(roots) == 4  # each file's link check and its references


def test_a_file_is_found_where_resolve_finds_it(tmp_path: Path) -> None:
    """Through a symlinked folder, as a symlink itself, missing, and written with `..`."""
    [path] = campaign_files(tmp_path, 1)
    (tmp_path / "linked").symlink_to(tmp_path / "campaigns")
    (tmp_path / "campaigns" / "link.yaml").symlink_to(path)
    written = [
        tmp_path / "linked" / "c0.yaml",
        tmp_path / "campaigns" / "link.yaml",
        tmp_path / "linked" / "missing.yaml",
        tmp_path / "campaigns" / ".." / "campaigns" / "c0.yaml",
        tmp_path / "campaigns" / "..",
    ]
    with campaigns.one_pass():
        for each in written:
            assert resolved(each) == each.resolve()
        with pytest.raises(FileNotFoundError):
            resolved(written[2], strict=True)


def test_many_files_checked_in_two_processes_give_what_one_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test case, valid and invalid (YAML errors, numbers files read by several campaigns,
    a taskName used twice across the two halves), under a policy, both ways."""
    root = Path(__file__).resolve().parent.parent
    shutil.copytree(root / "data", tmp_path / "data", symlinks=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / "broadcastctl.yaml").write_text("countries: [US, GB]\n")
    for index in range(2):
        (tmp_path / "data" / f"twice-{index}.yaml").write_text(CAMPAIGN.format(index="twice"))
    monkeypatch.chdir(tmp_path)
    files = find_campaign_files(["data"])
    files = files[1::2] + files[::2]  # the two taskName twins fall in different halves
    assert len(files) > 100
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", len(files) + 1)
    one = check_files(files, NOW, dt.UTC)
    processes = tmp_path / "processes"
    check_one = pipeline._check_one

    def recorded(*args: Any) -> Any:
        with processes.open("a") as log:
            log.write(f"{os.getpid()}\n")
        return check_one(*args)

    monkeypatch.setattr(pipeline, "_check_one", recorded)
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 2)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.2, 0.2, 0.2))  # cores free to use
    two = check_files(files, NOW, dt.UTC)
    if can_fork():
        assert len(set(processes.read_text().split())) == 2
    assert {d.rule for d in one.diagnostics} >= {"yaml-syntax", "duplicate-task-name"}
    assert two.diagnostics == one.diagnostics
    assert two.campaigns == one.campaigns
    assert two.policies == one.policies
    assert two.audiences.keys() == one.audiences.keys()
    for file, audience in one.audiences.items():
        assert (two.audiences[file].digits, two.audiences[file].survey) == (
            audience.digits,
            audience.survey,
        )
