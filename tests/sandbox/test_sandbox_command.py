"""`broadcastctl sandbox`: credentials, options, refusals, and a real run stopped by a signal."""

import logging
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from broadcastctl.api import ApiConfig, Client
from broadcastctl.cli import build_parser, main
from broadcastctl.commands.sandbox import credentials
from broadcastctl.errors import EXIT_USAGE, UsageError
from broadcastctl.sandbox import SandboxServer


def test_credentials_come_from_the_options_first() -> None:
    environ = {"BROADCASTCTL_API_KEY": "env-key", "BROADCASTCTL_API_SECRET": "env-secret"}

    assert credentials("opt-key", "opt-secret", environ) == ("opt-key", "opt-secret", "options")
    assert credentials(None, None, environ) == ("env-key", "env-secret", "environment")


def test_credentials_are_generated_when_none_are_given() -> None:
    key, secret, source = credentials(None, None, {})
    other_key, other_secret, _ = credentials(None, None, {})

    assert source == "generated"
    assert (len(key), len(secret)) >= (8, 32)
    assert (key, secret) != (other_key, other_secret)


def test_a_key_without_a_secret_is_refused() -> None:
    with pytest.raises(UsageError, match="both"):
        credentials("only-key", None, {})


def test_fault_options_reach_the_command_only_when_given() -> None:
    options = vars(
        build_parser().parse_args(["sandbox", "--fail-next", "2", "--error-rate", "0.5"])
    )

    assert (options["fail_next"], options["error_rate"]) == (2, 0.5)
    assert "latency" not in options
    assert (options["port"], options["db"]) == (8765, ".broadcastctl/sandbox.sqlite3")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--host", "0.0.0.0"], "--allow-remote"),
        (["--calls-per-second", "0"], "calls per second"),
        (["--timezone", "noon"], "--timezone must be an offset"),
        (["--throttle-rate", "2"], "--throttle-rate: '2' is not a share from 0 to 1"),
        (["--fail-next", "two"], "--fail-next: 'two' is not a whole number, 0 or more"),
        (["--port", "65536"], "--port: '65536' is not a port number from 0 to 65535"),
        (["--api-key", "only-the-key"], "--api-secret"),
    ],
)
def test_bad_options_are_refused_saying_why(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arguments: list[str], message: str
) -> None:
    code: object
    try:
        code = main(["sandbox", *arguments, "--db", str(tmp_path / "x.sqlite3")])
    except SystemExit as refused:  # argparse refuses what its option types reject
        code = refused.code

    assert code == EXIT_USAGE
    assert message in capsys.readouterr().err


def test_a_port_in_use_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sandbox: SandboxServer
) -> None:
    terminate = signal.getsignal(signal.SIGTERM)
    code = main(["sandbox", "--port", str(sandbox.port), "--db", str(tmp_path / "x.sqlite3")])

    assert code == 1
    assert f"cannot listen on 127.0.0.1:{sandbox.port}" in capsys.readouterr().err
    # nothing of the failed run stays behind in this process: its request log would write
    # to a stream that is closed by now, and its signal handler would catch the next SIGTERM
    assert not logging.getLogger("broadcastctl.sandbox").handlers
    assert signal.getsignal(signal.SIGTERM) is terminate


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_a_real_run_prints_the_exports_serves_and_stops_on_a_signal(
    tmp_path: Path, task_body: Callable[..., dict[str, Any]], stop: signal.Signals
) -> None:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("BROADCASTCTL_")}
    db = tmp_path / "cli" / "sandbox.sqlite3"
    command = [sys.executable, "-m", "broadcastctl", "sandbox", "--port", "0", "--db", str(db)]
    with subprocess.Popen(
        [*command, "--quiet"], env=environ, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    ) as process:  # fmt: skip
        exports = _exports(process)
        config = ApiConfig(
            url=exports["BROADCASTCTL_API_URL"],
            api_key=exports["BROADCASTCTL_API_KEY"],
            api_secret=exports["BROADCASTCTL_API_SECRET"],
        )
        with Client(config, backoff=0) as api:
            job_id = api.create_task(task_body())
            assert api.get_task(job_id).task_name == "spring-sale"
        process.send_signal(stop)
        _, errors = process.communicate(timeout=20)

    assert process.returncode == 0
    assert "stopped" in errors
    assert db.exists()


def _exports(process: subprocess.Popen[str]) -> dict[str, str]:
    assert process.stdout is not None
    assert process.stderr is not None
    for line in process.stdout:
        if line.startswith("export "):
            return dict(word.split("=", 1) for word in line.split()[1:])
    raise AssertionError(f"no export line; stderr: {process.stderr.read()}")


def test_the_resend_options_offer_the_sandbox_s_own_modes() -> None:
    from broadcastctl.sandbox.faults import RESEND_ANSWERS, RESEND_TAKES  # noqa: PLC0415

    parser = build_parser()
    for answer in RESEND_ANSWERS:
        assert (
            vars(parser.parse_args(["sandbox", "--resend-answer", answer]))["resend_answer"]
            == answer
        )
    for takes in RESEND_TAKES:
        given = ["--resend-unfinished", takes, "--resend-cancelled", takes]
        options = vars(parser.parse_args(["sandbox", *given, "--resend-update", takes]))
        chosen = ("resend_unfinished", "resend_cancelled", "resend_update")
        assert [options[name] for name in chosen] == [takes] * 3
    with pytest.raises(SystemExit):
        parser.parse_args(["sandbox", "--resend-answer", "maybe"])
    assert "resend_answer" not in vars(parser.parse_args(["sandbox"]))
