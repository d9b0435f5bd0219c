"""Where broadcastctl lives: its repository (one value, `[project.urls]` Repository in
pyproject.toml) and the commit this installation was built from, when its wheel recorded it."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata, resources
from pathlib import Path

from broadcastctl.errors import BroadcastctlError

_PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
_COMMIT = re.compile(r"[0-9a-f]{40}")


def repository_url() -> str:
    """The repository's URL, as the installed package's metadata (or, from a source checkout
    that was never installed, its pyproject.toml) gives it."""
    try:
        for entry in metadata.metadata("broadcastctl").get_all("Project-URL") or []:
            label, _, url = entry.partition(",")
            if label.strip() == "Repository":
                return str(url).strip()
    except metadata.PackageNotFoundError:
        pass
    try:
        project = tomllib.loads(_PYPROJECT.read_text(encoding="utf-8"))["project"]
        return str(project["urls"]["Repository"])
    except (OSError, KeyError, tomllib.TOMLDecodeError) as error:
        raise BroadcastctlError("broadcastctl does not know its repository's URL") from error


def repository_slug(url: str | None = None) -> str:
    """`owner/name` of the repository, as a workflow's `uses:` names it."""
    url = url or repository_url()
    found = re.fullmatch(r"https://github\.com/([\w.-]+/[\w.-]+?)(?:\.git)?/?", url)
    if found is None:
        raise BroadcastctlError(f"the repository URL {url!r} is not a GitHub repository's")
    return found.group(1)


def build_commit() -> str | None:
    """The commit the wheel was built from (the release workflow records it), or None: a build
    from a working tree, or a source checkout, does not know which commit others can fetch."""
    recorded = resources.files("broadcastctl") / "data" / "commit"
    try:
        commit = recorded.read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return commit if _COMMIT.fullmatch(commit) else None
