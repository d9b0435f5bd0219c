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
    "plan": ("deploy", "commands", "sandbox", "workflow"),
    "status": ("lint", "plan", "deploy", "commands", "sandbox", "workflow", "state"),
    "deploy": ("commands", "sandbox", "workflow", "lint", "policy"),
    "workflow": ("commands",),
}
# The state's format sits below the planner; only its recorder, which turns deploy's outcomes
# into entries, reads the plan and the deployer.
STATE_FORMAT = ("store", "entry", "snapshot")


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
        for path in (PACKAGE / folder).rglob("*.py")
        for name in imported(path)
        for other in FORBIDDEN[folder]
        if name == f"broadcastctl.{other}" or name.startswith(f"broadcastctl.{other}.")
    }
    assert not wrong


def test_the_state_format_imports_nothing_of_the_planner_or_deploy() -> None:
    wrong = {
        f"{name}: {module}"
        for name in STATE_FORMAT
        for module in imported(PACKAGE / "state" / f"{name}.py")
        if module.startswith(("broadcastctl.plan", "broadcastctl.deploy", "broadcastctl.workflow"))
    }
    assert not wrong


def test_only_the_target_knows_the_sandbox() -> None:
    knowing = {
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.parent.name not in ("sandbox", "commands")  # the sandbox command serves it
        and any(name.startswith("broadcastctl.sandbox") for name in imported(path))
    }
    assert knowing == {"workflow/target.py"}


# What a command that only reads the vendor must not load: the lint pipeline and its rules'
# checks, the policies, the planner and planning. Reading campaign files (lint's loader) is fine.
HEAVY = (
    "broadcastctl.lint.pipeline",
    "broadcastctl.lint.schema_check",
    "broadcastctl.policy",
    "broadcastctl.plan.planner",
    "broadcastctl.plan.remote",
    "broadcastctl.workflow.planning",
    "broadcastctl.workflow.desired",
    "broadcastctl.deploy",
)


@pytest.mark.parametrize("command", ["status", "results"])
def test_reading_commands_open_the_target_without_lint_policy_or_planner(command: str) -> None:
    code = (
        f"import sys, broadcastctl.commands.{command}; "
        "print(' '.join(sorted(name for name in sys.modules if name.startswith('broadcastctl.'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = done.stdout.split()
    assert "broadcastctl.workflow.target" in loaded  # the check looks at a real import
    assert [name for name in loaded if name.startswith(HEAVY)] == []


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
        for path in (PACKAGE / "plan").rglob("*.py")
        for name in imported(path)
        if name.startswith("broadcastctl.policy")
        and name not in ("broadcastctl.policy.people", "broadcastctl.policy.hours")
    }
    assert not wrong
