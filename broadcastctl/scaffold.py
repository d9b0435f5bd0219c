"""The files `broadcastctl init` writes into a new campaigns repository, with their content.

The workflows and the state script are this repository's own (`.github/workflows`, `.ci/state`,
shipped inside the wheel), adapted for a repository that installs broadcastctl from PyPI at
this version instead of testing and installing its source. Each adaptation must find the text
it changes, so a change to the originals that no adaptation foresees fails loudly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from broadcastctl import __version__
from broadcastctl.errors import BroadcastctlError
from broadcastctl.schema import POLICY_SCHEMA_NAME, SCHEMA_NAME, schema_text

_CHECKOUT = Path(__file__).resolve().parent.parent
_TEMPLATES = Path(__file__).resolve().parent / "templates"
WORKFLOWS = ("pull-request.yml", "plan-comment.yml", "deploy.yml", "refresh.yml")


@dataclass(frozen=True)
class ScaffoldFile:
    """One file init writes: its path relative to the new repository, and its text."""

    path: str
    text: str
    executable: bool = False


def scaffold_files(version: str = __version__) -> list[ScaffoldFile]:
    """Every file of a new repository, in the order init lists them."""
    install = f"pip install broadcastctl=={version}"
    return [
        ScaffoldFile(
            "campaigns/example-reminder.yaml", _template("campaigns/example-reminder.yaml")
        ),
        ScaffoldFile("broadcastctl.yaml", _template("broadcastctl.yaml")),
        ScaffoldFile(f"schema/{SCHEMA_NAME}", schema_text()),
        ScaffoldFile(f"schema/{POLICY_SCHEMA_NAME}", schema_text(POLICY_SCHEMA_NAME)),
        ScaffoldFile(".pre-commit-config.yaml", _template("pre-commit-config.yaml", version)),
        ScaffoldFile(".gitignore", _template("gitignore")),
        *(
            ScaffoldFile(f".github/workflows/{name}", _workflow(name, install))
            for name in WORKFLOWS
        ),
        ScaffoldFile(".ci/state", _shipped("ci/state", ".ci/state"), executable=True),
    ]


def _template(name: str, version: str = __version__) -> str:
    text = (_TEMPLATES / name).read_text(encoding="utf-8")
    return text.replace("{version}", version)


def _shipped(packaged: str, in_checkout: str) -> str:
    """A file the wheel carries under broadcastctl/data, or the checkout's when run from source."""
    inside = resources.files("broadcastctl") / "data" / packaged
    if inside.is_file():
        return inside.read_text(encoding="utf-8")
    return (_CHECKOUT / in_checkout).read_text(encoding="utf-8")


def _workflow(name: str, install: str) -> str:
    text = _shipped(f"workflows/{name}", f".github/workflows/{name}")
    for adapt in _ADAPTATIONS.get(name, ()):
        text = adapt(text)
    if name == "plan-comment.yml":  # runs no broadcastctl: it posts the plan artifact
        return text
    return _replace(name, text, "run: pip install .\n", f"run: {install}\n")


def _replace(name: str, text: str, old: str, new: str) -> str:
    if old not in text:
        raise BroadcastctlError(f"init: the {name} workflow no longer holds {old.strip()!r}")
    return text.replace(old, new)


def _without_job(job: str) -> Callable[[str], str]:
    """Drops a job (its key line up to the next job's) from a workflow's text."""

    def drop(text: str) -> str:
        pattern = re.compile(rf"^  {re.escape(job)}:\n(?:(?:    .*|)\n)*?(?=^  \S)", re.MULTILINE)
        cut, found = pattern.subn("", text, count=1)
        if not found:
            raise BroadcastctlError(f"init: the workflow no longer has a {job!r} job")
        return cut

    return drop


# A campaigns repository has no test suite of its own: its pull requests are linted and planned.
_ADAPTATIONS: dict[str, tuple[Callable[[str], str], ...]] = {
    "pull-request.yml": (
        _without_job("test"),
        lambda text: _replace(
            "pull-request.yml",
            text,
            "Checks on every pull request: the tests, the campaign lint",
            "Checks on every pull request: the campaign lint",
        ),
    ),
}
