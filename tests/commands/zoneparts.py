"""A campaign in local windows deployed as zone parts, made by hand: each part a task created
in the sandbox over HTTP under `f"{taskName} {label}"`, and the state's entry for it naming
its campaign and part, as deploy records them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from broadcastctl.api import ApiConfig, Client
from broadcastctl.state.entry import Entry, numbers_digest, recorded_body
from broadcastctl.state.store import StateFile, state_path
from tests.commands.conftest import CAMPAIGN

LOCAL = {"allowSendTime:": "localWindows:"}  # the fixture campaign's windows, in local time
NOW = {"sendTime: 2030-01-01 09:00:00\n": ""}  # no sendTime: the task calls at once


@dataclass(frozen=True)
class Part:
    label: str
    numbers: Sequence[str]
    windows: tuple[tuple[str, str], ...] = (("00:00", "08:00"),)  # vendor time
    send_time: str | None = None  # None: calls at once


def body(campaign: str, part: Part) -> dict[str, object]:
    windows = [{"strTime": start, "endTime": end} for start, end in part.windows]
    made = {
        "appId": "app-1",
        "taskName": f"{campaign} {part.label}",
        "source": 3,
        "text": "Hello",
        "lan": "EN",
        "numberList": list(part.numbers),
        "loopCount": 1,
        "maxCalls": 60,
        "allowSendTime": windows,
    }
    return made | ({} if part.send_time is None else {"sendTime": part.send_time})


def deploy_parts(
    url: str, api_key: str, api_secret: str, campaign: str, file: Path, parts: Sequence[Part]
) -> Mapping[str, int]:
    """Create each part's task and record it in the state; the job ids by label."""
    config = ApiConfig(url=url, api_key=api_key, api_secret=api_secret)
    state_file = StateFile(state_path(None))
    state = state_file.read()
    ids = {}
    with Client(config) as client:
        for part in parts:
            sent = body(campaign, part)
            job_id = client.create_task(sent)
            ids[part.label] = job_id
            entry = Entry(
                str(sent["taskName"]), job_id, str(file), len(part.numbers),
                numbers_digest(part.numbers), recorded_body(sent), "2026-12-01T00:00:00Z", None,
                "test", campaign=campaign, part=part.label,
            )  # fmt: skip
            state = state.with_entry(entry)
    state_file.write(state)
    return ids


def local_campaign(name: str, numbers: Sequence[str]) -> str:
    """The fixture campaign in local windows, with `numbers`."""
    listed = ", ".join(f'"{number}"' for number in numbers)
    text = CAMPAIGN.format(name=name).replace("allowSendTime:", "localWindows:")
    return text.replace('numberList: ["12025550101", "12025550102"]', f"numberList: [{listed}]")
