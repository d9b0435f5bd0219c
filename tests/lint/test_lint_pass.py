"""Within one lint pass, a folder's repository root and policy file are found once, however many
campaigns it holds; the next pass looks again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from broadcastctl.lint import campaigns
from broadcastctl.lint.campaigns import load_campaign, resolved
from broadcastctl.lint.pipeline import check_files
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
