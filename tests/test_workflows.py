"""The GitHub workflows keep their safety properties: read-only pull-request checks that never
run with secrets, and a deploy that never overlaps, can wait for a reviewer, and says when it
skips."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

WORKFLOWS = Path(__file__).resolve().parent.parent / ".github" / "workflows"


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
    assert "broadcastctl plan --sandbox --format markdown" in steps(jobs["plan"])
    assert "GITHUB_STEP_SUMMARY" in steps(jobs["plan"])
    assert "secrets." not in (WORKFLOWS / "pull-request.yml").read_text()


def test_deploys_never_overlap_and_wait_for_the_environment() -> None:
    workflow = load("deploy.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert workflow["concurrency"] == {"group": "broadcastctl-deploy", "cancel-in-progress": False}
    deploy = workflow["jobs"]["deploy"]
    assert deploy["environment"] == "vendor"
    assert deploy["needs"] == "credentials"
    assert deploy["if"] == "needs.credentials.outputs.configured == 'true'"
    assert "broadcastctl deploy --plan plan.json --yes" in steps(deploy)
    assert "--changed-since" in steps(deploy)


def test_a_deploy_without_credentials_says_it_skips() -> None:
    check = load("deploy.yml")["jobs"]["credentials"]
    assert "environment" not in check
    script = steps(check)
    assert "configured=false" in script
    assert "::notice title=deploy skipped::" in script
