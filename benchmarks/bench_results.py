"""How long `results` takes to read a task's call records, pages one at a time beside pages read
a few at a time, from a sandbox that answers each request after a delay (a vendor far away).

Run from a checkout with the package installed:  .venv/bin/python benchmarks/bench_results.py
Goal: with as many pages in flight as the command line's --workers default (10), at least 4
times as fast as one at a time when each answer takes 50 ms; the same records either way.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import tempfile
import time
from pathlib import Path

from broadcastctl.api import ApiConfig, Client
from broadcastctl.commands.defaults import DEFAULT_WORKERS
from broadcastctl.sandbox import Faults, SandboxServer

GOAL = 4.0
HOUR = datetime.timedelta(hours=1)


def body(numbers: list[str]) -> dict[str, object]:
    return {"appId": "bench", "taskName": "bench results", "numberList": numbers, "source": 3,
            "text": "Benchmark", "lan": "EN", "loopCount": 1, "maxCalls": 60}  # fmt: skip


def timed(client: Client, workers: int, repeat: int) -> tuple[float, int]:
    """Median seconds to read every record of the last hour, and how many there were."""
    now = client.now()
    times, count = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        count = len(client.call_records(now - HOUR, now + HOUR, workers=workers))
        times.append(time.perf_counter() - started)
    return statistics.median(times), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--numbers", type=int, default=5_000, help="calls of the task")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per answer")
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as folder,
        SandboxServer(
            Path(folder) / "bench.sqlite3", api_key="bench-key", api_secret="bench-secret"
        ) as sandbox,
    ):
        sandbox.clock.freeze()
        config = ApiConfig(url=sandbox.url, api_key="bench-key", api_secret="bench-secret")
        with Client(config, clock=sandbox.clock.now) as client:
            numbers = [f"1202{index:07d}" for index in range(options.numbers)]
            client.create_task(body(numbers))
            sandbox.clock.advance(10 + options.numbers / 10)  # every call placed (10 a second)
            sandbox.set_faults(Faults(latency=options.latency))
            pages = -(-options.numbers // 100)
            print(f"{options.numbers:,} records in {pages} pages, {options.latency * 1000:.0f} ms"
                  f" an answer, median of {options.repeat}:")  # fmt: skip
            one, count_one = timed(client, 1, options.repeat)
            many, count_many = timed(client, DEFAULT_WORKERS, options.repeat)
    assert count_one == count_many == options.numbers, (count_one, count_many)
    print(f"| pages one at a time | {one:.2f} s |")
    print(f"| {DEFAULT_WORKERS} pages in flight (results' default) | {many:.2f} s |")
    speedup = one / many
    verdict = "met" if speedup >= GOAL else "MISSED"
    print(f"speed-up {speedup:.1f}x (goal: at least {GOAL:.0f}x): {verdict}")


if __name__ == "__main__":
    main()
