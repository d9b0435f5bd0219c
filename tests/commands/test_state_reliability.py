"""Seeded random sequences of file edits and remote events, over real HTTP against a sandbox:
a plan made --offline right after refresh equals the live plan, and a swapped number is
always blocked, never sent."""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from broadcastctl.api import Client
from broadcastctl.cli import main
from broadcastctl.sandbox import SandboxServer
from broadcastctl.state.store import StateFile

# At least 200 in CI; BROADCASTCTL_SEQUENCES runs more (or fewer) by hand.
SEQUENCES = int(os.environ.get("BROADCASTCTL_SEQUENCES", "200"))
CHUNKS = 4
STATE = Path(".broadcastctl") / "state.json"

CAMPAIGN = """appId: app-1
taskName: {name}
source: 3
text: Hello
lan: EN
{send_time}numberList: [{numbers}]
loopCount: 1
maxCalls: 60
hangUpSms: 1
smsAppId: sms-1
senderId: Shop
smsContent: {sms}
feedbackPush: 0
successPush: 0
failedPush: 1
ringPush: 0
# 00:00-08:00 vendor time (UTC+8) is 11:00-19:00 in New York: inside the calling hours.
allowSendTime:
  - strTime: "00:00"
    endTime: "08:00"
"""


class Sequence:
    """One project folder, its campaigns, and the remote events a test can cause."""

    def __init__(self, root: Path, seed: int, vendor: SandboxServer, client: Client) -> None:
        self.rng = random.Random(seed)
        self.root, self.seed, self.vendor, self.client = root, seed, vendor, client
        self.files: dict[str, dict[str, Any]] = {}
        (root / "campaigns").mkdir(parents=True)

    def write(self, stem: str) -> None:
        spec = self.files[stem]
        send_time = "sendTime: 2030-01-01 09:00:00\n" if spec["scheduled"] else ""
        numbers = ", ".join(f'"1202555{n:04}"' for n in spec["numbers"])
        text = CAMPAIGN.format(
            name=spec["name"], send_time=send_time, numbers=numbers, sms=spec["sms"]
        )
        (self.root / "campaigns" / f"{stem}.yaml").write_text(text)

    def add(self, index: int) -> None:
        stem = f"c{index}"
        self.files[stem] = {
            "name": f"s{self.seed}-{stem}",
            "numbers": self.rng.sample(range(100, 200), self.rng.randint(1, 3)),
            "scheduled": self.rng.random() < 0.7,
            "sms": "Thanks",
        }
        self.write(stem)

    def edit(self) -> str:
        """One random change to the files or at the vendor; its name, for the failure message."""
        stems = sorted(self.files)
        event = self.rng.choice(
            ["swap", "sms", "rename", "delete", "clock", "console", "cancel", "add"]
        )
        if event == "add" or not stems:
            self.add(len(self.files) + 100)
            return "add"
        stem = self.rng.choice(stems)
        spec = self.files[stem]
        if event == "swap":
            unused = sorted(set(range(100, 200)) - set(spec["numbers"]))
            spec["numbers"][0] = self.rng.choice(unused)
        elif event == "sms":
            spec["sms"] = f"Thanks {self.rng.randint(0, 999)}"
        elif event == "rename":
            spec["name"] += "-v2"
        elif event == "delete":
            (self.root / "campaigns" / f"{stem}.yaml").unlink()
            del self.files[stem]
            return event
        else:
            self.remote(event, spec["name"])
            return event
        self.write(stem)
        return event

    def remote(self, event: str, name: str) -> None:
        if event == "clock":
            self.vendor.clock.advance(self.rng.choice([1, 30, 3600]))
            return
        entry = StateFile(self.root / STATE).read().entries.get(name)
        if entry is None or self.client.get_task(entry.job_id).status != 0:
            return
        if event == "cancel":
            self.client.cancel_tasks([entry.job_id])
        elif entry.sent is not None:  # an edit in the vendor's console
            body = {key: value for key, value in entry.sent.items() if key != "appId"}
            self.client.update_task(entry.job_id, body | {"text": "Edited in the console"})


def plan_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    capsys.readouterr()
    code = main(["plan", "--format", "json", *args])
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    document.pop("offline")
    return code, document


@pytest.fixture
def frozen(vendor: SandboxServer) -> SandboxServer:
    """The sandbox's clock moves only when a sequence moves it: both plans see one moment."""
    vendor.clock.freeze()
    return vendor


@pytest.mark.slow  # about a minute: CI runs it (the README's test command runs every tier)
@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_offline_after_refresh_equals_live(
    chunk: int,
    project: Path,
    frozen: SandboxServer,
    client: Client,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for seed in range(chunk, SEQUENCES, CHUNKS):
        root = project / f"seq{seed}"
        sequence = Sequence(root, seed, frozen, client)
        monkeypatch.chdir(root)
        for index in range(sequence.rng.randint(1, 3)):
            sequence.add(index)
        assert main(["deploy", "--yes", "--rate", "0"]) == 0
        events = [sequence.edit() for _ in range(sequence.rng.randint(1, 4))]
        if sequence.rng.random() < 0.5 and sequence.files:
            main(["deploy", "--yes", "--rate", "0"])  # sometimes applied before the check
            events.append("deploy")
        assert main(["refresh", "--detailed-exitcode"]) in (0, 2)
        live, offline = plan_json(capsys), plan_json(capsys, "--offline")
        assert offline == live, f"seed {seed}: {events}"
        _swaps_are_blocked(live[1], sequence)


def _swaps_are_blocked(document: dict[str, Any], sequence: Sequence) -> None:
    """No action of the plan would send numbers to a task whose numbers were swapped."""
    for action in document["actions"]:
        fields = {change["field"] for change in action["changes"]}
        if "numberList" in fields and action["job_id"] is not None:
            assert action["action"] == "blocked", (sequence.seed, action)


def test_a_swapped_number_is_never_sent(
    project: Path,
    vendor: SandboxServer,
    write_campaign: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    write_campaign("spring")
    assert main(["deploy", "--yes"]) == 0
    path = project / "campaigns" / "spring.yaml"
    path.write_text(path.read_text().replace("12025550102", "12025550103"))
    fields = dict(vendor.stored_fields(StateFile(STATE).read().entries["spring"].job_id) or {})
    capsys.readouterr()
    assert main(["deploy", "--yes", "campaigns/spring.yaml"]) == 1
    out = capsys.readouterr().out
    assert "! blocked  spring" in out
    assert "updated" not in out
    after = vendor.stored_fields(StateFile(STATE).read().entries["spring"].job_id)
    assert dict(after or {}) == fields
