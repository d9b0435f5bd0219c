"""The project has one home: the repository URL of `[project.urls]`, which `init`, the hook
configs, the action's examples, the README and the docs all name, and nothing names another."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from broadcastctl.home import repository_slug, repository_url
from broadcastctl.scaffold import Setup, scaffold_files

ROOT = Path(__file__).resolve().parent.parent
CANONICAL = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]["Repository"]
SLUG = CANONICAL.removeprefix("https://github.com/")
# What names the project's repository: its URL, or `owner/name@` as a workflow's `uses:` does.
MENTION = re.compile(r"github\.com/[\w.-]+/broadcastctl\b|\b[\w.-]+/broadcastctl@")


def texts() -> dict[str, str]:
    """Every text a user reads the repository's name in, by where it is."""
    paths = [
        ROOT / "README.md",
        ROOT / "CHANGELOG.md",
        ROOT / "action.yml",
        ROOT / ".pre-commit-hooks.yaml",
        ROOT / ".pre-commit-config.yaml",
        *sorted((ROOT / "docs").glob("*.md")),
    ]
    found = {str(path.relative_to(ROOT)): path.read_text() for path in paths}
    setups = (Setup(), Setup(commit="a" * 40))
    for number, setup in enumerate(setups):
        for scaffold in scaffold_files(setup):
            found[f"init {number}: {scaffold.path}"] = scaffold.text
    return found


def test_the_installed_package_and_pyproject_agree() -> None:
    assert CANONICAL.startswith("https://github.com/")
    assert repository_url() == CANONICAL  # reinstall (pip install -e .) after changing it
    assert repository_slug() == SLUG


def test_every_mention_of_the_repository_is_the_canonical_one() -> None:
    seen = 0
    for where, text in texts().items():
        for mention in MENTION.findall(text):
            seen += 1
            assert mention in (f"github.com/{SLUG}", f"{SLUG}@"), f"{where}: {mention}"
    assert seen >= 8  # the README, the docs, the action's example, the hooks, init's files


def test_init_names_it_in_the_hook_comment_and_every_action_step() -> None:
    files = {scaffold.path: scaffold.text for scaffold in scaffold_files(Setup())}
    assert f"#   - repo: {CANONICAL}\n" in files[".pre-commit-config.yaml"]
    for name in ("pull-request.yml", "deploy.yml", "refresh.yml"):
        assert f"uses: {SLUG}@v" in files[f".github/workflows/{name}"], name
