"""The volume gate through the command line, against a sandbox over real HTTP: a deploy over the
policy's max_new_calls sends nothing unless --allow-calls names at least its total."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from broadcastctl.api import Client
from broadcastctl.cli import main
from broadcastctl.policy.policyfile import load_policy
from broadcastctl.sandbox import SandboxServer
from tests.commands.test_deploy import names

# 21:00-22:00 vendor time (UTC+8) is 08:00-09:00 in New York in January: within calling hours.
CAMPAIGN = """appId: app-1
taskName: {name}
source: 3
text: Hello
lan: EN
sendTime: 2030-01-07 09:00:00
allowSendTime:
  - {{strTime: "21:00", endTime: "22:00"}}
numberList: ["12025550{first}", "12025550{second}"]
loopCount: 2
maxCalls: 60
"""


@pytest.fixture
def gated(project: Path) -> Path:
    """Two campaigns of two numbers each (4 new calls) under a policy allowing 3."""
    folder = project / "gated"
    folder.mkdir()
    (folder / "broadcastctl.yaml").write_text("max_new_calls: 3\n")
    for name, first in (("winter", 101), ("spring", 111)):
        text = CAMPAIGN.format(name=name, first=first, second=first + 1)
        (folder / f"{name}.yaml").write_text(text)
    return folder


def test_over_the_limit_nothing_is_created(
    gated: Path, vendor: SandboxServer, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy", "gated", "--yes"]) == 1
    out, err = capsys.readouterr()
    assert (
        "Volume gate: 4 new calls, over max_new_calls 3 (gated/broadcastctl.yaml); deploy "
        "refuses them unless given --allow-calls 4 or more." in out
    )
    assert err.endswith(
        "broadcastctl: error: this deploy would place 4 new calls, more than the 3 that "
        "max_new_calls in gated/broadcastctl.yaml allows; nothing was sent. If that many calls "
        "are intended, review the plan above and pass --allow-calls 4 (a figure at least the "
        "total), or deploy fewer campaigns at a time\n"
    )
    assert names(client) == []


@pytest.mark.parametrize("detailed", [[], ["--detailed-exitcode"]])
def test_the_plan_fails_when_the_deploy_would_be_refused(
    gated: Path,
    vendor: SandboxServer,
    capsys: pytest.CaptureFixture[str],
    detailed: list[str],
) -> None:
    for output in ("text", "markdown", "json"):
        assert main(["plan", "gated", "--format", output, *detailed]) == 1
        out, err = capsys.readouterr()
        assert err.endswith(
            "broadcastctl: error: the deploy of this plan would be refused: 4 new calls, more "
            "than the 3 that max_new_calls in gated/broadcastctl.yaml allows; deploy will need "
            "--allow-calls 4 (or more), or fewer campaigns at a time\n"
        )
        assert out  # the plan is shown all the same, for the review


def test_allow_calls_at_least_the_total_deploys(
    gated: Path, vendor: SandboxServer, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy", "gated", "--yes", "--allow-calls", "4"]) == 0
    assert "Deploy: 2 created." in capsys.readouterr().out
    assert names(client) == ["spring", "winter"]
    # nothing new to call: the same limit no longer stands in the way
    assert main(["deploy", "gated", "--yes"]) == 0
    assert "Nothing to create or update." in capsys.readouterr().out
    # the pull request's offline plan (no credentials) shows the gate too
    (gated / "autumn.yaml").write_text(CAMPAIGN.format(name="autumn", first=121, second=122))
    assert main(["plan", "gated", "--offline"]) == 0
    assert "Volume gate: 2 new calls, within max_new_calls 3" in capsys.readouterr().out


def test_allow_calls_below_the_total_is_refused_and_says_the_total(
    gated: Path, vendor: SandboxServer, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy", "gated", "--yes", "--allow-calls", "3"]) == 1
    err = capsys.readouterr().err
    assert "would place 4 new calls, more than --allow-calls 3 allows; nothing was sent" in err
    assert "pass --allow-calls 4 (or more)" in err
    assert names(client) == []


def test_allow_calls_below_the_total_is_refused_even_without_a_limit(
    gated: Path, vendor: SandboxServer, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    (gated / "broadcastctl.yaml").write_text("countries: [US]\n")
    assert main(["deploy", "gated", "--yes", "--allow-calls", "1"]) == 1
    assert "more than --allow-calls 1 allows" in capsys.readouterr().err
    assert names(client) == []
    assert main(["deploy", "gated", "--yes"]) == 0  # no limit, no figure: nothing to gate
    assert names(client) == ["spring", "winter"]


def test_a_saved_plan_is_gated_the_same_way(
    gated: Path, vendor: SandboxServer, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "gated", "--out", "plan.json"]) == 1  # saved all the same
    saved = json.loads(Path("plan.json").read_text())
    assert saved["new_calls"] == {
        "total": 4, "limit": 3, "policy": "gated/broadcastctl.yaml",
    }  # fmt: skip
    assert main(["deploy", "--plan", "plan.json", "gated", "--yes"]) == 1
    assert "more than the 3 that max_new_calls" in capsys.readouterr().err
    assert names(client) == []
    assert main(["deploy", "--plan", "plan.json", "gated", "--yes", "--allow-calls", "2"]) == 1
    assert names(client) == []
    assert main(["deploy", "--plan", "plan.json", "gated", "--yes", "--allow-calls", "4"]) == 0
    assert names(client) == ["spring", "winter"]


def test_a_saved_plan_is_refused_when_the_limit_changed(
    gated: Path, vendor: SandboxServer, client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "gated", "--out", "plan.json"]) == 1
    (gated / "broadcastctl.yaml").write_text("max_new_calls: 5000\n")
    load_policy.cache_clear()  # each command is a process of its own; here they share one
    assert main(["deploy", "--plan", "plan.json", "gated", "--yes"]) == 1
    assert (
        "the policy's max_new_calls changed since the plan was made (3 then, 5,000 now in "
        "gated/broadcastctl.yaml); run plan again" in capsys.readouterr().err
    )
    assert names(client) == []


def test_the_plan_shows_the_people_called_and_the_exceptions(
    gated: Path, vendor: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    winter = gated / "winter.yaml"
    winter.write_text(
        winter.read_text()
        + "policyExceptions:\n"
        + "  - {rule: calling-hours, reason: 'reviewed by compliance, ticket 12'}\n"
    )
    assert main(["plan", "gated"]) == 1  # over the gate: the deploy would be refused
    out = capsys.readouterr().out
    assert out == (
        f"Target: {vendor.url}\n"
        "+ create   spring\n"
        "           gated/spring.yaml: 2 numbers, message played 2× a call\n"
        "           calls 2 in US\n"
        "           purpose none given (the strictest reading); rules US: Mon-Fri 08:00-21:00; "
        "Sat 08:00-21:00; Sun 08:00-21:00; holidays 08:00-21:00 (law, "
        "http://edocket.access.gpo.gov/cfr_2008/octqtr/47cfr64.1200.htm, read 2026-12-03, "
        "unconfirmed)\n"
        "           local time America/New_York: Mon 08:00-09:00; window 21:00-22:00 vendor time "
        "on Mon 2030-01-07\n"
        "+ create   winter\n"
        "           gated/winter.yaml: 2 numbers, message played 2× a call\n"
        "           calls 2 in US\n"
        "           purpose none given (the strictest reading); rules US: Mon-Fri 08:00-21:00; "
        "Sat 08:00-21:00; Sun 08:00-21:00; holidays 08:00-21:00 (law, "
        "http://edocket.access.gpo.gov/cfr_2008/octqtr/47cfr64.1200.htm, read 2026-12-03, "
        "unconfirmed)\n"
        "           local time America/New_York: Mon 08:00-09:00; window 21:00-22:00 vendor time "
        "on Mon 2030-01-07\n"
        "\n"
        "Policy exceptions in force (1):\n"
        '  winter (gated/winter.yaml): calling-hours, because "reviewed by compliance, ticket 12"\n'
        "\n"
        "Plan: 2 to create, 0 to update, 0 blocked, 0 unchanged; 0 remote tasks no file "
        "describes.\n"
        "New calls: 4 (one per number), playing the message up to 8 times.\n"
        "Volume gate: 4 new calls, over max_new_calls 3 (gated/broadcastctl.yaml); deploy "
        "refuses them unless given --allow-calls 4 or more.\n"
    )
    assert "12025550" not in out
