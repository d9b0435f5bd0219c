"""Shared by the benchmark scripts: timing whole commands and their peak memory, side by side."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"


@dataclass(frozen=True)
class Measured:
    seconds: float  # median wall time
    peak_mb: float  # largest resident set of the process
    exit_code: int
    cpu_seconds: float = 0.0  # median user + system time


def measure(
    command: Sequence[str],
    repeat: int = 5,
    cwd: Path = ROOT,
    env: Mapping[str, str] | None = None,
) -> Measured:
    """Median wall time and peak memory of a command run `repeat` times (after one warm-up)."""
    return measure_in_turn({"": command}, repeat, cwd, env)[""]


def measure_in_turn(
    commands: Mapping[str, Sequence[str]],
    repeat: int = 5,
    cwd: Path = ROOT,
    env: Mapping[str, str] | None = None,
) -> dict[str, Measured]:
    """Each command measured as `measure` does, the commands taking turns run by run: on a
    shared machine whose load moves, each then meets the same load, and their ratio holds
    better than when one runs all its times before the other."""
    runs: dict[str, list[tuple[float, float, float, int]]] = {name: [] for name in commands}
    for attempt in range(repeat + 1):
        for name, command in commands.items():
            started = time.perf_counter()
            process = subprocess.Popen(
                command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            _, status, usage = os.wait4(process.pid, 0)
            elapsed = time.perf_counter() - started
            code = os.waitstatus_to_exitcode(status)
            if attempt:  # the first run only warms the file cache
                cpu = usage.ru_utime + usage.ru_stime
                runs[name].append((elapsed, cpu, usage.ru_maxrss / 1024, code))
    return {
        name: Measured(
            statistics.median(run[0] for run in done),
            max(run[2] for run in done),
            done[-1][3],
            statistics.median(run[1] for run in done),
        )
        for name, done in runs.items()
    }


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
