"""Plan and deploy speed against the sandbox holding 5,000 tasks, side by side with a plain
sequential loop making the same API calls, the number of calls each makes, and the floor: the
least time those calls take at the latency added, made as many at a time as the workers allow.
The plan is timed three times at each latency (its median is shown), the rest once.

The sandbox runs in its own process (as the vendor would), on loopback.

    .venv/bin/pip install -e . && .venv/bin/python benchmarks/bench_deploy.py [--help]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from common import ROOT, table

from broadcastctl.api import ApiConfig, Client
from broadcastctl.api.client import DETAIL, QUERY
from broadcastctl.commands.options import DEFAULT_WORKERS
from broadcastctl.deploy.deployer import Deployer, RateLimiter
from broadcastctl.plan.bodies import DesiredTask
from broadcastctl.plan.model import Kind
from broadcastctl.plan.planner import Comparisons, make_plan
from broadcastctl.plan.remote import read_remote, remote_task
from broadcastctl.plan.window import Window
from broadcastctl.state.snapshot import RemoteTask

EXISTING = 5000
CAMPAIGNS = 1000
# Milliseconds the sandbox waits before each answer: plain loopback, something like a network
# near by, and one farther off (a vendor on another continent is over 100 ms away). The floor
# counts latency alone; each call's processor time at both ends (about 2 ms here, on the two
# cores the client and the sandbox share) weighs on it the more, the nearer the network.
LATENCIES_MS = (0.0, 20.0, 50.0)
# The goal at each latency: the plan this much faster than the loop, and this near its floor.
PLAN_SPEEDUP, PLAN_NEAR_FLOOR = 8.0, 1.2
# Plans timed at each latency, the median kept: one run alone moves with the shared machine's
# load by a tenth of its time. (The loop, 20 s and more, is timed once.)
PLAN_RUNS = 3
Measured = tuple[float, int, dict[str, int]]  # wall seconds, calls made, calls by endpoint
Cpu = Callable[[], float]  # a process's processor time so far, in seconds


def body(name: str) -> dict[str, Any]:
    return {
        "appId": "bench-app", "taskName": name, "source": 3, "text": "Your order has shipped.",
        "lan": "EN", "sendTime": "2030-01-01 06:00:00", "loopCount": 1, "maxCalls": 60,
        # 06:00-08:00 at UTC+8 is 17:00-19:00 in Washington: inside the default calling hours
        "allowSendTime": [{"strTime": "06:00", "endTime": "08:00"}],
        "numberList": [str(12025550100 + i) for i in range(20)],
    }  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_sandbox(folder: Path, key: str, secret: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    command = [
        sys.executable, "-m", "broadcastctl", "sandbox", "--port", str(port),
        "--db", str(folder / "bench.sqlite3"), "--api-key", key, "--api-secret", secret, "--quiet",
    ]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(500):
        try:
            urllib.request.urlopen(f"{url}/_sandbox/health", timeout=1).close()
            return server, url
        except OSError:
            time.sleep(0.02)
    raise RuntimeError("the sandbox did not start")


def sandbox_cpu(server: subprocess.Popen[bytes]) -> Cpu:
    """The sandbox process's processor time (user + system), from /proc; 0 where there is none."""
    stat = Path(f"/proc/{server.pid}/stat")
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def seconds() -> float:
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return 0.0
        return (int(fields[11]) + int(fields[12])) / ticks

    return seconds


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def calls_of(client: Client, work: Callable[[], object]) -> Measured:
    before = dict(client.calls)
    seconds = timed(work)
    after = dict(client.calls)
    made = {path: after[path] - before.get(path, 0) for path in after}
    return seconds, sum(made.values()), {k: v for k, v in made.items() if v}


def sequential_plan(client: Client, desired: Sequence[DesiredTask], window: Window) -> None:
    """The same calls one after the other: every list page, then each matched task's detail."""
    names = {task.task_name for task in desired}
    summaries = client.list_tasks(created_from=window.start, created_to=window.end)
    remote: list[RemoteTask] = [
        remote_task(s, client.get_task(s.job_id) if s.task_name in names else None)
        for s in summaries
    ]
    make_plan(desired, remote)


def sequential_deploy(client: Client, desired: Sequence[DesiredTask]) -> None:
    for task in desired:
        client.create_task(task.body)


def set_latency(url: str, seconds: float) -> None:
    request = urllib.request.Request(
        f"{url}/_sandbox/faults",
        data=json.dumps({"latency": seconds}).encode(),
        method="PUT",
        headers={"Content-Type": "application/json"},
    )
    urllib.request.urlopen(request, timeout=5).close()


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--workers",
        type=int,
        default=DEFAULT_WORKERS,
        metavar="N",
        help="requests in flight for plan and deploy, and in the floor (default: "
        f"{DEFAULT_WORKERS}, the command line's --workers default)",
    )
    parser.add_argument(
        "--latency",
        type=float,
        action="append",
        metavar="MS",
        help="milliseconds added to each answer; repeat for several (default: 0, 20 and 50)",
    )
    return parser.parse_args()


def main() -> None:
    options = arguments()
    workers, latencies = options.workers, options.latency or LATENCIES_MS
    key, secret = secrets.token_hex(8), secrets.token_hex(16)
    print(f"Python {platform.python_version()}, {os.cpu_count()} cores; sandbox in its own process")
    with tempfile.TemporaryDirectory() as folder:
        server, url = start_sandbox(Path(folder), key, secret)
        cpu = sandbox_cpu(server)
        try:
            client = Client(ApiConfig(url=url, api_key=key, api_secret=secret))
            seeding = timed(
                lambda: [client.create_task(body(f"existing {i:05}")) for i in range(EXISTING)]
            )
            print(f"seeded {EXISTING:,} tasks in {seeding:.1f} s; {workers} workers; no rate limit")
            for milliseconds in latencies:
                set_latency(url, milliseconds / 1000)
                print(f"\n**{milliseconds:.0f} ms added to each answer**  ({load()})\n")
                run(client, f"{milliseconds:.0f}ms", milliseconds / 1000, workers, cpu)
        finally:
            server.terminate()
            server.wait()


def load() -> str:
    """The machine's load average: it is shared, and the figures move with it."""
    if not hasattr(os, "getloadavg"):
        return "load average unknown"
    return "load average " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


def run(client: Client, tag: str, latency: float, workers: int, sandbox: Cpu) -> None:
    window = Window.last_days(30, client.now())
    planned = [DesiredTask(f"c{i}", body(f"existing {i:05}")) for i in range(CAMPAIGNS)]

    def our_plan() -> None:  # as `broadcastctl plan` does (workflow.planning.read_and_plan)
        names = {task.task_name for task in planned}
        early = Comparisons(planned)
        remote = read_remote(client, names, window, workers, on_read=early.read)
        plan = make_plan(planned, remote, early=early)
        assert len(plan.of_kind(Kind.NOOP)) == CAMPAIGNS

    remote_count = len(client.list_tasks(created_from=window.start, created_to=window.end))
    runs, used = [], []
    for _ in range(PLAN_RUNS):
        before = (time.process_time(), sandbox())
        runs.append(calls_of(client, our_plan))
        used.append((time.process_time() - before[0], sandbox() - before[1]))
    middle = sorted(range(PLAN_RUNS), key=lambda index: runs[index])[PLAN_RUNS // 2]
    ours = runs[middle]
    print("plan, each run: " + ", ".join(f"{run[0]:.2f} s" for run in runs))
    pages = math.ceil(remote_count / 100)
    assert ours[1] <= pages + CAMPAIGNS, (
        "more than one list page per 100 tasks plus one detail each"
    )
    loop = calls_of(client, lambda: sequential_plan(client, planned, window))

    new_ours = [DesiredTask(f"n{i}", body(f"new ours {tag} {i:05}")) for i in range(CAMPAIGNS)]
    new_loop = [DesiredTask(f"m{i}", body(f"new loop {tag} {i:05}")) for i in range(CAMPAIGNS)]
    plan = make_plan(new_ours, [])
    deployer = Deployer(client, window, RateLimiter(0))
    by_name = {task.task_name: task for task in new_ours}
    deployed = calls_of(client, lambda: deployer.apply(plan, by_name, workers, lambda o: None))
    looped = calls_of(client, lambda: sequential_deploy(client, new_loop))
    rounds = plan_rounds(ours[2], workers)
    floors = (
        latency * rounds,
        latency * loop[1],
        latency * math.ceil(deployed[1] / workers),
        latency * looped[1],
    )
    rows = [
        _row("plan 1,000 campaigns", "broadcastctl", ours, loop, floors[0]),
        _row("plan 1,000 campaigns", "sequential loop", loop, loop, floors[1]),
        _row("deploy 1,000 new campaigns", "broadcastctl", deployed, looped, floors[2]),
        _row("deploy 1,000 new campaigns", "sequential loop", looped, looped, floors[3]),
    ]
    heads = [
        "case",
        "how",
        "wall time",
        "speed-up",
        "floor",
        "of floor",
        "API calls",
        "by endpoint",
    ]
    print(table(heads, rows))
    budget = f"{pages} list pages + {CAMPAIGNS:,} details"
    print(f"\n{remote_count:,} remote tasks: planning may use {budget}")
    print(
        f"floor: {latency * 1000:.0f} ms a call, {workers} at a time (--workers); a plan reads "
        "the first list page alone (it gives the total), then the other pages and the details "
        f"together: {rounds:,} round trips, where the loop makes {loop[1]:,}, so that even at "
        f"its floor a plan is at most {loop[1] / rounds:.2f}x the loop at equal cost per call"
    )
    mine, theirs = used[middle]
    print(
        f"processor time of the plan shown: client {mine:.2f} s, sandbox {theirs:.2f} s, "
        f"{(mine + theirs) / max(1, ours[1]) * 1000:.2f} ms a call in all, on the "
        f"{os.cpu_count()} cores both share; the floor counts none of it"
    )
    if latency:
        speed, near = loop[0] / ours[0], ours[0] / floors[0]
        met = "met" if speed >= PLAN_SPEEDUP and near <= PLAN_NEAR_FLOOR else "NOT met"
        print(
            f"goal (plan >= {PLAN_SPEEDUP:.0f}x the loop and within {PLAN_NEAR_FLOOR}x of its "
            f"floor): {met}, {speed:.1f}x and {near:.2f}x"
        )


def plan_rounds(made: dict[str, int], workers: int) -> int:
    """Round trips a plan cannot do without: the first list page, then the other pages and the
    details, `workers` at a time."""
    pages, details = made.get(QUERY, 0), made.get(DETAIL, 0)
    return 1 + math.ceil((pages - 1 + details) / workers)


def _row(case: str, how: str, measured: Measured, baseline: Measured, floor: float) -> list[str]:
    seconds, calls, made = measured
    speed = f"{baseline[0] / seconds:.1f}x"
    near = f"{seconds / floor:.2f}x" if floor else "-"
    shown = f"{floor:.2f} s" if floor else "-"
    return [case, how, f"{seconds:.2f} s", speed, shown, near, f"{calls:,}", _calls(made)]


def _calls(made: dict[str, int]) -> str:
    return ", ".join(f"{path.rsplit('/', 1)[-1]} {count:,}" for path, count in sorted(made.items()))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
