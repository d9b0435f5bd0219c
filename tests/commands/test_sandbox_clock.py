"""`broadcastctl sandbox --advance`: a user moves the `--sandbox` database's clock, and the tasks
deployed there go on calling, with no server to start and no admin request to write."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from broadcastctl.cli import main
from broadcastctl.errors import EXIT_USAGE
from broadcastctl.sandbox import SandboxServer
from tests.commands.conftest import WriteCampaign

DB = ".broadcastctl/sandbox.sqlite3"


def test_advance_moves_the_stored_clock(
    project: Path, write_campaign: WriteCampaign, capsys: pytest.CaptureFixture[str]
) -> None:
    write_campaign("spring", **{"sendTime: 2030-01-01 09:00:00\n": ""})
    assert main(["deploy", "--sandbox", "--yes", "--quiet", "campaigns/spring.yaml"]) == 0
    capsys.readouterr()

    # a day: its window (00:00-08:00 vendor time) opens within it, whatever the hour now
    assert main(["sandbox", "--advance", "1d"]) == 0

    said = capsys.readouterr().out
    assert said.startswith(f"broadcastctl sandbox: the clock of {DB} reads ")
    server = SandboxServer(project / DB, api_key="k", api_secret="s")
    try:
        assert 86_390 < server.clock.offset < 86_410
    finally:
        server.stop()
    assert main(["status", "--sandbox", "--format", "json", "campaigns/spring.yaml"]) == 0
    tasks = json.loads(capsys.readouterr().out)["tasks"]
    assert [(task["task_name"], task["status_name"]) for task in tasks] == [("spring", "completed")]


def test_advance_without_a_sandbox_database_says_how_to_make_one(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sandbox", "--advance", "1d"]) == EXIT_USAGE

    assert "holds no sandbox yet; deploy with --sandbox" in capsys.readouterr().err
    assert not (project / DB).exists()


@pytest.mark.parametrize("text", ["soon", "2w", "1.5.2h", "9999d"])
def test_a_duration_that_is_not_one_is_refused(
    text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["sandbox", "--advance", text])

    assert f"--advance: {text!r} is not a duration such as 30s, 90m, 2h or 1d" in (
        capsys.readouterr().err
    )


def test_a_negative_duration_moves_the_clock_back(
    project: Path, write_campaign: WriteCampaign
) -> None:
    write_campaign("spring")
    assert main(["deploy", "--sandbox", "--yes", "--quiet", "campaigns/spring.yaml"]) == 0

    assert main(["sandbox", "--advance=-1d"]) == 0

    server = SandboxServer(project / DB, api_key="k", api_secret="s")
    try:
        assert -86_410 < server.clock.offset < -86_390
    finally:
        server.stop()


def test_a_task_older_than_the_window_is_not_called_undeployed(
    project: Path, write_campaign: WriteCampaign, capsys: pytest.CaptureFixture[str]
) -> None:
    write_campaign("spring", **{"sendTime: 2030-01-01 09:00:00\n": ""})
    assert main(["deploy", "--sandbox", "--yes", "--quiet", "campaigns/spring.yaml"]) == 0
    job_id = json.loads((project / ".broadcastctl" / "state.json").read_text())["entries"][0][
        "job_id"
    ]
    assert main(["sandbox", "--advance", "500d"]) == 0
    capsys.readouterr()

    assert main(["status", "--sandbox", "campaigns/spring.yaml"]) == 0
    text = capsys.readouterr().out
    assert main(["status", "--sandbox", "--format", "json", "campaigns/spring.yaml"]) == 0
    (task,) = json.loads(capsys.readouterr().out)["tasks"]

    assert (task["status_name"], task["job_id"]) == ("not in the list window", job_id)
    assert "not deployed" not in text
    assert "1 older than the list window (--since-days)" in text
