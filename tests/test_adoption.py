"""A campaigns repository as a new user starts one, with no network: broadcastctl installed from
a package index (a local folder), `init` in a fresh git repository on master, then every step
of the pull-request workflow it wrote, run as GitHub runs it (its environment, its shells, the
action's own steps), against the sandbox."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from broadcastctl import __version__
from broadcastctl.home import repository_slug

pytestmark = pytest.mark.slow

PULL_REQUEST = "7"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
# The runner's parts these stand in for: the repository is the workspace (checkout), the job's
# fresh venv is first on PATH (setup-python), and nothing is stored (upload-artifact, cache).
STOOD_IN = (
    "actions/checkout@",
    "actions/setup-python@",
    "actions/upload-artifact@",
    "actions/cache@",
)
# GitHub's shells: a run step's default on Linux, and `shell: bash`.
SHELLS = {None: ["bash", "-e"], "bash": ["bash", "--noprofile", "--norc", "-eo", "pipefail"]}


def load(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = YAML(typ="safe", pure=True).load(path.read_text())
    return document


def git(cwd: Path, *args: str) -> str:
    who = ["-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    done = subprocess.run(["git", *who, *args], cwd=cwd, check=True, capture_output=True)
    return done.stdout.decode().strip()


@dataclass
class Job:
    """One job on a runner of its own: the environment GitHub sets, the expressions it knows,
    and what each step printed."""

    environment: dict[str, str]
    context: dict[str, str]
    workspace: Path
    action: Path
    printed: list[str] = field(default_factory=list)
    stood_in: list[str] = field(default_factory=list)

    def run(self, steps: list[dict[str, Any]], context: dict[str, str]) -> None:
        for number, step in enumerate(steps):
            if "if" in step and not condition(str(step["if"]), context):
                continue
            uses = str(step.get("uses", ""))
            if uses.startswith(STOOD_IN):
                self.stood_in.append(uses.split("@", 1)[0])
            elif uses:
                self.run_action(uses, step.get("with", {}))
            else:
                self.run_script(step, context, f"{number}-{step.get('id', 'step')}")

    def run_action(self, uses: str, given: dict[str, Any]) -> None:
        name, ref = uses.split("@", 1)
        assert name == repository_slug(), uses
        assert ref == f"v{__version__}" or re.fullmatch(r"[0-9a-f]{40}", ref), uses
        action = load(self.action / "action.yml")
        inputs = {key: str(spec.get("default", "")) for key, spec in action["inputs"].items()}
        unknown = set(given) - set(inputs)
        assert not unknown, f"the action has no input {unknown}"
        inputs |= {key: str(value) for key, value in given.items()}
        context = self.context | {f"inputs.{key}": value for key, value in inputs.items()}
        context["github.action_path"] = str(self.action)
        self.run(action["runs"]["steps"], context)

    def run_script(self, step: dict[str, Any], context: dict[str, str], name: str) -> None:
        folder = Path(self.environment["RUNNER_TEMP"])
        output = folder / f"{name}.output"
        output.write_text("")
        script = folder / f"{name}.sh"
        script.write_text(str(step["run"]))
        environment = self.environment | {"GITHUB_OUTPUT": str(output)}
        if "github.action_path" in context:
            environment["GITHUB_ACTION_PATH"] = context["github.action_path"]
        environment |= {
            key: evaluate(str(value), context) for key, value in step.get("env", {}).items()
        }
        done = subprocess.run(
            [*SHELLS[step.get("shell")], str(script)],
            cwd=self.workspace,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        self.printed.append(done.stdout)
        assert done.returncode == 0, f"{step.get('name', step['run'])}:\n{done.stdout}{done.stderr}"
        if "id" in step:
            for line in output.read_text().splitlines():
                key, _, value = line.partition("=")
                context[f"steps.{step['id']}.outputs.{key}"] = value
            context[f"steps.{step['id']}.outcome"] = "success"


def evaluate(text: str, context: dict[str, str]) -> str:
    """`${{ ... }}` replaced from the context; one it has no value for fails the test."""

    def value(found: re.Match[str]) -> str:
        assert found.group(1) in context, f"no stand-in for ${{{{ {found.group(1)} }}}}"
        return context[found.group(1)]

    return EXPRESSION.sub(value, text)


def condition(text: str, context: dict[str, str]) -> bool:
    """An `if:` of the forms the workflows use: always(), and `x == 'v'` / `x != 'v'` terms
    joined by &&."""
    for part in EXPRESSION.sub(lambda found: found.group(1), text).split("&&"):
        term = part.strip()
        if term == "always()":
            continue
        found = re.fullmatch(r"([\w.-]+) (==|!=) '([^']*)'", term)
        assert found is not None, f"no stand-in for the condition {term!r}"
        if (context.get(found.group(1), "") == found.group(3)) != (found.group(2) == "=="):
            return False
    return True


@pytest.fixture
def campaigns(installed: Path, tmp_path: Path) -> Path:
    """A new repository on master made by the installed broadcastctl's init, pushed to an
    origin (a bare repository, as GitHub's checkout has one) with no state branch yet."""
    repo = tmp_path / "voice-campaigns"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "master")
    made = subprocess.run(
        [str(installed / "broadcastctl"), "init"], cwd=repo, check=True, capture_output=True
    )
    assert b"deploy from master (the branch checked out)" in made.stdout
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "broadcastctl init")
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(origin))
    git(repo, "remote", "add", "origin", str(origin))
    git(repo, "push", "-q", "origin", "master")
    return repo


def runner(
    job: str, repo: Path, tmp_path: Path, offline: Callable[[dict[str, str]], dict[str, str]]
) -> dict[str, str]:
    """The environment of a fresh runner for `job` of a pull-request run: its Python a new venv
    (as setup-python leaves it), pip pointed at the local index instead of PyPI."""
    python = tmp_path / f"runner-{job}"
    subprocess.run([sys.executable, "-m", "venv", str(python)], check=True)
    temp = tmp_path / f"runner-temp-{job}"
    temp.mkdir()
    (temp / "summary.md").write_text("")
    return offline(
        {
            "PATH": f"{python / 'bin'}:/usr/local/bin:/usr/bin:/bin",
            "HOME": str(tmp_path / "home"),
            "LANG": "C.UTF-8",
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_EVENT_NAME": "pull_request",
            "GITHUB_WORKFLOW": "pull request",
            "GITHUB_JOB": job,
            "GITHUB_REF": f"refs/pull/{PULL_REQUEST}/merge",
            "GITHUB_REF_NAME": f"{PULL_REQUEST}/merge",
            "GITHUB_SHA": git(repo, "rev-parse", "HEAD"),
            "GITHUB_REPOSITORY": "example/voice-campaigns",
            "GITHUB_WORKSPACE": str(repo),
            "GITHUB_STEP_SUMMARY": str(temp / "summary.md"),
            "RUNNER_OS": "Linux",
            "RUNNER_TEMP": str(temp),
        }
    )


def test_the_pull_request_workflow_init_writes_runs_step_by_step(
    campaigns: Path,
    tagged_clone: Path,
    tmp_path: Path,
    offline: Callable[[dict[str, str]], dict[str, str]],
) -> None:
    workflow = load(campaigns / ".github" / "workflows" / "pull-request.yml")
    assert list(workflow["jobs"]) == ["lint", "plan"]
    context = {
        "github.token": "",  # the local origin needs none
        "github.event.pull_request.number": PULL_REQUEST,
        "github.repository": "example/voice-campaigns",
    }
    jobs: dict[str, Job] = {}
    for name, spec in workflow["jobs"].items():
        environment = runner(name, campaigns, tmp_path, offline)
        jobs[name] = Job(environment, dict(context), campaigns, tagged_clone)
        jobs[name].run(spec["steps"], jobs[name].context)
    lint, plan = jobs["lint"], jobs["plan"]
    assert lint.stood_in == ["actions/checkout", "actions/setup-python", "actions/cache"]
    summary = Path(plan.environment["GITHUB_STEP_SUMMARY"]).read_text()
    assert "No state yet: the branch broadcastctl-state does not exist." in "".join(plan.printed)
    assert "planned against the built-in sandbox" in summary
    assert "example appointment reminder US" in summary
    assert (campaigns / "pr-number").read_text() == f"{PULL_REQUEST}\n"
    # The action installed broadcastctl, from its own checkout, in the job's Python.
    used = Path(plan.environment["PATH"].split(":", 1)[0]) / "broadcastctl"
    where = subprocess.run([used, "schema", "--path"], capture_output=True, text=True, check=True)
    assert where.stdout.startswith(str(tmp_path / "runner-plan")), where
