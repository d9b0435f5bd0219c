"""How fast the sandbox answers through the real client, on loopback.

Run from a checkout with the package installed:  .venv/bin/python benchmarks/bench_sandbox.py
Goals: at least 300 small requests a second (list and detail), and under 3 s to create one
task of 200,000 numbers end to end (client JSON + HTTP + the sandbox's checks + SQLite commit).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from broadcastctl.api import ApiConfig, Client
from broadcastctl.sandbox import SandboxServer

SMALL_GOAL = 300.0  # requests a second
LARGE_GOAL = 3.0  # seconds for 200,000 numbers
DAY = datetime.timedelta(days=1)


def task(name: str, numbers: list[str]) -> dict[str, object]:
    return {
        "appId": "bench-app",
        "taskName": name,
        "numberList": numbers,
        "source": 3,
        "text": "Benchmark call",
        "lan": "EN",
        "loopCount": 1,
        "maxCalls": 60,
    }


def rate(client: Client, count: int, call: Callable[[int], object]) -> float:
    """Requests a second, counting every request the calls sent."""
    before = sum(client.calls.values())
    started = time.perf_counter()
    for index in range(count):
        call(index)
    elapsed = time.perf_counter() - started
    return (sum(client.calls.values()) - before) / elapsed


def threaded_rate(client: Client, count: int, threads: int, call: Callable[[int], object]) -> float:
    before = sum(client.calls.values())
    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(call, range(count)))
    elapsed = time.perf_counter() - started
    return (sum(client.calls.values()) - before) / elapsed


def small_requests(client: Client, count: int) -> None:
    ids = [client.create_task(task(f"small-{index:03d}", ["84901234567"])) for index in range(150)]
    now = client.now()
    start, end = now - DAY, now + DAY

    def detail(index: int) -> object:
        return client.get_task(ids[index % len(ids)])

    def search(index: int) -> object:
        return client.list_tasks(
            created_from=start, created_to=end, search=f"small-{index % 150:03d}"
        )

    def full_list(index: int) -> object:
        return client.list_tasks(created_from=start, created_to=end)  # two pages: 100 + 50 records

    results = {
        "detail": rate(client, count, detail),
        "list, one matching task": rate(client, count, search),
        "list, pages of 100 records": rate(client, count // 4, full_list),
        "detail, 4 threads": threaded_rate(client, count, 4, detail),
    }
    for name, value in results.items():
        verdict = "ok" if value >= SMALL_GOAL else "BELOW GOAL"
        print(f"  {name:<28} {value:8.0f} requests/s   ({verdict}, goal {SMALL_GOAL:.0f})")


def large_create(client: Client, rounds: int) -> None:
    numbers = [f"849{index:08d}" for index in range(200_000)]
    timings = []
    for round_number in range(rounds):
        started = time.perf_counter()
        job_id = client.create_task(task(f"large-{round_number}", numbers))
        timings.append(time.perf_counter() - started)
        assert client.get_task(job_id).number_count == len(numbers)
    worst = max(timings)
    verdict = "ok" if worst < LARGE_GOAL else "ABOVE GOAL"
    shown = ", ".join(f"{seconds:.2f}" for seconds in timings)
    print(f"  create with 200,000 numbers  {statistics.median(timings):.2f} s median")
    print(f"    rounds: {shown} s   ({verdict}, goal < {LARGE_GOAL:.0f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="small requests per measure")
    parser.add_argument("--rounds", type=int, default=3, help="large creates to time")
    options = parser.parse_args()
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.sqlite3"
        with SandboxServer(db, api_key="bench-key", api_secret="bench-secret") as server:
            config = ApiConfig(url=server.url, api_key="bench-key", api_secret="bench-secret")
            with Client(config, clock=server.clock.now) as client:
                print("Small requests through the client:")
                small_requests(client, options.requests)
                print("One large task through the client:")
                large_create(client, options.rounds)
        print(f"  sandbox file after the run: {db.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
