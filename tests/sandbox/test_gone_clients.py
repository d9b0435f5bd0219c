"""A client gone mid-request (Ctrl-C on `status --watch --sandbox`, a timeout) is no error of the
sandbox's: nothing is printed under the command's last line. Anything else is still told."""

from __future__ import annotations

import pytest

from broadcastctl.sandbox.handler import HttpServer


def _failing_with(error: Exception) -> None:
    server = object.__new__(HttpServer)  # handle_error reads nothing the constructor sets
    try:
        raise error
    except Exception:
        server.handle_error(None, ("127.0.0.1", 1))


@pytest.mark.parametrize("gone", [BrokenPipeError(32, "Broken pipe"), ConnectionResetError()])
def test_a_client_gone_mid_request_is_not_a_traceback(
    capsys: pytest.CaptureFixture[str], gone: Exception
) -> None:
    _failing_with(gone)
    assert capsys.readouterr().err == ""


def test_any_other_failure_is_still_told(capsys: pytest.CaptureFixture[str]) -> None:
    _failing_with(RuntimeError("a bug"))
    assert "RuntimeError: a bug" in capsys.readouterr().err
