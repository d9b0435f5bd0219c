"""Every safety input fails closed: a policy file or a do-not-call list that cannot be read as
a regular file of sane size is an error naming it, never the defaults and never a hang; a list
named many times is read once; its dates are judged on the day the campaign calls."""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
from array import array
from pathlib import Path

import pytest

from broadcastctl import git
from broadcastctl.checks.pipeline import check_files
from broadcastctl.lint.diagnostics import Diagnostic
from broadcastctl.policy import listcache
from broadcastctl.policy.dnclist import ReadList
from broadcastctl.policy.suppression import DoNotCall, Wanted
from broadcastctl.safefile import UnreadableFile, read_regular_file

NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)
CAMPAIGN = """appId: app-1
taskName: {name}
source: 3
text: Hello
lan: EN
loopCount: 1
maxCalls: 60
{extra}numberList: [{numbers}]
allowSendTime:
  - strTime: "16:00"
    endTime: "20:00"
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    return tmp_path


def campaign(repo: Path, numbers: str = '"12025550143"', extra: str = "", name: str = "cc") -> Path:
    path = repo / f"{name}.yaml"
    path.write_text(CAMPAIGN.format(name=name, numbers=numbers, extra=extra))
    return path


def lint(*paths: Path) -> list[Diagnostic]:
    return check_files(list(paths), NOW, dt.UTC).diagnostics


def shown(found: list[Diagnostic]) -> list[tuple[str, int, str]]:
    return [(d.file, d.line, d.rule) for d in found]


# --- the policy file ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["dangling link", "folder", "link to /dev/zero", "FIFO"])
def test_a_policy_file_that_is_no_regular_file_is_an_error_naming_it(repo: Path, kind: str) -> None:
    """It was skipped, and the defaults applied: the team's lists and countries silently off."""
    policy = repo / "broadcastctl.yaml"
    if kind == "dangling link":
        policy.symlink_to(repo / "nowhere.yaml")
    elif kind == "folder":
        policy.mkdir()
    elif kind == "link to /dev/zero":
        policy.symlink_to("/dev/zero")
    else:
        os.mkfifo(policy)
    found = _lint_in_a_process(repo, campaign(repo))
    assert found.returncode == 1, found.stdout
    [line] = [line for line in found.stdout.splitlines() if "broadcastctl.yaml" in line]
    assert line.startswith("broadcastctl.yaml:1:1: error policy the policy file broadcastctl.yaml")
    assert "cannot be read" in line


def _lint_in_a_process(repo: Path, *paths: Path) -> subprocess.CompletedProcess[str]:
    """Lint in a process of its own with a time limit: a read that blocks fails the test."""
    command = [sys.executable, "-m", "broadcastctl", "lint", "--color", "never"]
    return subprocess.run(
        [*command, *(str(p.relative_to(repo)) for p in paths)],
        cwd=repo,
        env=os.environ | {"BROADCASTCTL_API_TIMEZONE": "+00:00"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


# --- do-not-call lists --------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["FIFO", "folder", "link to /dev/zero", "too large"])
def test_a_list_that_is_no_regular_file_of_sane_size_is_an_error_naming_it(
    repo: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = repo / "opt-outs.txt"
    if kind == "FIFO":
        os.mkfifo(listed)
    elif kind == "folder":
        listed.mkdir()
    elif kind == "link to /dev/zero":
        listed.symlink_to("/dev/zero")
    else:
        listed.write_text("12025550143\n" * 100)
        monkeypatch.setattr("broadcastctl.policy.suppression.MAX_LIST_BYTES", 1000)
    (repo / "broadcastctl.yaml").write_text("suppression:\n  - opt-outs.txt\n")
    if kind in ("FIFO", "link to /dev/zero"):  # before, these blocked or read without end
        found = _lint_in_a_process(repo, campaign(repo))
        assert found.returncode == 1
        [line] = found.stdout.splitlines()[:-2]
        # a link to /dev/zero leads outside the repository: said before any read
        assert line.startswith(
            "broadcastctl.yaml:2:5: error suppression-list do-not-call list 'opt-outs.txt' "
        )
        return
    [problem] = [d for d in lint(campaign(repo)) if d.rule == "suppression-list"]
    assert (problem.file, problem.line) == ("broadcastctl.yaml", 2)
    assert problem.message.startswith("do-not-call list 'opt-outs.txt' cannot be read (it is ")


def test_a_list_named_ten_thousand_times_is_read_and_dated_once(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One git call per entry took over 30 s."""
    calls: list[Path] = []
    real = git.last_commit_date

    def counted(path: Path) -> dt.date | None:
        calls.append(path)
        return real(path)

    monkeypatch.setattr(git, "last_commit_date", counted)
    (repo / "undated.txt").write_text("12025550144\n")
    (repo / "broadcastctl.yaml").write_text("suppression:\n" + "  - undated.txt\n" * 10_000)
    found = lint(campaign(repo))
    assert len(calls) == 1
    assert [d.rule for d in found] == ["stale-suppression"]  # its age is unknown, said once


def test_a_list_path_with_a_nul_byte_is_an_error(repo: Path) -> None:
    (repo / "broadcastctl.yaml").write_text('suppression:\n  - "opt\\0outs.txt"\n')
    [problem] = lint(campaign(repo))
    assert (problem.file, problem.line, problem.rule) == (
        "broadcastctl.yaml",
        2,
        "suppression-list",
    )
    assert "NUL byte" in problem.message


def test_a_us_registry_file_declared_us_suppresses_its_numbers(repo: Path) -> None:
    (repo / "registry.txt").write_text("# exported: 2026-11-20\n2025550143\n(213) 555-0187\n")
    (repo / "broadcastctl.yaml").write_text(
        "suppression:\n  - file: registry.txt\n    country: US\n"
    )
    found = lint(campaign(repo, '"12025550143", "12135550187", "12025550144"'))
    assert [(d.rule, d.line, d.column) for d in found] == [
        ("suppressed-number", 8, 14),
        ("suppressed-number", 8, 29),
    ]


def test_an_unknown_country_is_an_error(repo: Path) -> None:
    (repo / "registry.txt").write_text("# exported: 2026-11-20\n2025550143\n")
    (repo / "broadcastctl.yaml").write_text("suppression:\n  - {file: registry.txt, country: XX}\n")
    [problem] = lint(campaign(repo))
    assert problem.rule == "suppression-list"
    assert "XX" in problem.message


def test_a_junk_entry_is_an_error_on_its_line(repo: Path) -> None:
    (repo / "opt-outs.txt").write_text("# exported: 2026-11-20\n+44 (0)121 234 4427\nJane\n")
    (repo / "broadcastctl.yaml").write_text("suppression: [opt-outs.txt]\n")
    found = lint(campaign(repo, '"441212344427"'))
    assert shown(found) == [
        ("cc.yaml", 8, "suppressed-number"),
        ("opt-outs.txt", 3, "suppression-list"),
    ]


# --- dates --------------------------------------------------------------------------------


def test_an_export_date_in_the_future_is_an_error(repo: Path) -> None:
    """It was fresh for ever."""
    (repo / "opt-outs.txt").write_text("# exported: 2030-01-01\n12025550144\n")
    (repo / "broadcastctl.yaml").write_text("suppression: [opt-outs.txt]\n")
    [problem] = lint(campaign(repo))
    assert (problem.file, problem.rule) == ("broadcastctl.yaml", "stale-suppression")
    assert "`# exported: 2030-01-01` is in the future" in problem.message


def test_an_export_date_that_is_no_date_is_an_error(repo: Path) -> None:
    (repo / "opt-outs.txt").write_text("# exported: 2026-02-30\n12025550144\n")
    (repo / "broadcastctl.yaml").write_text("suppression: [opt-outs.txt]\n")
    [problem] = lint(campaign(repo))
    assert "is not a date" in problem.message


def test_the_age_is_measured_on_the_day_the_campaign_calls(repo: Path) -> None:
    """Exported a week ago, it passed for a campaign that calls 45 days after its export."""
    (repo / "opt-outs.txt").write_text("# exported: 2026-11-20\n12025550144\n")
    (repo / "broadcastctl.yaml").write_text("suppression: [opt-outs.txt]\n")
    soon = campaign(repo, extra="sendTime: 2026-12-01 14:00:00\n", name="soon")
    assert lint(soon) == []
    later = campaign(repo, extra="sendTime: 2027-01-04 14:00:00\n", name="later")
    [problem] = lint(later, soon)
    assert (problem.file, problem.line, problem.rule) == (
        "broadcastctl.yaml",
        1,
        "stale-suppression",
    )
    assert "45 days before 2027-01-04, the last day a campaign here calls" in problem.message


# --- country-not-allowed ------------------------------------------------------------------


def test_a_region_is_reported_on_a_number_the_schema_accepted(repo: Path) -> None:
    """Its first item was refused by the schema ('+'): the diagnostic landed on it and was
    dropped with it, and the region's real numbers went unmentioned."""
    (repo / "broadcastctl.yaml").write_text("countries: [US]\n")
    found = lint(campaign(repo, '"+442079460000", "12025550143", "442079460001", "33199001234"'))
    assert [(d.rule, d.column) for d in found if d.rule == "country-not-allowed"] == [
        ("country-not-allowed", 46),  # GB, on its number the schema took
        ("country-not-allowed", 62),  # FR
    ]


# --- the compiled lists -------------------------------------------------------------------


def test_a_list_is_read_once_then_from_its_compiled_form(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = repo / "opt-outs.txt"
    listed.write_text("+1 (202) 555-0143\njunk\n")
    first = _compiled(listed, repo)

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("read again")

    monkeypatch.setattr(listcache, "read_list", fail)
    assert _compiled(listed, repo) == first
    [stored] = (repo / listcache.FOLDER).iterdir()
    stored.write_bytes(stored.read_bytes()[:-1] + b"\x01")  # corrupt: never trusted
    with pytest.raises(AssertionError, match="read again"):
        _compiled(listed, repo)
    monkeypatch.undo()
    assert _compiled(listed, repo) == first  # rebuilt
    listed.write_text("+1 (202) 555-0144\n")  # changed: read again, the old form removed
    assert list(_compiled(listed, repo).numbers) == [12025550144]
    assert len(list((repo / listcache.FOLDER).iterdir())) == 1


def _compiled(listed: Path, repo: Path) -> ReadList:
    return listcache.read_compiled(listed, repo, max_bytes=10_000, csv_file=False, country=None)


# --- reading a file safely ----------------------------------------------------------------


def test_read_regular_file_refuses_what_is_no_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    (tmp_path / "big").write_bytes(b"x" * 2000)
    reasons = {}
    for name in ("fifo", "dangling", "big", "."):
        with pytest.raises(UnreadableFile) as refused:
            read_regular_file(tmp_path / name, 1000)
        reasons[name] = refused.value.reason
    assert reasons == {
        "fifo": "it is a FIFO (a named pipe), not a file",
        "dangling": "it is a symlink to a file that does not exist",
        "big": "it is 0.0 MiB; the limit is 0.000953674 MiB",
        ".": "it is a folder, not a file",
    }
    with pytest.raises(UnreadableFile, match="NUL"):
        read_regular_file("a\0b", 10)


def test_a_list_finds_the_same_numbers_by_either_way_of_looking() -> None:
    """Few numbers are looked up one by one, many in one pass over the list or over its
    stretches where they fall, and the entries of a list much shorter than the numbers among
    them: the same finds, and a number written with a leading 0 never
    matches the number without it."""
    rng = random.Random(5)
    for spread in (100_000, 10**9):  # in a few stretches of 10,000 numbers, or in many
        listed = array(
            "Q", sorted(rng.sample(range(12_000_000_000, 12_000_000_000 + spread), 5_000))
        )
        for count in (10, 100, 1_000, 20_000, 120_000):
            _look_up(rng, listed, spread, count)


def _look_up(rng: random.Random, listed: array[int], spread: int, count: int) -> None:
    dnc = DoNotCall("l.txt", (1, 1), 0, listed, None, "")
    some = min(count // 10, len(listed))
    wanted = {str(n) for n in rng.sample(listed.tolist(), some)}  # some listed
    wanted |= {str(12_000_000_000 + rng.randrange(spread)) for _ in range(count)}
    held = set(listed)
    expected = {digits for digits in wanted if int(digits) in held}
    assert dnc.found_in(wanted) == expected
    assert dnc.found_in(wanted | {"0" + d for d in wanted} | {"", "x1"}) == expected
    assert dnc.found_in(Wanted.of(wanted, all_valid=True)) == expected
    stretches = frozenset(digits[:-4] for digits in wanted)  # as the survey gives them
    assert dnc.found_in(Wanted.of(wanted, all_valid=True, stretches=stretches)) == expected


def test_the_numbers_made_integers_once_serve_every_list() -> None:
    wanted = Wanted.of(["12025550143", "012025550144", "", "x", "12025550145", "12025550143"])
    assert wanted.values == {12025550143, 12025550145}
    first = DoNotCall("a.txt", (1, 1), 0, array("Q", [12025550143]), None, "")
    second = DoNotCall("b.txt", (1, 1), 1, array("Q", [12025550144, 12025550145]), None, "")
    assert first.found_in(wanted) == {"12025550143"}
    assert second.found_in(wanted) == {"12025550145"}  # not the one written with a 0


def test_a_suppression_entry_of_the_wrong_shape_says_what_to_write(repo: Path) -> None:
    (repo / "broadcastctl.yaml").write_text("suppression:\n  - {file: r.txt, country: us}\n")
    [problem] = lint(campaign(repo))
    assert (problem.line, problem.rule) == (2, "policy")
    assert "'us' does not fit: write the region's ISO code in capitals" in problem.message
    assert "name a do-not-call list by its path, or as {file: PATH, country: US}" in problem.message
