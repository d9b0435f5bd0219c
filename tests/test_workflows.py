"""The GitHub workflows keep their safety properties: read-only pull-request checks that never
run with secrets, and a deploy that never overlaps, can wait for a reviewer, and says when it
skips."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from broadcastctl.scaffold import LOCAL_ACTION

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
ACTION = ROOT / "action.yml"


ALL = sorted(WORKFLOWS.glob("*.yml"))
Lint = Callable[[list[Path]], list[dict[str, Any]]]
# A full commit SHA, then the release it is, as Dependabot and Renovate write it.
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")
# This repository's own action, at the commit checked out.
LOCAL = "./ " + LOCAL_ACTION.split(" ", 2)[2].strip()


def load(name: str) -> dict[str, Any]:
    document: dict[str, Any] = YAML(typ="safe", pure=True).load((WORKFLOWS / name).read_text())
    return document


def steps(job: dict[str, Any]) -> str:
    """The job's scripts; a step of this repository's action reads as the command it runs."""
    return "\n".join(script(step) for step in job["steps"])


def script(step: dict[str, Any]) -> str:
    given = step.get("with", {})
    if step.get("uses") == "./" and given.get("command"):
        return f"broadcastctl {given['command']} {given.get('args', '')}".strip()
    return str(step.get("run", ""))


def test_no_workflow_runs_on_pull_request_target() -> None:
    for path in WORKFLOWS.glob("*.yml"):
        assert "pull_request_target" not in load(path.name)["on"], path.name


def test_pull_requests_are_tested_linted_and_planned_without_secrets() -> None:
    workflow = load("pull-request.yml")
    assert list(workflow["on"]) == ["pull_request"]
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert ".ci/run" in steps(jobs["test"])
    assert "broadcastctl lint" in steps(jobs["lint"])
    assert "broadcastctl plan --offline --format markdown" in steps(jobs["plan"])
    assert "broadcastctl plan --sandbox --format markdown" in steps(jobs["plan"])  # no state yet
    assert ".ci/state fetch .broadcastctl/state.json" in steps(jobs["plan"])
    assert "GITHUB_STEP_SUMMARY" in steps(jobs["plan"])
    assert "secrets." not in (WORKFLOWS / "pull-request.yml").read_text()


def test_deploys_never_overlap_and_wait_for_the_environment() -> None:
    workflow = load("deploy.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert workflow["concurrency"] == {"group": "broadcastctl-deploy", "cancel-in-progress": False}
    deploy = workflow["jobs"]["deploy"]
    assert deploy["environment"] == "vendor"
    assert deploy["if"] == "github.ref == 'refs/heads/main'"
    assert "broadcastctl deploy --plan plan.json --yes" in steps(deploy)
    assert "--changed-since" in steps(deploy)


def test_a_deploy_without_credentials_says_it_skips_and_runs_nothing_else() -> None:
    """The check runs inside the `vendor` environment, so secrets of that environment count;
    every later step waits for its answer, and the state is saved only when it was fetched."""
    deploy = load("deploy.yml")["jobs"]["deploy"]
    check, *rest = deploy["steps"]
    assert check["id"] == "check"
    assert "configured=false" in check["run"]
    assert "::notice title=deploy skipped::" in check["run"]
    for step in rest[:-1]:
        assert step["if"] == "steps.check.outputs.configured == 'true'", step
    assert rest[-1]["if"] == "always() && steps.fetch.outcome == 'success'"


def all_steps() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(workflow file, job, step) for every step of every workflow."""
    return [
        (path.name, job, step)
        for path in ALL
        for job in load(path.name)["jobs"].values()
        for step in job["steps"]
    ]


def test_every_action_is_pinned_by_commit_with_its_release_beside_it() -> None:
    for path in [*ALL, ACTION]:
        for line in path.read_text().splitlines():
            if "uses:" in line and not line.lstrip().startswith("#"):
                reference = line.split("uses:", 1)[1].strip()
                assert PINNED.match(reference) or reference == LOCAL, f"{path.name}: {reference}"


def test_checkouts_leave_no_git_credentials_behind() -> None:
    for name, _job, step in all_steps():
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False, name


def test_every_job_has_a_time_limit() -> None:
    for path in ALL:
        for job_name, job in load(path.name)["jobs"].items():
            assert isinstance(job.get("timeout-minutes"), int), f"{path.name}: {job_name}"


def test_vendor_secrets_reach_only_the_steps_that_call_the_vendor() -> None:
    for path in ALL:
        workflow = load(path.name)
        assert "secrets." not in json.dumps(workflow.get("env", {})), path.name
        for job in workflow["jobs"].values():
            assert "secrets." not in json.dumps(job.get("env", {})), path.name
    given = {
        str(step.get("name", step.get("id")))
        for _name, _job, step in all_steps()
        if "secrets." in json.dumps(step.get("env", {}))
    }
    # The credentials check sees only whether each secret is set, never its value.
    assert given == {
        "check the credentials", "plan", "deploy exactly the plan above",
        "summarize finished campaigns", "refresh",
    }  # fmt: skip
    # Each job that reads them runs in the `vendor` environment, so its secrets count.
    for path in ALL:
        for job in load(path.name)["jobs"].values():
            if "secrets." in json.dumps(job):
                assert job["environment"] == "vendor", path.name


def test_a_manual_deploy_runs_only_from_main() -> None:
    workflow = load("deploy.yml")
    assert "workflow_dispatch" in workflow["on"]
    assert "github.ref == 'refs/heads/main'" in workflow["jobs"]["deploy"]["if"]
    elsewhere = workflow["jobs"]["elsewhere"]
    assert elsewhere["if"] == "github.ref != 'refs/heads/main'"
    assert "deploys run only from main" in steps(elsewhere)
    assert "secrets." not in json.dumps(elsewhere)


def test_a_new_push_cancels_the_pull_requests_running_checks() -> None:
    assert load("pull-request.yml")["concurrency"] == {
        "group": "pull-request-${{ github.event.pull_request.number }}",
        "cancel-in-progress": True,
    }


def action_as_workflow(action: Path, folder: Path) -> Path:
    """The action's steps as the one job of a reusable workflow with the same inputs, so
    actionlint (which reads workflows, not action metadata) checks their expressions."""
    document: dict[str, Any] = YAML(typ="safe", pure=True).load(action.read_text())
    inputs = {
        name: {"type": "string", "required": False, "default": spec.get("default", "")}
        for name, spec in document["inputs"].items()
    }
    job = {"runs-on": "ubuntu-latest", "timeout-minutes": 5, "steps": document["runs"]["steps"]}
    workflow = {"on": {"workflow_call": {"inputs": inputs}}, "jobs": {"action": job}}
    path = folder / "action-steps.yml"
    path.write_text(json.dumps(workflow))  # JSON is YAML
    return path


def test_actionlint_finds_nothing(actionlint: Lint, tmp_path: Path) -> None:
    assert actionlint([*ALL, action_as_workflow(ACTION, tmp_path)]) == []


def test_actionlint_sees_a_mistake(actionlint: Lint, tmp_path: Path) -> None:
    lines = (WORKFLOWS / "deploy.yml").read_text().splitlines()
    at = lines.index("    timeout-minutes: 5")
    lines[at] = "    timeout-minutes: soon"
    broken = tmp_path / "broken.yml"
    broken.write_text("\n".join(lines))
    assert [finding["line"] for finding in actionlint([broken])] == [at + 1]


def test_zizmor_finds_nothing(zizmor: Callable[..., list[dict[str, Any]]]) -> None:
    """Its default persona, and the pedantic and auditor ones too, on the workflows and on the
    action's own steps."""
    assert zizmor(WORKFLOWS, ACTION) == []


def named(job: dict[str, Any], name: str) -> dict[str, Any]:
    step: dict[str, Any] = next(step for step in job["steps"] if step.get("name") == name)
    return step


def test_the_deploy_job_saves_the_state_on_its_branch_even_after_a_failure() -> None:
    workflow = load("deploy.yml")
    assert workflow["permissions"] == {"contents": "read"}
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"contents": "write"}
    names = [step.get("name") for step in deploy["steps"]]
    assert names.index("fetch the state") < names.index("plan")
    assert names[-1] == "save the state"
    save = named(deploy, "save the state")
    assert save["if"] == "always() && steps.fetch.outcome == 'success'"
    assert save["run"] == ".ci/state save .broadcastctl/state.json"
    # Only these jobs may write anything; every other job reads.
    writers = {
        ("deploy.yml", "deploy"),
        ("refresh.yml", "refresh"),
        ("plan-comment.yml", "comment"),
        ("release.yml", "publish"),
        ("release.yml", "github-release"),
    }
    for path in ALL:
        for job_name, job in load(path.name)["jobs"].items():
            if (path.name, job_name) not in writers:
                assert "write" not in json.dumps(job.get("permissions", {})), job_name


def test_the_git_token_reaches_only_the_steps_that_read_or_write_the_state() -> None:
    for name, _job, step in all_steps():
        if "github.token" in json.dumps(step.get("env", {})):
            assert step.get("name") in (
                "fetch the state", "save the state", "post the plan", "create the release"
            ), name  # fmt: skip


def test_refresh_runs_on_a_schedule_and_by_hand_and_fails_on_drift() -> None:
    workflow = load("refresh.yml")
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    assert workflow["permissions"] == {"contents": "read"}
    # The deploy's group: never two writers of the state at once, never one cancelling another.
    assert workflow["concurrency"] == load("deploy.yml")["concurrency"]
    job = workflow["jobs"]["refresh"]
    # Its secrets may be the environment's; a reviewer required there approves refreshes too.
    assert job["environment"] == "vendor"
    assert named(job, "save the state")["if"] == (
        "always() && steps.fetch.outcome == 'success' && steps.refresh.outputs.status != 'skipped'"
    )
    assert "broadcastctl refresh --detailed-exitcode" in steps(job)
    assert "GITHUB_STEP_SUMMARY" in named(job, "refresh")["run"]
    summary = named(job, "summarize finished campaigns")  # before the refresh takes a snapshot
    assert job["steps"].index(summary) < job["steps"].index(named(job, "refresh"))
    assert (
        'results --summary --finished --format markdown >> "$GITHUB_STEP_SUMMARY"'
        in (summary["run"])
    )
    assert named(job, "save the state")["run"] == ".ci/state save .broadcastctl/state.json"
    assert named(job, "fail on drift")["if"] == "steps.refresh.outputs.status == '2'"


def test_the_plan_comment_never_runs_pull_request_code_and_may_only_comment() -> None:
    workflow = load("plan-comment.yml")
    assert workflow["on"] == {
        "workflow_run": {"workflows": [load("pull-request.yml")["name"]], "types": ["completed"]}
    }
    assert workflow["permissions"] == {}
    job = workflow["jobs"]["comment"]
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    assert job["if"] == "github.event.workflow_run.event == 'pull_request'"
    assert all("uses" not in step for step in job["steps"])  # no checkout, no action
    script = steps(job)
    for forbidden in ("git ", "pip ", "broadcastctl ", ".ci/", "npm ", "bash "):
        assert forbidden not in script
    assert "secrets." not in (WORKFLOWS / "plan-comment.yml").read_text()
    assert '.head.sha)" != "$HEAD_SHA"' in script  # the artifact's number is checked
    assert "-X PATCH" in script  # the marked comment is edited, not posted again


def comment_capper(tmp_path: Path) -> Path:
    """The comment step's Python, as a file: what it writes is what is posted."""
    script = named(load("plan-comment.yml")["jobs"]["comment"], "post the plan")["run"]
    body = script.split("<<'PY'\n", 1)[1].split("\nPY\n", 1)[0]
    path = tmp_path / "cap.py"
    path.write_text(body)
    return path


def test_the_plan_comment_is_marked_and_fits_githubs_limit(tmp_path: Path) -> None:
    capper = comment_capper(tmp_path)
    for size in (100, 65_535, 200_000):
        plan, out = tmp_path / "plan.md", tmp_path / "body.md"
        plan.write_text("é" * size, encoding="utf-8")
        subprocess.run([sys.executable, str(capper), str(plan), str(out)], check=True)
        body = out.read_text(encoding="utf-8")
        assert body.startswith("<!-- broadcastctl-plan -->\n")
        assert len(body) <= 65_535
        assert ("cut to fit" in body) == (size > 65_535 - 27)


def test_a_manual_deploy_can_name_the_calls_allowed_and_only_through_the_environment() -> None:
    workflow = load("deploy.yml")
    given = workflow["on"]["workflow_dispatch"]["inputs"]["allow_calls"]
    assert given["required"] is False
    deploy = next(
        step
        for step in workflow["jobs"]["deploy"]["steps"]
        if step.get("name") == "deploy exactly the plan above"
    )
    assert deploy["env"]["ALLOW_CALLS"] == "${{ inputs.allow_calls }}"
    assert "${{" not in deploy["run"]  # an input is never pasted into the script
    assert 'allow=(--allow-calls "$ALLOW_CALLS")' in deploy["run"]
    assert 'broadcastctl deploy --plan plan.json --yes "${allow[@]}"' in deploy["run"]


def test_a_release_is_built_once_checked_then_published_by_trusted_publishing() -> None:
    workflow = load("release.yml")
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    build = steps(jobs["build"])
    assert '.ci/release check-tag "$TAG"' in build
    assert ".ci/release notes" in build
    assert build.count("python -m build") == 1
    assert all("python -m build" not in steps(job) for name, job in jobs.items() if name != "build")
    assert ".ci/check-wheel dist/*.whl" in steps(jobs["check"])
    publish = jobs["publish"]
    assert publish["needs"] == ["build", "check"]
    assert publish["environment"]["name"] == "release"
    assert publish["permissions"] == {"id-token": "write"}  # OIDC, no stored token
    assert "secrets." not in (WORKFLOWS / "release.yml").read_text()
    [upload] = [step for step in publish["steps"] if "pypi-publish" in step.get("uses", "")]
    assert "with" not in upload  # no password: trusted publishing
    release = jobs["github-release"]
    assert release["needs"] == "publish"
    uses = [str(step.get("uses", "")) for step in release["steps"]]
    assert any(use.startswith("actions/attest-build-provenance@") for use in uses)
    assert "--notes-file notes/notes.md" in steps(release)


def test_the_action_gives_the_credentials_to_the_command_step_only() -> None:
    action: dict[str, Any] = YAML(typ="safe", pure=True).load(ACTION.read_text())
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {"command", "args", "python-version", "api-key", "api-secret"}
    holding = [
        step["name"] for step in action["runs"]["steps"] if "inputs.api-" in json.dumps(step)
    ]
    assert holding == ["run broadcastctl"]
    [install] = [s for s in action["runs"]["steps"] if str(s.get("name", "")).startswith("install")]
    assert install["run"] == (
        'python -m pip install --disable-pip-version-check "$GITHUB_ACTION_PATH"'
    )
    assert "${{" not in "".join(str(step.get("run", "")) for step in action["runs"]["steps"])
