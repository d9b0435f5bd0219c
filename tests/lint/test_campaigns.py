"""Finding campaign files and reading what they refer to."""

from __future__ import annotations

from pathlib import Path

import pytest

from broadcastctl.errors import UsageError
from broadcastctl.lint import campaigns
from broadcastctl.lint.campaigns import find_campaign_files, load_campaign


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_folders_are_searched_for_yaml_files_in_order(tmp_path: Path) -> None:
    write(tmp_path / "b.yaml", "a: 1\n")
    write(tmp_path / "sub" / "a.yml", "a: 1\n")
    write(tmp_path / "notes.txt", "")
    write(tmp_path / ".hidden" / "c.yaml", "a: 1\n")
    found = find_campaign_files([str(tmp_path)])
    assert found == [tmp_path / "b.yaml", tmp_path / "sub" / "a.yml"]


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file or folder"):
        find_campaign_files([str(tmp_path / "nope")])


def test_a_file_over_the_size_limit_is_refused_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(campaigns, "MAX_CAMPAIGN_BYTES", 1024)
    path = write(tmp_path / "big.yaml", "a: 1\n" * 400)
    loaded = load_campaign(path)
    assert loaded.campaign is None
    [diagnostic] = loaded.diagnostics
    assert diagnostic.rule == "file-too-large"
    assert "the limit is" in diagnostic.message


def test_numbers_from_a_text_file_keep_their_lines(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / "numbers.txt", "# header comment\n\n  12025550101\n12025550102\n")
    path = write(tmp_path / "c.yaml", "numberFile: numbers.txt\n")
    loaded = load_campaign(path)
    assert loaded.diagnostics == []
    assert loaded.campaign is not None
    numbers = loaded.campaign.numbers
    assert numbers is not None
    assert list(numbers.values) == ["12025550101", "12025550102"]
    assert [numbers.at(0), numbers.at(1)] == [(3, 3), (4, 1)]


def test_numbers_from_a_csv_file_skip_the_header(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / "n.csv", 'phone,name\n12025550101,Ada\n12025550102,"Lovelace, A"\n')
    loaded = load_campaign(write(tmp_path / "c.yaml", "numberFile: n.csv\n"))
    assert loaded.campaign is not None
    assert loaded.campaign.numbers is not None
    assert list(loaded.campaign.numbers.values) == ["12025550101", "12025550102"]
    assert list(loaded.campaign.numbers.lines) == [2, 3]


def test_a_reference_may_climb_within_the_repository(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / "audio" / "x.mp3", "ID3")
    loaded = load_campaign(write(tmp_path / "campaigns" / "c.yaml", "audioFile: ../audio/x.mp3\n"))
    assert loaded.diagnostics == []
    assert loaded.campaign is not None
    assert loaded.campaign.audio == b"ID3"


def test_a_reference_outside_the_repository_is_refused(tmp_path: Path) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    write(tmp_path / "secret.txt", "12025550101\n")
    loaded = load_campaign(write(tmp_path / "repo" / "c.yaml", "numberFile: ../secret.txt\n"))
    [diagnostic] = loaded.diagnostics
    assert diagnostic.rule == "file-reference"
    assert (diagnostic.line, diagnostic.column) == (1, 13)
    assert loaded.campaign is not None
    assert loaded.campaign.numbers is None


def test_a_top_level_list_is_not_a_campaign(tmp_path: Path) -> None:
    loaded = load_campaign(write(tmp_path / "c.yaml", "- a\n- b\n"))
    assert loaded.campaign is None
    assert [d.rule for d in loaded.diagnostics] == ["yaml-not-mapping"]


def test_a_broken_link_is_a_diagnostic_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "old.yaml").symlink_to(tmp_path / "gone.yaml")
    [path] = find_campaign_files([str(tmp_path)])
    loaded = load_campaign(path)
    assert loaded.campaign is None
    [diagnostic] = loaded.diagnostics
    assert diagnostic.rule == "file-unreadable"
    assert "No such file" in diagnostic.message
