"""The files `broadcastctl init` writes into a new campaigns repository, with their content.

The workflows and the state script are this repository's own (`.github/workflows`, `.ci/state`,
shipped inside the wheel), adapted for a campaigns repository: they use this repository's action
at this version (pinned by commit when the installation knows it) instead of the checkout's, and
deploy from the new repository's default branch. Each adaptation must find the text it changes,
so a change to the originals that no adaptation foresees fails loudly.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from broadcastctl import __version__
from broadcastctl.errors import BroadcastctlError
from broadcastctl.home import build_commit, repository_slug, repository_url
from broadcastctl.schema import POLICY_SCHEMA_NAME, SCHEMA_NAME, schema_text

_CHECKOUT = Path(__file__).resolve().parent.parent
_TEMPLATES = Path(__file__).resolve().parent / "templates"
WORKFLOWS = ("pull-request.yml", "plan-comment.yml", "deploy.yml", "refresh.yml")
# How this repository's workflows use their own action; init names the released one instead.
LOCAL_ACTION = (
    "uses: ./ # zizmor: ignore[self-repository] the action of the commit checked out, in the form"
    " actionlint reads\n"
)
_LOCAL_ACTION_NOTE = (
    "# This repository's own action (action.yml): installs broadcastctl from the checkout.\n"
)
# Branch names init writes into a workflow as they are; any other falls back to main, with a note.
_PLAIN_BRANCH = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*")


@dataclass(frozen=True)
class ScaffoldFile:
    """One file init writes: its path relative to the new repository, and its text."""

    path: str
    text: str
    executable: bool = False


@dataclass(frozen=True)
class Setup:
    """What the written files are adapted to: the branch deploys run from (and how it was
    found: empty when it was not, and main is a guess), and the release of the action."""

    branch: str = "main"
    found_as: str = ""
    version: str = __version__
    commit: str | None = None
    home: str = field(default_factory=repository_url)
    # The example campaign's sendTime (vendor time): a day after init wrote it, so that it
    # lints clean then; init's comparison of an example already there ignores it (`alike`).
    send_time: str = "2027-01-12 00:00:00"


def setup_for(root: Path) -> Setup:
    """The setup for a repository at `root`: its default branch as git tells it, and the
    commit this installation was built from."""
    branch, found_as = _default_branch(root)
    return Setup(branch=branch, found_as=found_as, commit=build_commit())


def notes(setup: Setup, written: list[str]) -> list[str]:
    """What init says about the files it wrote: how the workflows pin the action and which
    branch deploys; and when the hook it wrote cannot find broadcastctl here."""
    said = []
    if ".pre-commit-config.yaml" in written and shutil.which("broadcastctl") is None:
        said.append(
            "Note: broadcastctl is not on PATH, and the pre-commit hook runs it from there: "
            "activate the environment it is installed in before committing, or install it "
            "with pipx."
        )
    if any(path.removeprefix(".github/workflows/") in WORKFLOWS for path in written):
        said.append(describe(setup))
    return said


def describe(setup: Setup) -> str:
    """The line init prints about the workflows it wrote."""
    if setup.commit:
        pin = f"the action pinned to v{setup.version} by its commit"
    else:
        pin = f"the action at tag v{setup.version} (this installation does not know its commit)"
    if not setup.found_as:
        return (
            f"Note: the workflows use {pin}, and deploy from main: git did not say this "
            "repository's default branch; if it is another, change main in "
            ".github/workflows/deploy.yml."
        )
    return f"The workflows use {pin}, and deploy from {setup.branch} ({setup.found_as})."


def scaffold_files(setup: Setup | None = None) -> list[ScaffoldFile]:
    """Every file of a new repository, in the order init lists them."""
    setup = setup or Setup()
    return [
        ScaffoldFile(
            "campaigns/example-reminder.yaml", _template("campaigns/example-reminder.yaml", setup)
        ),
        ScaffoldFile("broadcastctl.yaml", _template("broadcastctl.yaml", setup)),
        ScaffoldFile(f"schema/{SCHEMA_NAME}", schema_text()),
        ScaffoldFile(f"schema/{POLICY_SCHEMA_NAME}", schema_text(POLICY_SCHEMA_NAME)),
        ScaffoldFile(".pre-commit-config.yaml", _template("pre-commit-config.yaml", setup)),
        ScaffoldFile(".gitignore", _template("gitignore", setup)),
        *(ScaffoldFile(f".github/workflows/{name}", _workflow(name, setup)) for name in WORKFLOWS),
        ScaffoldFile(".ci/state", _shipped("ci/state", ".ci/state"), executable=True),
    ]


def action_reference(setup: Setup) -> str:
    """How a written workflow names the action: by commit with the release beside it, as
    Dependabot writes it, or by tag with the reason zizmor is told to accept it."""
    slug = repository_slug(setup.home)
    if setup.commit:
        return f"uses: {slug}@{setup.commit} # v{setup.version}\n"
    return (
        f"uses: {slug}@v{setup.version} # zizmor: ignore[unpinned-uses] this broadcastctl was"
        " not built from a known commit: replace the tag with its commit SHA\n"
    )


def _default_branch(root: Path) -> tuple[str, str]:
    """origin's default branch, else the branch checked out (a new repository's first),
    else main, found as ""."""
    for ref, found_as in (
        ("refs/remotes/origin/HEAD", "origin's default branch"),
        ("HEAD", "the branch checked out"),
    ):
        name = _git_symbolic_ref(root, ref).removeprefix("origin/")
        if _PLAIN_BRANCH.fullmatch(name) and ".." not in name:
            return name, found_as
    return "main", ""


def _git_symbolic_ref(root: Path, ref: str) -> str:
    if not root.is_dir():
        return ""
    try:
        found = subprocess.run(
            ["git", "-C", str(root), "symbolic-ref", "--quiet", "--short", ref],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return found.stdout.strip() if found.returncode == 0 else ""


def _template(name: str, setup: Setup) -> str:
    text = (_TEMPLATES / name).read_text(encoding="utf-8")
    text = text.replace("{version}", setup.version).replace("{home}", setup.home)
    return text.replace("{send_time}", setup.send_time)


_SEND_TIME_LINE = re.compile(rb'^sendTime: "\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"$', re.MULTILINE)


def alike(there: bytes, written: bytes) -> bool:
    """A file already there is the one init writes, whatever the day init wrote its
    example's sendTime."""
    return _SEND_TIME_LINE.sub(b"", there) == _SEND_TIME_LINE.sub(b"", written)


def _shipped(packaged: str, in_checkout: str) -> str:
    """A file the wheel carries under broadcastctl/data, or the checkout's when run from source."""
    inside = resources.files("broadcastctl") / "data" / packaged
    if inside.is_file():
        return inside.read_text(encoding="utf-8")
    return (_CHECKOUT / in_checkout).read_text(encoding="utf-8")


def _workflow(name: str, setup: Setup) -> str:
    text = _shipped(f"workflows/{name}", f".github/workflows/{name}")
    for adapt in _ADAPTATIONS.get(name, ()):
        text = adapt(text, setup)
    if name == "plan-comment.yml":  # runs no broadcastctl: it posts the plan artifact
        return text
    released = f"# The broadcastctl action, v{setup.version}: installs broadcastctl.\n"
    text = _replace(name, text, _LOCAL_ACTION_NOTE, released, required=False)
    return _replace(name, text, LOCAL_ACTION, action_reference(setup))


def _replace(name: str, text: str, old: str, new: str, *, required: bool = True) -> str:
    if required and old not in text:
        raise BroadcastctlError(f"init: the {name} workflow no longer holds {old.strip()!r}")
    return text.replace(old, new)


def _without_job(job: str) -> Callable[[str, Setup], str]:
    """Drops a job (its key line up to the next job's) from a workflow's text."""

    def drop(text: str, _setup: Setup) -> str:
        pattern = re.compile(rf"^  {re.escape(job)}:\n(?:(?:    .*|)\n)*?(?=^  \S)", re.MULTILINE)
        cut, found = pattern.subn("", text, count=1)
        if not found:
            raise BroadcastctlError(f"init: the workflow no longer has a {job!r} job")
        return cut

    return drop


def _deploy_branch(text: str, setup: Setup) -> str:
    """Every `main` of the deploy workflow is the branch it deploys from."""
    for needed in ("branches: [main]", "github.ref == 'refs/heads/main'"):
        _replace("deploy.yml", text, needed, needed)
    # Quoted, so that a branch named like a number or a boolean stays a name.
    text = text.replace("branches: [main]", f'branches: ["{setup.branch}"]')
    text = re.sub(r"\bmain\b", setup.branch, text)
    if setup.found_as:
        return text
    note = (
        "# broadcastctl init could not read this repository's default branch from git, so this\n"
        "# deploys from main: if yours is another, change main below.\n"
    )
    return note + text


# A campaigns repository has no test suite of its own: its pull requests are linted and planned.
_ADAPTATIONS: dict[str, tuple[Callable[[str, Setup], str], ...]] = {
    "pull-request.yml": (
        _without_job("test"),
        lambda text, _setup: _replace(
            "pull-request.yml",
            text,
            "Checks on every pull request: the tests, the campaign lint",
            "Checks on every pull request: the campaign lint",
        ),
    ),
    "deploy.yml": (_deploy_branch,),
}
