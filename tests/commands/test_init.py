"""`broadcastctl init`: a new repository that lints, plans and deploys (on a sandbox over real
HTTP), whose workflows pass actionlint and zizmor, and whose files are never overwritten."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from broadcastctl import __version__
from broadcastctl.cli import main
from broadcastctl.home import repository_url
from broadcastctl.sandbox import SandboxServer
from broadcastctl.scaffold import (
    LOCAL_ACTION,
    WORKFLOWS,
    Setup,
    action_reference,
    alike,
    scaffold_files,
    setup_for,
)

ROOT = Path(__file__).resolve().parent.parent.parent
WRITTEN = [scaffold.path for scaffold in scaffold_files()]


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder (a git repository) as the working directory."""
    folder = tmp_path / "repo"
    folder.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "master", str(folder)], check=True)
    monkeypatch.chdir(folder)
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "BROADCASTCTL_API_TIMEZONE"):
        monkeypatch.delenv(name, raising=False)
    return folder


def test_init_then_lint_plan_and_deploy_on_the_sandbox(
    fresh: Path, vendor: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Wrote {len(WRITTEN)} files in this folder:\n")
    assert all(f"  + {path}\n" in out for path in WRITTEN)
    assert "Next: broadcastctl lint && broadcastctl deploy --sandbox --yes" in out
    assert main(["lint"]) == 0
    assert "1 file checked: no problems" in capsys.readouterr().out
    assert main(["plan"]) == 0
    assert "+ create   example appointment reminder US" in capsys.readouterr().out
    assert main(["deploy", "--yes"]) == 0
    assert "Deploy: 1 created." in capsys.readouterr().out
    assert main(["deploy", "--yes"]) == 0
    assert "Nothing to create or update." in capsys.readouterr().out


def test_the_example_keeps_to_calling_hours_even_with_no_policy_file(
    fresh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init"]) == 0
    (fresh / "broadcastctl.yaml").unlink()
    assert main(["lint"]) == 0
    example = fresh / "campaigns" / "example-reminder.yaml"
    # The same campaign ringing New York at night breaks the written policy.
    assert main(["init"]) == 0  # the policy file back
    example.write_text(example.read_text().replace('"00:00"', '"10:00"').replace(
        'endTime: "08:00"', 'endTime: "18:00"'
    ))  # fmt: skip
    capsys.readouterr()
    assert main(["lint", "--color", "never"]) == 1
    assert "calling-hours" in capsys.readouterr().out


def test_a_second_run_writes_only_what_is_missing(
    fresh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init"]) == 0
    edited = fresh / "broadcastctl.yaml"
    edited.write_text("countries: [CA]\n")
    (fresh / ".github" / "workflows" / "deploy.yml").unlink()
    capsys.readouterr()
    assert main(["init", "."]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Wrote 1 file in this folder:\n  + .github/workflows/deploy.yml\n")
    assert "Already there, left as they are:\n  = campaigns/example-reminder.yaml\n" in out
    assert (
        "Already there but not as this version writes them, left as they are:\n"
        "  ~ broadcastctl.yaml\n"
    ) in out
    assert edited.read_text() == "countries: [CA]\n"
    assert main(["init"]) == 0
    out = capsys.readouterr().out
    assert out.endswith("Nothing written: every file init writes is already there.\n")
    assert "Wrote" not in out


def test_a_folder_or_a_dangling_link_in_a_files_place_is_an_error_and_nothing_is_written(
    fresh: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (fresh / ".gitignore").mkdir()
    (fresh / "campaigns").mkdir()
    (fresh / "campaigns" / "example-reminder.yaml").symlink_to(tmp_path / "nowhere.yaml")
    assert main(["init"]) == 1
    err = capsys.readouterr().err
    assert "init wrote nothing" in err
    assert "  .gitignore is a folder, where init writes a file\n" in err
    assert (
        f"  campaigns/example-reminder.yaml is a link to nothing ({tmp_path / 'nowhere.yaml'})"
        in err
    )
    assert (fresh / ".gitignore").is_dir()
    assert not (tmp_path / "nowhere.yaml").exists()  # not written through the dangling link
    assert sorted(path.name for path in fresh.iterdir()) == [".git", ".gitignore", "campaigns"]


def test_a_folder_linked_out_of_the_repository_is_never_written_through(
    fresh: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (fresh / ".github").symlink_to(elsewhere)
    assert main(["init"]) == 1
    err = capsys.readouterr().err
    assert f"  .github is a link that leads out of the folder (to {elsewhere})" in err
    assert list(elsewhere.iterdir()) == []
    assert not (fresh / "campaigns").exists()  # nothing at all, not only nothing outside


def test_a_folder_linked_inside_the_repository_is_followed(
    fresh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (fresh / "shared" / "github").mkdir(parents=True)
    (fresh / ".github").symlink_to(Path("shared") / "github")
    assert main(["init"]) == 0
    assert "  + .github/workflows/deploy.yml\n" in capsys.readouterr().out
    assert (fresh / "shared" / "github" / "workflows" / "deploy.yml").is_file()


def test_a_file_where_init_makes_a_folder_is_an_error_naming_it(
    fresh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (fresh / "schema").write_text("")
    assert main(["init"]) == 1
    err = capsys.readouterr().err
    assert err.count("  schema is not a folder\n") == 1  # once, though init writes two in it
    assert (fresh / "schema").read_text() == ""
    assert not (fresh / "broadcastctl.yaml").exists()


def test_a_dangling_link_as_the_folder_is_an_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "repo").symlink_to(tmp_path / "gone")
    assert main(["init", "repo"]) == 1
    captured = capsys.readouterr()
    assert f"init: repo is a link to nothing ({tmp_path / 'gone'})" in captured.err
    assert "Already there" not in captured.out
    assert not (tmp_path / "gone").exists()
    (tmp_path / "file").write_text("")
    assert main(["init", "file"]) == 1
    assert "init: file is not a folder" in capsys.readouterr().err


def test_a_fifo_in_a_files_place_is_an_error_not_a_wait(fresh: Path) -> None:
    """Run apart, so that a read that blocks fails the test by its timeout instead of
    stopping the suite."""
    os.mkfifo(fresh / ".gitignore")
    done = subprocess.run(
        [sys.executable, "-m", "broadcastctl", "init"],
        cwd=fresh,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert "  .gitignore is not a regular file (a FIFO, a socket or a device)" in done.stderr


def test_a_write_cut_short_leaves_no_part_of_a_file_and_the_next_run_completes(
    fresh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As on a full disk: a file-size limit makes the write of each larger file fail. No
    truncated file (nor a temporary one) is left for the next run to keep as its own."""
    limited = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))\n"
        "from broadcastctl.cli import main\n"
        "sys.exit(main(['init']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", limited], cwd=fresh, capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert "cannot write " in done.stderr
    assert "File too large" in done.stderr
    texts = {scaffold.path: scaffold.text for scaffold in scaffold_files(setup_for(fresh))}
    present = [
        p for p in fresh.rglob("*") if p.is_file() and ".git" not in p.relative_to(fresh).parts[:1]
    ]
    assert {p.relative_to(fresh).as_posix() for p in present} <= set(texts)
    for file in present:  # the example's sendTime is the day after init ran
        assert alike(file.read_bytes(), texts[file.relative_to(fresh).as_posix()].encode())
    assert main(["init"]) == 0
    assert "~" not in capsys.readouterr().out
    for path, text in texts.items():
        assert alike((fresh / path).read_bytes(), text.encode())


def test_a_truncated_or_foreign_file_is_said_to_differ_and_kept(
    fresh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init"]) == 0
    schema = fresh / "schema" / "campaign.schema.json"
    cut = schema.read_text()[:100]
    schema.write_text(cut)
    capsys.readouterr()
    assert main(["init"]) == 0
    out = capsys.readouterr().out
    assert "  ~ schema/campaign.schema.json\n" in out
    assert "  = schema/campaign.schema.json\n" not in out
    assert "  = schema/policy.schema.json\n" in out
    assert schema.read_text() == cut


def test_an_existing_gitignore_without_the_state_folder_gets_a_note(
    fresh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (fresh / ".gitignore").write_text("*.pyc\n")
    assert main(["init"]) == 0
    out = capsys.readouterr().out
    assert "  ~ .gitignore\n" in out
    assert "Note: .gitignore does not ignore .broadcastctl/" in out
    (fresh / ".gitignore").write_text("*.pyc\n/.broadcastctl\n")
    assert main(["init"]) == 0
    assert "Note:" not in capsys.readouterr().out


def test_init_makes_the_folder_it_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "new/voice"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Wrote 11 files in new/voice:\n")
    assert "Next: cd new/voice && broadcastctl lint" in out
    assert os.access(tmp_path / "new" / "voice" / ".ci" / "state", os.X_OK)


def test_the_schema_copies_are_current_and_the_modelines_find_them(
    fresh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init"]) == 0
    assert main(["schema", "--check", "schema"]) == 0
    for path, name in (
        ("campaigns/example-reminder.yaml", "campaign.schema.json"),
        ("broadcastctl.yaml", "policy.schema.json"),
    ):
        first = (fresh / path).read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        target = (fresh / path).parent / first.split("$schema=", 1)[1]
        assert target.resolve() == (fresh / "schema" / name).resolve()
        assert target.read_text() == (ROOT / "schema" / name).read_text()


def test_the_pre_commit_hook_runs_the_installed_broadcastctl_and_shows_the_published_one(
    fresh: Path,
) -> None:
    """The published hook, as it runs, but with the broadcastctl on PATH instead of one
    pre-commit installs from a tag; the published form stands in a comment, ready to switch."""
    assert main(["init"]) == 0
    text = (fresh / ".pre-commit-config.yaml").read_text()
    [repo] = YAML(typ="safe").load(text)["repos"]
    assert repo["repo"] == "local"
    [hook] = repo["hooks"]
    [published] = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text())
    del published["description"]
    assert hook == published | {"language": "system"}
    commented = "\n".join(
        line.removeprefix("#   ") for line in text.splitlines() if line.startswith("#   ")
    )
    [shown] = YAML(typ="safe").load(commented)
    assert shown == {
        "repo": repository_url(),
        "rev": f"v{__version__}",
        "hooks": [{"id": published["id"]}],
    }
    assert ".broadcastctl/" in (fresh / ".gitignore").read_text().splitlines()


def test_the_workflows_are_this_repositorys_adapted_to_use_the_released_action(
    fresh: Path,
) -> None:
    """The action of this release instead of the checkout's, and the branch checked out in a
    new repository (master here) instead of main."""
    assert main(["init"]) == 0
    reference = action_reference(Setup())
    assert reference.startswith(f"uses: broadcastctl/broadcastctl@v{__version__} # zizmor:")
    for name in WORKFLOWS:
        ours = (ROOT / ".github" / "workflows" / name).read_text()
        theirs = (fresh / ".github" / "workflows" / name).read_text()
        assert "uses: ./" not in theirs
        assert ".ci/run" not in theirs  # this project's tests, absent from a campaigns repo
        expected = ours.replace(LOCAL_ACTION, reference).replace(
            "# This repository's own action (action.yml): installs broadcastctl from the checkout.",
            f"# The broadcastctl action, v{__version__}: installs broadcastctl.",
        )
        if name == "deploy.yml":
            expected = expected.replace("branches: [main]", 'branches: ["master"]')
            expected = re.sub(r"\bmain\b", "master", expected)
            assert YAML(typ="safe").load(theirs)["on"]["push"] == {"branches": ["master"]}
            assert "github.ref == 'refs/heads/master'" in theirs
        if name == "pull-request.yml":
            document: dict[str, Any] = YAML(typ="safe").load(theirs)
            assert list(document["jobs"]) == ["lint", "plan"]
            assert document["jobs"] == {
                job: value
                for job, value in YAML(typ="safe").load(expected)["jobs"].items()
                if job != "test"
            }
        else:
            assert theirs == expected
    assert (fresh / ".ci" / "state").read_text() == (ROOT / ".ci" / "state").read_text()


@pytest.mark.parametrize("commit", [None, "0123456789abcdef0123456789abcdef01234567"])
def test_the_written_workflows_pass_actionlint_and_zizmor(
    fresh: Path,
    actionlint: Callable[[list[Path]], list[dict[str, Any]]],
    zizmor: Callable[..., list[dict[str, Any]]],
    commit: str | None,
) -> None:
    """Pinned by the commit the installation knows, or by tag with the reason zizmor is told:
    no finding either way, from any of zizmor's three personas."""
    for scaffold in scaffold_files(Setup(branch="master", found_as="test", commit=commit)):
        if scaffold.path.startswith(".github/"):
            (fresh / scaffold.path).parent.mkdir(parents=True, exist_ok=True)
            (fresh / scaffold.path).write_text(scaffold.text)
    written = sorted((fresh / ".github" / "workflows").glob("*.yml"))
    assert [path.name for path in written] == sorted(WORKFLOWS)
    uses = "\n".join(path.read_text() for path in written)
    pin = f"broadcastctl/broadcastctl@{commit} # v{__version__}\n"
    assert (pin in uses) == (commit is not None)
    assert ("# zizmor: ignore[unpinned-uses]" in uses) == (commit is None)
    assert actionlint(written) == []
    assert zizmor(fresh / ".github" / "workflows") == []


def test_the_deploy_branch_is_the_one_git_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """origin's default branch when there is an origin, else the branch checked out, else
    main with a note in the workflow and in what init prints."""
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "trunk", str(origin)], check=True)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True, capture_output=True)
    subprocess.run(["git", "-C", str(clone), "remote", "set-head", "origin", "trunk"], check=False)
    subprocess.run(["git", "-C", str(clone), "checkout", "-q", "-b", "feature"], check=True)
    subprocess.run(["git", "-C", str(clone), "symbolic-ref", "refs/remotes/origin/HEAD",
                    "refs/remotes/origin/trunk"], check=True)  # fmt: skip
    assert setup_for(clone).branch == "trunk"
    assert setup_for(clone).found_as == "origin's default branch"
    checked_out = tmp_path / "new"
    subprocess.run(["git", "init", "-q", "-b", "develop", str(checked_out)], check=True)
    assert (setup_for(checked_out).branch, setup_for(checked_out).found_as) == (
        "develop", "the branch checked out"
    )  # fmt: skip
    plain = tmp_path / "plain"
    assert main(["init", str(plain)]) == 0
    out = capsys.readouterr().out
    assert "Note: the workflows use the action at tag v" in out
    assert "git did not say this repository's default branch" in out
    deploy = (plain / ".github" / "workflows" / "deploy.yml").read_text()
    assert deploy.startswith("# broadcastctl init could not read this repository's default")
    assert 'branches: ["main"]' in deploy


def test_init_says_how_the_workflows_pin_the_action_and_which_branch_deploys(
    fresh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2] == (
        f"The workflows use the action at tag v{__version__} (this installation does not know"
        " its commit), and deploy from master (the branch checked out)."
    )
    pinned = Setup(branch="master", found_as="x", commit="f" * 40)
    assert (
        action_reference(pinned) == f"uses: broadcastctl/broadcastctl@{'f' * 40} # v{__version__}\n"
    )


def test_init_says_when_the_hook_it_wrote_cannot_find_broadcastctl(
    fresh: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The hook runs `broadcastctl` from PATH: run by a venv's path without activating it,
    init says so, and says nothing when it is found."""
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    monkeypatch.setenv("PATH", str(bin_folder))
    assert main(["init"]) == 0
    assert "Note: broadcastctl is not on PATH" in capsys.readouterr().out
    (fresh / ".pre-commit-config.yaml").unlink()
    (bin_folder / "broadcastctl").write_text("#!/bin/sh\n")
    (bin_folder / "broadcastctl").chmod(0o755)
    assert main(["init"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Wrote 1 file in this folder:\n  + .pre-commit-config.yaml\n")
    assert "Note:" not in out


def test_the_example_starts_the_day_after_init_and_a_later_run_finds_it_the_same(
    fresh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init"]) == 0
    example = (fresh / "campaigns" / "example-reminder.yaml").read_text()
    [line] = [line for line in example.splitlines() if line.startswith("sendTime:")]
    zone = dt.timezone(dt.timedelta(hours=8))  # the vendor's zone by default
    tomorrow = dt.datetime.now(zone).date() + dt.timedelta(days=1)
    assert line == f'sendTime: "{tomorrow:%Y-%m-%d} 00:00:00"'
    assert "localWindows:" in example
    assert "allowSendTime" not in example
    (fresh / "campaigns" / "example-reminder.yaml").write_text(
        example.replace(line, 'sendTime: "2030-01-02 00:00:00"')
    )
    capsys.readouterr()
    assert main(["init"]) == 0
    assert "~" not in capsys.readouterr().out  # another day's sendTime is still init's file
