"""The layers as an allow-list: each folder imports only what its row names
(docs/architecture.md's layer table says the same in words)."""

from __future__ import annotations

import ast
import functools
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "broadcastctl"

TOP = "top level"  # every top-level module (and the package's own __version__), cli aside
APART = ("cli", "__main__")  # top-level modules with a row of their own, imported by no module
BELOW_COMMANDS = (
    "api", "checks", "deploy", "lint", "output", "plan", "policy", "sandbox", "state", "status",
    "workflow", TOP,
)  # fmt: skip
# What policy builds on: all of lint but its rules and its schema findings.
LINT_CORE = (
    "lint.campaigns", "lint.diagnostics", "lint.modeline", "lint.numberfile", "lint.registry",
    "lint.schema_fast", "lint.sendtime", "lint.sourcemap", "lint.yamlload",
)  # fmt: skip

# What each folder may import, besides itself: a folder, a top-level module, TOP, or a module of
# a folder ("api.records": that module only). A row "folder/module.py" adds to its folder's row
# for that one module. A new folder is one more line here (and in docs/architecture.md).
MAY_IMPORT: dict[str, tuple[str, ...]] = {
    "cli": ("commands", TOP),
    "__main__.py": ("cli",),
    "commands": BELOW_COMMANDS,
    "workflow": tuple(name for name in BELOW_COMMANDS if name not in ("sandbox", "workflow")),
    "workflow/target.py": ("sandbox",),  # the one module that opens the target knows the sandbox
    "deploy": ("api", "plan", "output", TOP),
    "status": ("api.records", "api.callrecords", "output", TOP),
    "plan": (
        "lint.campaigns",
        "policy.people",
        "policy.hours",
        "state.entry",
        "state.snapshot",
        "state.store",
        "output",
        TOP,
    ),
    "plan/remote.py": ("api",),  # reading the remote tasks; the rest of plan is pure
    "state": (TOP,),
    "state/recorder.py": ("deploy", "plan"),  # turns deploy's outcomes into entries
    "checks": ("lint", "policy", "output", TOP),
    "policy": (*LINT_CORE, "output", TOP),
    "lint": ("output", TOP),
    "sandbox": ("api", TOP),
    "api": (TOP,),
    "output": ("visible",),  # the one rule for the vendor's text, which the client uses too
    TOP: (TOP,),
}

# Imports of today's tree the table refuses, each kept until its module moves (none today).
NOT_YET_MOVED: dict[str, tuple[str, ...]] = {}
# The state's format sits below the planner; only its recorder, which turns deploy's outcomes
# into entries, reads the plan and the deployer.
STATE_FORMAT = ("store", "entry", "snapshot")


def imported(path: Path) -> set[str]:
    package = ".".join(("broadcastctl", *path.relative_to(PACKAGE).parent.parts))
    return imports_of(path.read_text(encoding="utf-8"), package)


@functools.cache
def _top_level() -> frozenset[str]:
    return frozenset(path.stem for path in PACKAGE.glob("*.py")) - {"__init__", *APART}


def _target(name: str) -> str | None:
    """An imported name as the table speaks of it ("plan.planner", "privacy", "" for the
    package itself); None for anything outside broadcastctl."""
    if name == "broadcastctl":
        return ""
    if name.startswith("broadcastctl."):
        return name.removeprefix("broadcastctl.")
    return None


def _matches(target: str, entry: str) -> bool:
    first = target.split(".", 1)[0]
    if entry == TOP:
        return target == "" or first in _top_level()
    return target == entry or target.startswith(f"{entry}.")


def _row(importer: str) -> tuple[str, ...]:
    """The row of a module named by its path in the package ("plan/remote.py", "git.py")."""
    folder = importer.partition("/")[0] if "/" in importer else ""
    if not folder:
        return MAY_IMPORT.get(importer, MAY_IMPORT[TOP])
    return (folder, *MAY_IMPORT[folder], *MAY_IMPORT.get(importer, ()))


def refused(importer: str, names: Iterable[str], also: tuple[str, ...] = ()) -> set[str]:
    """The names `importer` may not import, by its row (and `also`)."""
    row = (*_row(importer), *also)
    return {
        name
        for name in names
        if (target := _target(name)) is not None
        and not any(_matches(target, entry) for entry in row)
    }


def imports_of(source: str, package: str = "broadcastctl") -> set[str]:
    """Every module a source imports: import statements (type-only and lazy ones too), the
    string given to importlib.import_module or __import__ (an f-string by its fixed start), and
    any other string that names a module of the package (a list of modules to import)."""
    tree = ast.parse(source)
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the importer's package, or above it
                parts = package.split(".")
                base = ".".join([*parts[: len(parts) - node.level + 1], *filter(None, [base])])
            names.update(_from(base, alias.name) for alias in node.names)
        elif isinstance(node, ast.Call) and _is_import_call(node.func) and node.args:
            named = _literal(node.args[0])
            if named:
                names.add(named)
    docstrings = {id(doc) for doc in _docstrings(tree)}
    names.update(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and _MODULE_NAME.fullmatch(node.value)
        and _is_module(node.value)
    )
    return names


_MODULE_NAME = re.compile(r"broadcastctl(\.[a-z_]+)+")


def _is_module(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.is_dir() or path.with_suffix(".py").is_file()


def _docstrings(tree: ast.Module) -> Iterator[ast.expr]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr):
                yield body[0].value


def _from(base: str, name: str) -> str:
    """`from base import name`: the submodule when there is one, else base itself."""
    return f"{base}.{name}" if _is_module(f"{base}.{name}") else base


def _is_import_call(func: ast.expr) -> bool:
    called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return called in ("import_module", "__import__")


def _literal(arg: ast.expr) -> str:
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return arg.value
    if isinstance(arg, ast.JoinedStr) and arg.values:
        first = arg.values[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return first.value.rstrip(".")
    return ""


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _importer(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def test_every_folder_has_a_row() -> None:
    """A top-level module is in the top level's row; a new folder needs a row of its own."""
    folders = {path.relative_to(PACKAGE).parts[0] for path in _modules() if path.parent != PACKAGE}
    assert folders - set(MAY_IMPORT) == set()


@pytest.mark.parametrize("path", _modules(), ids=_importer)
def test_a_module_imports_only_what_its_row_allows(path: Path) -> None:
    importer = _importer(path)
    package = ".".join(("broadcastctl", *path.relative_to(PACKAGE).parent.parts))
    names = imports_of(path.read_text(encoding="utf-8"), package)
    assert refused(importer, names, also=NOT_YET_MOVED.get(importer, ())) == set()


# The imports issue 18 found against the stated layers (Why 2-3), and the imports that would
# bring the lint-policy loop back: each must be refused.
FOUND_BEFORE = [
    ("lint/pipeline.py", "from broadcastctl.policy.rules import check_policy"),
    ("lint/pipeline.py", "from broadcastctl.policy.policyfile import Policy"),
    ("lint/registry.py", 'importlib.import_module("broadcastctl.policy.rules")'),
    ("lint/registry.py", '__import__("broadcastctl.policy.policyfile")'),
    ("lint/registry.py", 'RULE_MODULES = ("broadcastctl.policy.rules",)'),
    ("policy/rules.py", "from broadcastctl.lint.rules import Context"),
    ("plan/bodies.py", "from broadcastctl.lint.rules import audio_kind"),
    ("api/transport.py", "from broadcastctl.output.privacy import mask_numbers_in"),
    ("state/store.py", "from broadcastctl.plan.planner import RemoteTask"),  # plan/state.py's
    ("deploy/chain.py", "from broadcastctl.sandbox import SandboxServer"),
    ("deploy/chain.py", "from broadcastctl.lint.pipeline import check_files"),
    ("deploy/chain.py", "from broadcastctl.checks.pipeline import check_files"),
    ("deploy/chain.py", "from broadcastctl.policy.rules import exceptions_of"),
    # the loop coming back, and the sandbox reached from elsewhere than the target's opening
    ("policy/rules.py", "from broadcastctl.checks.registry import declared"),
    ("lint/rules.py", "from broadcastctl.checks import registry"),
    ("lint/rules.py", 'importlib.import_module(f"broadcastctl.policy.{name}")'),
    ("workflow/plans.py", "from broadcastctl.sandbox import SandboxServer"),
]


@pytest.mark.parametrize(("importer", "source"), FOUND_BEFORE)
def test_the_table_refuses_what_broke_the_layers(importer: str, source: str) -> None:
    names = imports_of(source)
    assert names
    assert refused(importer, names) == names


def test_the_table_allows_what_each_layer_needs() -> None:
    assert not refused("policy/rules.py", {"broadcastctl.lint.registry", "broadcastctl.privacy"})
    assert not refused("api/transport.py", {"broadcastctl.privacy", "broadcastctl"})
    assert not refused("checks/pipeline.py", {"broadcastctl.policy.rules", "broadcastctl.lint"})
    assert not refused("workflow/target.py", {"broadcastctl.sandbox", "broadcastctl.deploy"})
    assert not refused(
        "cli/__init__.py", imports_of('importlib.import_module(f"broadcastctl.commands.{c}")')
    )
    assert imports_of("import json, requests") == {"json", "requests"}


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
    "broadcastctl.checks",
    "broadcastctl.lint.rules",
    "broadcastctl.lint.schema_check",
    "broadcastctl.policy",
    "broadcastctl.plan.planner",
    "broadcastctl.plan.remote",
    "broadcastctl.workflow.planning",
    "broadcastctl.workflow.desired",
    "broadcastctl.deploy",
)


@pytest.mark.parametrize("command", ["status", "results", "summary"])
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
