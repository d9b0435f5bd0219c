"""The folders keep to what their `__init__` says they may import (docs/architecture.md)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "broadcastctl"

# folder -> the broadcastctl folders its modules must never import
FORBIDDEN = {
    "lint": ("api", "plan", "deploy", "commands", "sandbox"),
    "policy": ("api", "plan", "deploy", "commands", "sandbox"),
    "output": ("api", "lint", "plan", "deploy", "commands", "sandbox"),
    "api": ("lint", "plan", "deploy", "commands", "sandbox"),
    "plan": ("deploy", "commands", "sandbox"),
    "status": ("lint", "plan", "deploy", "commands", "sandbox"),
}


def imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_a_folder_imports_only_what_it_may(folder: str) -> None:
    wrong = {
        f"{path.name}: {name}"
        for path in (PACKAGE / folder).glob("*.py")
        for name in imported(path)
        for other in FORBIDDEN[folder]
        if name == f"broadcastctl.{other}" or name.startswith(f"broadcastctl.{other}.")
    }
    assert not wrong


def test_lint_does_not_load_the_http_client() -> None:
    code = "import sys, broadcastctl.commands.lint; print('requests' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_plan_loads_the_http_client_and_the_sandbox_only_to_reach_them() -> None:
    """`plan --offline` sends nothing: it does not pay the tenth of a second they take to load."""
    code = (
        "import sys, broadcastctl.commands.plan; "
        "print('requests' in sys.modules, 'broadcastctl.sandbox' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False False"


def test_the_client_is_still_reached_from_the_api_package() -> None:
    import broadcastctl.api  # noqa: PLC0415
    from broadcastctl.api.client import Client  # noqa: PLC0415

    assert broadcastctl.api.Client is Client
    with pytest.raises(AttributeError):
        _ = broadcastctl.api.NoSuchName


def test_plan_takes_from_policy_only_the_people_called() -> None:
    """The planner and views carry what policy worked out; they never judge a campaign."""
    wrong = {
        f"{path.name}: {name}"
        for path in (PACKAGE / "plan").glob("*.py")
        for name in imported(path)
        if name.startswith("broadcastctl.policy")
        and name not in ("broadcastctl.policy.people", "broadcastctl.policy.hours")
    }
    assert not wrong
