"""Lint of a campaign with 100,000 unknown keys: the bounded key suggestion beside suggesting for
every key, in one process on the same file (each way checked once to warm up, then 3 times).

    .venv/bin/python benchmarks/bench_unknown_keys.py
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import random
import shutil
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from common import OUT, table

from broadcastctl.checks.pipeline import check_files
from broadcastctl.lint import schema_check

KEYS = 100_000
VALID = 'appId: app-1\ntaskName: t1\nsource: 3\ntext: Hi\nlan: EN\nnumberList: ["12025550101"]\n'


def generate() -> Path:
    rng = random.Random(2026)
    folder = OUT / "unknown-keys"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    junk = "".join(f"k{index:06}x{rng.randrange(10**6)}: 1\n" for index in range(KEYS))
    path = folder / "unknown.yaml"
    path.write_text(VALID + "loopCount: 1\nmaxCalls: 60\n" + junk)
    return path


@contextmanager
def fuzzy_limit(limit: int) -> Iterator[None]:
    saved = schema_check.MAX_FUZZY_SUGGESTIONS
    schema_check.MAX_FUZZY_SUGGESTIONS = limit
    try:
        yield
    finally:
        schema_check.MAX_FUZZY_SUGGESTIONS = saved


def seconds(path: Path, repeat: int = 3) -> tuple[float, float, int]:
    """Median wall and CPU time (CPU time holds when other work shares the cores)."""
    walls, cpus, found = [], [], 0
    for attempt in range(repeat + 1):
        wall, cpu = time.perf_counter(), time.process_time()
        found = len(check_files([path], dt.datetime.now(dt.UTC), dt.UTC).diagnostics)
        if attempt:
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), found


def main() -> None:
    path = generate()
    ways = {
        f"close match for the first {schema_check.MAX_FUZZY_SUGGESTIONS} keys (shipped)": (
            schema_check.MAX_FUZZY_SUGGESTIONS
        ),
        "close match for every key": KEYS + 1,
    }
    rows, counts = [], set()
    for way, limit in ways.items():
        with fuzzy_limit(limit):
            wall, cpu, found = seconds(path)
        rows.append([way, f"{wall:.2f} s", f"{cpu:.2f} s", f"{found:,}"])
        counts.add(found)
    # the same diagnostics either way, one for every unknown key: only the suggestions differ
    assert counts == {KEYS}, f"diagnostics: {counts}, expected {KEYS:,} either way"
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores")
    header = ["unknown-key suggestion", "median wall time", "median CPU time", "diagnostics"]
    print(table(header, rows))


if __name__ == "__main__":
    main()
