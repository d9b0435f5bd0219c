"""The pre-commit hook this repository publishes, run by pre-commit itself on a new repository."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from broadcastctl import __version__

ROOT = Path(__file__).resolve().parent.parent
GOOD = """appId: app-1
taskName: {name}
source: 3
text: Hello
lan: EN
numberList: ["12025550101"]
loopCount: 1
maxCalls: 60
# 00:00-08:00 vendor time (UTC+8) is 11:00-19:00 in New York: inside the calling hours.
allowSendTime:
  - strTime: "00:00"
    endTime: "08:00"
"""

pytestmark = pytest.mark.slow


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


# Session-wide (per test process): with the tests spread over processes, other modules' tests
# come between this module's, which would make a module-scoped fixture again, and a new home (or
# a new clone) means installing the hook's environment again.
@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One hook environment for the module: building it installs broadcastctl once."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pre-commit config naming this repository's hook at one commit, as a user's config
    names it: what is checked out, with the changes to tracked files committed on top in a
    clone, as `pre-commit try-repo` takes them. The same repository and commit for every test
    of the module, so pre-commit builds the hook's environment once (try-repo builds it anew
    at each run)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    folder = tmp_path_factory.mktemp("published")
    clone = folder / "broadcastctl"
    git(folder, "clone", "-q", "--no-checkout", str(ROOT), str(clone))
    head = output(ROOT, "rev-parse", "HEAD")
    git(clone, "checkout", "-q", "--detach", head)
    changes = subprocess.run(
        ["git", "diff", "--binary", "HEAD"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    if changes:
        subprocess.run(["git", "apply", "--index"], cwd=clone, input=changes, check=True)
        git(clone, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "changes")
    hooks = [{"id": "broadcastctl-lint"}]
    config = {
        "repos": [{"repo": str(clone), "rev": output(clone, "rev-parse", "HEAD"), "hooks": hooks}]
    }
    (folder / "config.yaml").write_text(yaml.safe_dump(config))
    return folder / "config.yaml"


def output(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture(autouse=True)
def no_network(package_index: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """pre-commit's pip installs the hook from the local package index only."""
    for name in [name for name in os.environ if name.startswith(("PIP_", "VIRTUALENV_"))]:
        monkeypatch.delenv(name)
    for name, value in package_index.items():
        monkeypatch.setenv(name, value)


def run_hook(
    repo: Path, home: Path, config: Path | None = None, *, staged: bool = False
) -> subprocess.CompletedProcess[str]:
    """The published hook (`config`, from the fixture above) or, without one, the repository's
    own config; on every file, or as a commit runs it: on what is staged."""
    environment = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    environment.pop("GITHUB_ACTIONS", None)
    command = [sys.executable, "-m", "pre_commit", "run"]
    command += [] if config is None else ["--config", str(config)]
    return subprocess.run(
        [*command, *([] if staged else ["--all-files"]), "--color", "never"],
        cwd=repo,
        env=environment,
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    (tmp_path / "campaigns").mkdir()
    (tmp_path / "campaigns" / "a.yaml").write_text(GOOD.format(name="first"))
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    return tmp_path


def test_the_hook_passes_clean_campaigns(
    repo: Path, pre_commit_home: Path, published: Path
) -> None:
    result = run_hook(repo, pre_commit_home, published)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broadcastctl lint" in result.stdout
    assert "Passed" in result.stdout


def test_the_hook_fails_and_shows_the_line(
    repo: Path, pre_commit_home: Path, published: Path
) -> None:
    (repo / "campaigns" / "b.yaml").write_text(GOOD.format(name="first"))  # same taskName
    git(repo, "add", ".")
    result = run_hook(repo, pre_commit_home, published)
    assert result.returncode == 1
    assert "Failed" in result.stdout
    assert "campaigns/b.yaml:2:11: error duplicate-task-name" in result.stdout


def test_the_hook_runs_wherever_the_campaigns_are(
    tmp_path: Path, pre_commit_home: Path, published: Path
) -> None:
    """Campaigns in voice/, not campaigns/: the hook still runs (and, not told where they are,
    says it found no campaigns/) instead of skipping silently."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    (tmp_path / "voice").mkdir()
    (tmp_path / "voice" / "a.yaml").write_text(GOOD.format(name="first"))
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    result = run_hook(tmp_path, pre_commit_home, published)
    assert "Skipped" not in result.stdout
    assert result.returncode == 1
    assert "campaigns: no such file or folder" in result.stdout


def test_the_documented_rev_is_this_versions_release_tag() -> None:
    readme = (ROOT / "docs" / "lint.md").read_text()  # where the hook is documented
    manifest = (ROOT / ".pre-commit-hooks.yaml").read_text()
    for text in (readme, manifest):
        assert f"rev: v{__version__}\n" in text


POLICY = "suppression: [do-not-call.txt]\n"
TODAY = dt.datetime.now(dt.UTC).date().isoformat()  # a list dated in the future is an error
CALLABLE = GOOD  # its allowSendTime rings New York in daytime


@pytest.fixture
def governed(repo: Path) -> Path:
    """A committed repository whose campaign passes under its policy and do-not-call list."""
    (repo / "campaigns" / "a.yaml").write_text(CALLABLE.format(name="first"))
    (repo / "broadcastctl.yaml").write_text(POLICY)
    (repo / "do-not-call.txt").write_text(f"# exported: {TODAY}\n12025550199\n")
    git(repo, "add", ".")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "campaigns")
    return repo


def _local_config(repo: Path) -> None:
    """This repository's own lint hook, as declared, run by this Python."""
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    [hook] = [h for r in config["repos"] for h in r["hooks"] if h["id"] == "broadcastctl-lint"]
    hook["entry"] = f"{sys.executable} -m broadcastctl lint"
    local = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(local))
    git(repo, "add", ".pre-commit-config.yaml")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "config")


@pytest.mark.parametrize("change", ["policy", "list", "list-deleted"])
def test_a_commit_of_the_policy_or_its_list_alone_lints_the_campaigns(
    governed: Path, pre_commit_home: Path, change: str
) -> None:
    """This repository's own hook, as a commit runs it."""
    _local_config(governed)
    assert run_hook(governed, pre_commit_home, staged=True).returncode == 0
    if change == "policy":
        (governed / "broadcastctl.yaml").write_text(POLICY + "countries: [CA]\n")
        git(governed, "add", "broadcastctl.yaml")
        expected = "campaigns/a.yaml:6:14: error country-not-allowed"
    elif change == "list":
        (governed / "do-not-call.txt").write_text(f"# exported: {TODAY}\n12025550101\n")
        git(governed, "add", "do-not-call.txt")
        expected = "campaigns/a.yaml:6:14: error suppressed-number"
    else:
        git(governed, "rm", "-q", "do-not-call.txt")
        expected = "error suppression-list do-not-call list 'do-not-call.txt' cannot be read"
    result = run_hook(governed, pre_commit_home, staged=True)
    assert "Skipped" not in result.stdout
    assert result.returncode == 1, result.stdout
    assert expected in result.stdout


def test_the_published_hook_runs_on_a_commit_that_only_deletes_a_list(
    governed: Path, pre_commit_home: Path, published: Path
) -> None:
    """With nothing staged but a deletion, pre-commit has no file to give a hook: only
    `always_run` makes it lint."""
    git(governed, "rm", "-q", "do-not-call.txt")
    result = run_hook(governed, pre_commit_home, published, staged=True)
    assert "Skipped" not in result.stdout
    assert result.returncode == 1, result.stdout
    assert "do-not-call list 'do-not-call.txt' cannot be read" in result.stdout


def init_repository(installed: Path, folder: Path) -> Path:
    """A new git repository on master, made by the installed broadcastctl's `init`."""
    folder.mkdir()
    git(folder, "init", "-q", "-b", "master")
    subprocess.run([str(installed / "broadcastctl"), "init"], cwd=folder, check=True)
    git(folder, "add", "-A")
    return folder


def run_pre_commit(repo: Path, home: Path, path: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1", "PATH": path}
    environment.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
        cwd=repo,
        env=environment,
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
    )


SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"


def test_the_hook_init_writes_works_at_once_with_the_installed_broadcastctl(
    installed: Path, tmp_path: Path
) -> None:
    """As written, on the machine that ran init: no release, no network, no tag to fetch."""
    repo = init_repository(installed, tmp_path / "campaigns")
    result = run_pre_commit(repo, tmp_path / "home", f"{installed}:{SYSTEM_PATH}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broadcastctl lint" in result.stdout
    assert "Passed" in result.stdout


def test_the_published_hook_shown_in_the_comment_works_at_the_release_tag(
    installed: Path, tagged_clone: Path, tmp_path: Path
) -> None:
    """The comment's form, pointed at a clone that has the tag: pre-commit installs
    broadcastctl from it in an environment of its own (none is on PATH)."""
    if shutil.which("broadcastctl", path=SYSTEM_PATH):
        pytest.skip("a broadcastctl is installed system-wide: the test could not tell them apart")
    repo = init_repository(installed, tmp_path / "campaigns")
    written = (repo / ".pre-commit-config.yaml").read_text()
    shown = "\n".join(
        line.removeprefix("#   ") for line in written.splitlines() if line.startswith("#   ")
    )
    [published] = yaml.safe_load(shown)
    assert published["rev"] == f"v{__version__}"
    published["repo"] = str(tagged_clone)
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [published]}))
    git(repo, "add", "-A")
    result = run_pre_commit(repo, tmp_path / "home", SYSTEM_PATH)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broadcastctl lint" in result.stdout
    assert "Passed" in result.stdout
