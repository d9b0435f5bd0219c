"""The sandbox clock: moved, set, frozen and reset by tests, and kept in the database."""

import datetime
from pathlib import Path

from broadcastctl.sandbox import SandboxClock, SandboxServer

UTC8 = datetime.timezone(datetime.timedelta(hours=8))


class Wall:
    """A wall clock the test turns by hand."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_advance_moves_a_running_clock_which_keeps_running() -> None:
    wall = Wall()
    clock = SandboxClock(UTC8, wall=wall)

    clock.advance(60)
    wall.now += 5

    assert clock.now() == 1_000_065.0
    assert clock.offset == 60


def test_a_frozen_clock_stands_still_until_moved() -> None:
    wall = Wall()
    clock = SandboxClock(UTC8, wall=wall)

    clock.freeze()
    wall.now += 100
    assert clock.now() == 1_000_000.0
    clock.advance(10)
    assert clock.now() == 1_000_010.0
    clock.freeze(False)
    wall.now += 1
    assert clock.now() == 1_000_011.0


def test_set_reads_a_naive_moment_in_the_sandboxs_zone() -> None:
    clock = SandboxClock(UTC8, wall=Wall())

    clock.set(datetime.datetime(2030, 1, 1, 8, 0, 0))

    assert clock.now() == datetime.datetime(2030, 1, 1, 0, 0, tzinfo=datetime.UTC).timestamp()


def test_reset_goes_back_to_the_wall_clock() -> None:
    clock = SandboxClock(UTC8, wall=Wall())
    clock.freeze()
    clock.advance(999)

    clock.reset()

    assert (clock.now(), clock.frozen) == (1_000_000.0, False)


def test_a_frozen_moment_is_kept_across_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "clock.sqlite3"
    moment = datetime.datetime(2031, 5, 6, 7, 8, 9, tzinfo=datetime.UTC)
    with SandboxServer(db, api_key="k", api_secret="s") as server:
        server.clock.freeze()
        server.clock.set(moment)

    with SandboxServer(db, api_key="k", api_secret="s") as server:
        assert server.clock.frozen
        assert server.clock.now() == moment.timestamp()
