"""Plans converge: after a create, and after an update, the next plan is a no-op, whether the
vendor's detail shows only its table's fields or every field it stores (defaults included).

Over real HTTP to the sandbox, for every example campaign and for campaigns drawn by a seeded
generator (bounded, so the run stays quick).
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from broadcastctl.api import Client
from broadcastctl.api.vendortime import DEFAULT_TIMEZONE
from broadcastctl.checks.pipeline import check_files
from broadcastctl.deploy.deployer import Deployer, RateLimiter, Result
from broadcastctl.lint.campaigns import find_campaign_files
from broadcastctl.plan.bodies import DesiredTask, to_payload
from broadcastctl.plan.model import Action, Kind
from broadcastctl.plan.planner import make_plan
from broadcastctl.plan.remote import read_remote, with_uploads
from broadcastctl.plan.window import Window
from broadcastctl.sandbox import Faults, SandboxServer

EXAMPLES = Path(__file__).resolve().parents[2] / "campaigns"
DETAIL_MODES = ("table", "stored")
GENERATED = 24  # campaigns per mode; each is created, planned, updated and planned again
AUDIO = ("greeting.mp3", "notice.mp3", "reminder.mp3")


def desired_from(files: Sequence[Path]) -> list[DesiredTask]:
    checked = check_files(files, dt.datetime.now(dt.UTC), DEFAULT_TIMEZONE)
    errors = [d for d in checked.diagnostics if d.severity == "error"]
    assert not errors, errors
    return [to_payload(campaign) for campaign in checked.campaigns]


def plan_actions(client: Client, desired: Sequence[DesiredTask]) -> list[Action]:
    window = Window.last_days(30, client.now())
    remote = read_remote(client, {task.task_name for task in desired}, window, workers=2)
    return list(make_plan(with_uploads(client, list(desired)), remote).actions)


def apply(client: Client, desired: Sequence[DesiredTask]) -> None:
    window = Window.last_days(30, client.now())
    remote = read_remote(client, {task.task_name for task in desired}, window, workers=2)
    plan = make_plan(with_uploads(client, list(desired)), remote)
    deployer = Deployer(client, window, RateLimiter(0), pause=lambda attempt: None)
    by_name = {task.task_name: task for task in desired}
    outcomes = deployer.apply(plan, by_name, 2, lambda outcome: None)
    assert all(o.result in (Result.CREATED, Result.UPDATED) for o in outcomes), [
        (o.action.task_name, o.message) for o in outcomes if not o.result.ok
    ]


def assert_no_op(client: Client, desired: Sequence[DesiredTask]) -> None:
    changed = [
        (action.task_name, action.kind.value, action.changes)
        for action in plan_actions(client, desired)
        if action.kind not in (Kind.NOOP, Kind.UNMANAGED)
    ]
    assert changed == []


@pytest.fixture(params=DETAIL_MODES)
def vendor(request: pytest.FixtureRequest, sandbox: SandboxServer) -> str:
    sandbox.set_faults(Faults(detail=request.param))
    return str(request.param)


def test_the_stored_detail_shows_the_defaults_a_create_left_out(
    sandbox: SandboxServer, client: Client, task_body: Callable[..., dict[str, Any]]
) -> None:
    sandbox.set_faults(Faults(detail="stored"))
    fields = client.get_task(client.create_task(task_body())).fields
    assert fields["hangUpSms"] == 0
    assert fields["toSeat"] == 0
    assert fields["maxRingingTime"] == 60
    assert fields["allowSendTime"] == []
    assert fields["senderId"] is None  # stored as nothing, and still shown
    sandbox.set_faults(Faults(detail="table"))
    assert "hangUpSms" not in client.get_task(client.create_task(task_body("another"))).fields


def test_every_example_campaign_converges_after_create_and_after_update(
    vendor: str, client: Client, tmp_path: Path
) -> None:
    desired = desired_from(find_campaign_files([str(EXAMPLES)]))
    apply(client, desired)
    assert_no_op(client, desired)
    # Each scheduled file loses its optional fields (a task without a sendTime is calling by
    # now): the update resets them, then nothing is left to do; and back again.
    shutil.copytree(EXAMPLES / "numbers", tmp_path / "numbers")
    scheduled = [
        path for path in sorted(EXAMPLES.glob("*.yaml")) if "sendTime:" in path.read_text()
    ]
    stripped = desired_from([write(tmp_path / p.name, without_optional(p)) for p in scheduled])
    kinds = [a.kind for a in plan_actions(client, stripped) if a.kind is not Kind.UNMANAGED]
    assert kinds == [Kind.UPDATE] * len(scheduled)
    apply(client, stripped)
    assert_no_op(client, stripped)
    apply(client, desired)
    assert_no_op(client, desired)


def test_generated_campaigns_converge_after_create_and_after_update(
    vendor: str, client: Client, tmp_path: Path
) -> None:
    draw = random.Random(f"converge-{vendor}")
    # The first round is scheduled, so that the tasks still wait for their update; the second
    # may drop sendTime ("call at once").
    first = [campaign(draw, index) | _schedule(draw) for index in range(GENERATED)]
    second = [
        {**campaign(draw, index), "appId": old["appId"], "numberList": old["numberList"]}
        for index, old in enumerate(first)
    ]
    for round_, campaigns in enumerate((first, second)):
        folder = tmp_path / f"round-{round_}"
        (folder / "audio").mkdir(parents=True)
        for index, name in enumerate(AUDIO):
            (folder / "audio" / name).write_bytes(b"ID3\x03\x00" + bytes([index]) * 64)
        desired = desired_from(
            [write(folder / f"c{i:02}.yaml", data) for i, data in enumerate(campaigns)]
        )
        apply(client, desired)
        assert_no_op(client, desired)


def write(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def without_optional(path: Path) -> dict[str, Any]:
    """An example file with only what a campaign must hold, its sendTime and its calling
    windows (a TTS message instead of audio);
    its numbers file, if any, is copied beside it."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    kept = {
        key: data[key]
        for key in ("appId", "taskName", "loopCount", "maxCalls", "sendTime", "allowSendTime")
    }
    numbers = {key: data[key] for key in ("numberList", "numberFile") if key in data}
    return kept | numbers | {"source": 3, "text": "Hello again", "lan": "EN"}


def campaign(draw: random.Random, index: int) -> dict[str, Any]:
    """A campaign that lints clean, with a random choice of the optional fields."""
    data: dict[str, Any] = {
        "appId": draw.choice(["iaAJ6COV", "app-2"]),
        "taskName": f"generated campaign {index:02}",
        "numberList": [f"1202555{draw.randrange(10**4):04}" for _ in range(draw.randint(1, 3))],
        "loopCount": draw.randint(1, 9),
        "maxCalls": draw.randint(1, 999),
    }
    data |= _message(draw)
    data |= _windows(draw)  # always: with no window, a campaign may ring people at night
    for part in (_caller_id, _schedule, _ringing, _sms, _agent):
        if draw.random() < 0.5:
            data |= part(draw)
    data["numberList"] = list(dict.fromkeys(data["numberList"]))
    return data


def _message(draw: random.Random) -> dict[str, Any]:
    if draw.random() < 0.3:  # a voice file uploaded once (AUDIO), shared by the campaigns
        return {"source": 1, "audioFile": f"audio/{draw.choice(AUDIO)}"}
    return {"source": 3, "lan": draw.choice(["EN", "VN", "DE"]), "text": _words(draw, 40)}


def _caller_id(draw: random.Random) -> dict[str, Any]:
    number = f"1202555{draw.randrange(10**4):04}"
    return {"displayNum": draw.choice([number, int(number), ""])}


def _schedule(draw: random.Random) -> dict[str, Any]:
    day = dt.date(2027, 3, 1) + dt.timedelta(days=draw.randrange(300))
    return {"sendTime": f"{day} {draw.randrange(8, 20):02}:{draw.choice(['00', '30'])}:00"}


def _windows(draw: random.Random) -> dict[str, Any]:
    # vendor time (UTC+8): 00:00-09:00 is 11:00-20:00 in Washington in winter, 12:00-21:00 in summer
    hours = sorted(draw.sample(range(10), 2 * draw.randint(1, 3)))
    pairs = zip(hours[::2], hours[1::2], strict=True)
    return {"allowSendTime": [{"strTime": f"{a:02}:00", "endTime": f"{b:02}:00"} for a, b in pairs]}


def _ringing(draw: random.Random) -> dict[str, Any]:
    return {"maxRingingTime": draw.choice([20, 60, 90, 120])}


def _sms(draw: random.Random) -> dict[str, Any]:
    if draw.random() < 0.3:
        return {"hangUpSms": 0}
    pushes = {flag: draw.randint(0, 1) for flag in _PUSHES}
    pushes[draw.choice(_PUSHES)] = 1
    data: dict[str, Any] = {"hangUpSms": 1, "smsAppId": "9obbP7Nl", "smsContent": _words(draw, 20)}
    data |= pushes
    if draw.random() < 0.5:
        data["senderId"] = draw.choice(["Acme", "12345"])
    if pushes["feedbackPush"]:
        data["feedbackValue"] = draw.choice(["1", 2, "9"])
    if pushes["successPush"]:
        data["successPushTime"] = draw.choice([0, 10, 300])
    return data


def _agent(draw: random.Random) -> dict[str, Any]:
    if draw.random() < 0.3:
        return {"toSeat": 0}
    data: dict[str, Any] = {
        "toSeat": 1,
        "sipGroupId": draw.randint(1, 10**6),
        "outboundControl": 1,
        "calloutRate": draw.randint(1, 100),
        "toSeatType": draw.choice([1, 2]),
    }
    if data["toSeatType"] == 2:
        data["toSeatKey"] = draw.randint(0, 9)
    return data


_PUSHES = ["feedbackPush", "successPush", "failedPush", "ringPush"]
_VOCABULARY = [
    "hello",
    "your",
    "order",
    "arrives",
    "soon",
    "press",
    "one",
    "to",
    "hear",
    "more",
    "thank",
    "you",
    "goodbye",
]


def _words(draw: random.Random, count: int) -> str:
    return " ".join(draw.choice(_VOCABULARY) for _ in range(draw.randint(1, count)))
