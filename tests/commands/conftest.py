"""A folder of campaigns to plan and deploy, and the environment pointing at a test sandbox.

The campaigns are the command tests' own (fixtures/campaigns: one of each kind, a numbers file
and an audio file), not the examples in campaigns/, which may change as examples."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from broadcastctl.api import ApiConfig
from broadcastctl.api.client import Client
from broadcastctl.sandbox import SandboxServer

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "campaigns"

CAMPAIGN = """appId: app-1
taskName: {name}
source: 3
text: Hello
lan: EN
sendTime: 2030-01-01 09:00:00
numberList: ["12025550101", "12025550102"]
loopCount: 1
maxCalls: 60
allowSendTime:
  - strTime: "00:00"
    endTime: "08:00"
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository holding a copy of the fixture campaigns, as the working directory."""
    shutil.copytree(FIXTURES, tmp_path / "campaigns")
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "BROADCASTCTL_API_TIMEZONE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("BROADCASTCTL_WINDOW_ZONE", raising=False)
    return tmp_path


@pytest.fixture
def vendor(sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch) -> SandboxServer:
    """The test's sandbox as the vendor: BROADCASTCTL_API_* point at it. Its clock starts at
    01:00 vendor time today, inside the calling windows of the campaigns here (the sandbox
    places calls only inside a task's windows), whatever the hour the tests run at."""
    sandbox.clock.set(in_the_windows(sandbox))
    # The commands' client reads the sandbox's clock, as it does with --sandbox: the vendor's
    # "now" and broadcastctl's agree however far a test moves the clock.
    timed = _client_on(sandbox)
    monkeypatch.setattr("broadcastctl.api.client.Client", timed)
    monkeypatch.setattr("broadcastctl.api.Client", timed)
    monkeypatch.setenv("BROADCASTCTL_API_URL", sandbox.url)
    monkeypatch.setenv("BROADCASTCTL_API_KEY", sandbox.api_key)
    monkeypatch.setenv("BROADCASTCTL_API_SECRET", sandbox.api_secret)
    return sandbox


def _client_on(sandbox: SandboxServer) -> type[Client]:
    class SandboxTimed(Client):
        def __init__(self, config: ApiConfig, **options: Any) -> None:
            options.setdefault("clock", sandbox.clock.now)
            super().__init__(config, **options)

    return SandboxTimed


def in_the_windows(sandbox: SandboxServer) -> dt.datetime:
    """01:00 today in the sandbox's zone: within 00:00-08:00 and 01:00-08:00."""
    today = dt.datetime.fromtimestamp(sandbox.clock.now(), sandbox.timezone).date()
    return dt.datetime.combine(today, dt.time(1, 0), tzinfo=sandbox.timezone)


WriteCampaign = Callable[..., Path]


@pytest.fixture
def write_campaign(project: Path) -> WriteCampaign:
    """Writes campaigns/<name>.yaml, a small valid campaign, with text replaced as given."""

    def write(name: str, **replace: str) -> Path:
        text = CAMPAIGN.format(name=name)
        for old, new in replace.items():
            text = text.replace(old, new)
        path = project / "campaigns" / f"{name}.yaml"
        path.write_text(text)
        return path

    return write
