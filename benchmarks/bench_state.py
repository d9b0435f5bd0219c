"""plan --offline (against the state's snapshot) beside the live plan (against the sandbox at
20 ms a call), for 1,000 campaigns and a state of 5,000 tasks, in one run.

The sandbox runs in its own process, seeded with 5,000 tasks; the state names all of them,
with a snapshot read in detail as refresh would. Both plans start from the same linted
campaigns; the whole `plan --offline` command (lint of the 1,000 files included) is timed too,
as installed (with its compiled bytecode), and once more with lint kept in one process. CPU
time (this process and the commands it ran) is shown beside wall time: on a busy machine it
moves less.

    .venv/bin/pip install -e . && .venv/bin/python benchmarks/bench_state.py
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_deploy import body, set_latency, start_sandbox
from common import table

from broadcastctl.api import ApiConfig, Client
from broadcastctl.checks.reporters import Report
from broadcastctl.plan.bodies import DesiredTask
from broadcastctl.plan.model import Kind
from broadcastctl.plan.planner import make_plan
from broadcastctl.plan.remote import read_remote
from broadcastctl.plan.window import Window
from broadcastctl.state.entry import Entry, numbers_digest, recorded_body
from broadcastctl.state.snapshot import Snapshot
from broadcastctl.state.store import State, StateFile
from broadcastctl.workflow.desired import Desired
from broadcastctl.workflow.planning import plan_offline

TASKS = 5000
CAMPAIGNS = 1000
WORKERS = 8
LATENCY = 0.02
REPEAT = 5


def campaign_yaml(name: str) -> str:
    task = body(name)
    numbers = "".join(f'\n  - "{number}"' for number in task["numberList"])
    [window] = task["allowSendTime"]
    return (
        f"appId: {task['appId']}\ntaskName: {name}\nsource: 3\ntext: {task['text']}\nlan: EN\n"
        f"sendTime: {task['sendTime']}\nallowSendTime:\n"
        f'  - strTime: "{window["strTime"]}"\n    endTime: "{window["endTime"]}"\n'
        f"numberList:{numbers}\nloopCount: 1\nmaxCalls: 60\n"
    )


def median_of(work: Callable[[], object], repeat: int = REPEAT) -> tuple[float, float]:
    """Median wall time and median CPU time (this process and its children) of `work`."""
    walls, cpus = [], []
    for _ in range(repeat):
        started, used = time.perf_counter(), cpu_time()
        work()
        walls.append(time.perf_counter() - started)
        cpus.append(cpu_time() - used)
    return statistics.median(walls), statistics.median(cpus)


def cpu_time() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def seed(client: Client, folder: Path) -> tuple[Path, list[DesiredTask]]:
    """5,000 tasks at the vendor, 1,000 campaign files for the first of them, and a state."""
    names = [f"existing {i:05}" for i in range(TASKS)]
    for name in names:
        client.create_task(body(name))
    (folder / "campaigns").mkdir()
    desired = []
    for name in names[:CAMPAIGNS]:
        path = folder / "campaigns" / f"{name}.yaml"
        path.write_text(campaign_yaml(name))
        desired.append(DesiredTask(f"campaigns/{name}.yaml", body(name)))
    window = Window.last_days(30, client.now())
    remote = read_remote(client, set(names), window, WORKERS)
    ids = {task.task_name: task.job_id for task in remote}
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    entries = {name: entry(name, ids[name], now) for name in names}
    path = folder / ".broadcastctl" / "state.json"
    StateFile(path).write(State(entries, Snapshot("the bench sandbox", now, None, tuple(remote))))
    return path, desired


def entry(name: str, job_id: int, now: str) -> Entry:
    """What deploy would have recorded for the benchmark's task `name`."""
    sent = body(name)
    return Entry(
        name, job_id, f"campaigns/{name}.yaml", 20, numbers_digest(sent["numberList"]),
        recorded_body(sent), now, None, "bench",
    )  # fmt: skip


def main() -> None:
    key, secret = secrets.token_hex(8), secrets.token_hex(16)
    print(f"Python {platform.python_version()}, {os.cpu_count()} cores; sandbox in its own process")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        server, url = start_sandbox(folder, key, secret)
        try:
            client = Client(ApiConfig(url=url, api_key=key, api_secret=secret))
            state_path, desired = seed(client, folder)
            size = state_path.stat().st_size / 1e6
            print(f"{TASKS:,} tasks, {CAMPAIGNS:,} campaigns, state {size:.1f} MB")
            set_latency(url, LATENCY)
            run(client, folder, state_path, desired)
        finally:
            server.terminate()
            server.wait()


def run(client: Client, folder: Path, state_path: Path, desired: list[DesiredTask]) -> None:
    linted = Desired(desired, Report(0, []))
    now = dt.datetime.now(dt.UTC)

    def offline() -> None:
        state = StateFile(state_path).read()
        plan = plan_offline(linted, state, state_path, now, dt.timedelta(days=1))
        assert len(plan.of_kind(Kind.NOOP)) == CAMPAIGNS

    def live() -> None:
        state = StateFile(state_path).read()
        window = Window.last_days(30, client.now())
        remote = read_remote(client, {task.task_name for task in desired}, window, WORKERS)
        plan = make_plan(desired, remote, (), state.entries)
        assert len(plan.of_kind(Kind.NOOP)) == CAMPAIGNS

    # As installed: pip leaves compiled bytecode beside the modules, so the command does not
    # compile them again on every run (a warm-up run writes it for an editable install).
    environment = {**os.environ, "BROADCASTCTL_STATE": str(state_path)}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)

    def command(*, one_process: bool = False) -> None:
        # one_process: lint's fork switched off, to show what the second core brings
        code = (
            "import broadcastctl.checks.pipeline as p; p.PARALLEL_FROM = 10**9; "
            if one_process
            else ""
        )
        code += "import sys; from broadcastctl.cli import main; sys.exit(main(sys.argv[1:]))"
        subprocess.run(
            [sys.executable, "-c", code, "plan", "--offline"],
            cwd=folder, env=environment, stdout=subprocess.DEVNULL, check=True,
        )  # fmt: skip

    command()  # warm-up
    timings = [
        ("plan --offline: read the state, plan", *median_of(offline)),
        (
            f"live plan at {LATENCY * 1000:.0f} ms a call: read the vendor, plan",
            *median_of(live, 3),
        ),
        ("`broadcastctl plan --offline` command (lint of the files included)", *median_of(command)),
        ("the same command, lint in one process", *median_of(lambda: command(one_process=True))),
    ]
    base = timings[1][1]
    rows = [
        [what, f"{wall:.2f} s", f"{cpu:.2f} s", f"{base / wall:.1f}x"]
        for what, wall, cpu in timings
    ]
    print(table(["case", "median wall time", "median CPU time", "vs live"], rows))


if __name__ == "__main__":
    main()
