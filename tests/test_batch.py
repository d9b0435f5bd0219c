"""The garbage collector waits during batch work, and is as it was after it."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from broadcastctl.batch import collector_paused
from broadcastctl.checks import pipeline
from broadcastctl.lint.registry import Context


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()
    else:
        gc.disable()


def test_the_collector_waits_within_the_block_and_runs_again_after() -> None:
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off() -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_an_error_in_the_block_still_restarts_the_collector() -> None:
    gc.enable()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError
    assert gc.isenabled()


def test_a_lint_pass_runs_without_the_collector(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    checked = pipeline._check_one

    def spy(path: Path, context: Context, rules: pipeline._ByKind) -> pipeline._OneFile:
        seen.append(gc.isenabled())
        return checked(path, context, rules)

    monkeypatch.setattr(pipeline, "_check_one", spy)
    (tmp_path / "a.yaml").write_text("appId: a\n")
    gc.enable()
    pipeline.check_files([tmp_path / "a.yaml"], dt.datetime.now(dt.UTC), dt.UTC)
    assert seen == [False]
    assert gc.isenabled()
