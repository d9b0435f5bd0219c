"""Work in two processes: the same results, in order, whatever the child does."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from broadcastctl.checks.halves import can_fork, in_two

pytestmark = pytest.mark.skipif(
    sys.platform != "linux" or len(os.sched_getaffinity(0)) < 2,
    reason="a fork is made only on Linux with two cores",
)


@pytest.fixture(autouse=True)
def idle(monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine with its cores free, whatever else runs beside the tests."""
    monkeypatch.setattr(os, "getloadavg", lambda: (0.2, 0.2, 0.2))


def doubled_by(log: Path) -> Callable[[Sequence[int]], list[int]]:
    def work(part: Sequence[int]) -> list[int]:
        with log.open("a") as out:
            out.write(f"{os.getpid()} {len(part)}\n")
        return [2 * item for item in part]

    return work


def workers(log: Path) -> dict[int, int]:
    return {
        int(pid): int(count)
        for pid, count in (line.split() for line in log.read_text().splitlines())
    }


def test_the_second_half_is_done_in_another_process(tmp_path: Path) -> None:
    assert can_fork()
    log = tmp_path / "log"
    assert in_two(list(range(101)), doubled_by(log)) == [2 * i for i in range(101)]
    done = workers(log)
    assert done.pop(os.getpid()) == 51
    assert list(done.values()) == [50]


def test_a_child_that_fails_leaves_its_half_to_the_parent(tmp_path: Path) -> None:
    parent = os.getpid()

    def work(part: Sequence[int]) -> list[int]:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return [2 * item for item in part]

    assert in_two(list(range(10)), work) == [2 * i for i in range(10)]


def test_an_error_is_the_one_a_single_process_raises() -> None:
    def work(part: Sequence[int]) -> list[int]:
        if 7 in part:
            raise ValueError("seven")
        return list(part)

    with pytest.raises(ValueError, match="seven"):
        in_two(list(range(10)), work)


def test_the_child_flushes_nothing_of_the_parents(tmp_path: Path) -> None:
    """It leaves with os._exit: buffered output of the parent is written once, by the parent."""
    path = tmp_path / "out"
    with path.open("w") as out:
        out.write("written once\n")  # still in the buffer at the fork
        assert in_two(list(range(4)), list) == [0, 1, 2, 3]
    assert path.read_text() == "written once\n"


def test_no_fork_while_another_thread_runs(tmp_path: Path) -> None:
    log = tmp_path / "log"
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert in_two(list(range(6)), doubled_by(log)) == [0, 2, 4, 6, 8, 10]
    finally:
        stop.set()
        thread.join()
    assert workers(log) == {os.getpid(): 6}


def test_no_fork_when_the_cores_are_busy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cores = len(os.sched_getaffinity(0))
    monkeypatch.setattr(os, "getloadavg", lambda: (cores - 0.4, 0.0, 0.0))
    log = tmp_path / "log"
    assert in_two(list(range(6)), doubled_by(log)) == [0, 2, 4, 6, 8, 10]
    assert workers(log) == {os.getpid(): 6}
