"""Generated hostile policy files, do-not-call lists and state files against lint, plan
--offline and deploy on a sandbox: never an internal error, never a hang, and after each deploy
every task it created is in the state. Derandomized and without an example database."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from broadcastctl.api import Client
from broadcastctl.cli import main
from broadcastctl.plan.window import Window
from broadcastctl.sandbox import SandboxServer
from broadcastctl.state.store import StateFile
from tests.commands.conftest import CAMPAIGN

FUZZ = settings(
    max_examples=25,  # the fast tier's, per surface; the slow tier's tests try 120
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
FUZZ_LONGER = settings(FUZZ, max_examples=120)
EXIT_CODES = {0, 1, 64}  # success, a finding or refusal, a usage error
NAMES = itertools.count()
FIFO_SECONDS = 60  # far above a run's time on a loaded machine; only a hang reaches it

LISTS_POLICY = """countries: [US]
calling_hours: {default: "00:00-23:59"}
suppression:
  - dnc/list.txt
  - {file: dnc/list.csv, registry: bloctel}
  - {file: dnc/us.txt, country: US}
"""
LISTS = ("dnc/list.txt", "dnc/list.csv", "dnc/us.txt")
POLICY = "broadcastctl.yaml"
STATE = ".broadcastctl/state.json"

ODD = ["\x00", "\x1b", "\x7f", "\x85", "\x9b", "\u2028", "\ufeff", "\ud800", "\r", "\t", "é"]
HUGE = st.integers(min_value=300, max_value=4000).map(
    lambda digits: 10**digits
)  # str() caps at 4300
HUGE_TEXT = st.integers(min_value=300, max_value=6000).map(lambda digits: "9" * digits)
ODD_TEXT = st.text(st.sampled_from([*ODD, "a", " ", ":", "-", "#", ",", '"', "1", "+"]))
VALUES: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    HUGE,
    st.floats(),  # nan and both infinities among them
    ODD_TEXT,
    st.sampled_from(["00:00-08:00", "12:00", "US", "FR", "default", "bloctel", "2030-01-01"]),
)
POLICY_KEYS = [
    "countries", "calling_rules", "calling_hours", "suppression", "suppression_max_age_days",
    "max_new_calls", "default", "regions", "FR", "US", "weekday", "saturday", "holidays",
    "frequency", "calls", "days", "registry_max_age_days", "file", "registry", "country",
    "max_age_days", "a b",
]  # fmt: skip


def trees(keys: list[str]) -> st.SearchStrategy[Any]:
    """Nested lists and mappings of hostile values, the mappings keyed mostly by `keys`."""
    return st.recursive(
        VALUES,
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(st.sampled_from(keys) | ODD_TEXT, children, max_size=5),
        ),
        max_leaves=12,
    )


def json_text(value: Any) -> bytes:
    """JSON (YAML too), with Infinity, NaN and lone surrogates written as JSON may not hold."""
    return json.dumps(value).encode("utf-8", "surrogatepass")


def deep(levels: int) -> bytes:
    return b"[" * levels + b"1" + b"]" * levels


POLICIES = st.one_of(
    st.binary(max_size=200),
    st.dictionaries(st.sampled_from(POLICY_KEYS), trees(POLICY_KEYS), max_size=5).map(json_text),
    ODD_TEXT.map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.integers(min_value=1, max_value=3000).map(deep),
    st.sampled_from([LISTS_POLICY, "max_new_calls: 1\n", "countries: [FR]\n", ""]).map(str.encode),
    st.tuples(st.sampled_from(POLICY_KEYS), HUGE_TEXT).map(
        lambda pair: f"{pair[0]}: {pair[1]}\n".encode()
    ),
)

EXPORT_LINES = [
    "12025550101", "+1 (202) 555-0143", "0044 121 234 4427", "+44 (0)121 234 4427",
    "tel:+1-201-555-1115", "1.202.555.0143", "(213) 555-0187", "12025550102 # opted out",
    "# exported: 2026-11-01", "# exported: 9999-99-99", "# exported: 2999-01-01",
    "phone", "name,phone", "Jane,12025550101", '"Joe, Jr.",+1 202 555 0102', ",,,",
    "x", "", " ", "#",
]  # fmt: skip
ENTRY_LINES = st.one_of(
    st.sampled_from(EXPORT_LINES),
    ODD_TEXT,
    st.integers(min_value=1, max_value=200_000).map(lambda size: "9" * size),  # a huge cell
    st.integers(min_value=1, max_value=20_000).map(lambda size: f'"{"," * size}'),
)
LISTS_CONTENT = st.tuples(
    st.lists(ENTRY_LINES, max_size=12),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.sampled_from(["", "\ufeff"]),
).map(lambda parts: (parts[2] + parts[1].join(parts[0])).encode("utf-8", "surrogatepass"))

STATE_KEYS = [
    "format_version", "entries", "snapshot", "task_name", "job_id", "file", "number_count",
    "numbers_digest", "sent", "time", "commit", "version", "target", "taken_at", "tasks",
    "status", "fields", "action",
]  # fmt: skip
ENTRY: dict[str, Any] = {
    "task_name": "one",
    "job_id": 7,
    "file": "campaigns/one.yaml",
    "number_count": 2,
    "numbers_digest": "ab12$" + "0" * 64,
    "sent": {"taskName": "one", "loopCount": 1},
    "time": "2026-11-28T10:00:00+00:00",
    "commit": None,
    "version": "0.1.0",
}
TASK: dict[str, Any] = {"job_id": 7, "task_name": "one", "status": 0, "number_count": 2}


@st.composite
def states(draw: st.DrawFn) -> bytes:
    """A state of the right shape with some of its values, at any depth, made hostile."""
    snapshot = {"target": "the sandbox", "taken_at": "2026-11-28T10:00:00+00:00", "commit": None}
    document: dict[str, Any] = {
        "format_version": 1,
        "entries": [dict(ENTRY)],
        "snapshot": {**snapshot, "tasks": [{**TASK, "fields": {"text": "x"}}]},
    }
    parts: list[dict[str, Any]] = [
        document, document["entries"][0], document["snapshot"], document["snapshot"]["tasks"][0]
    ]  # fmt: skip
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        part = draw(st.sampled_from(parts))
        key = draw(st.sampled_from(sorted(part)) | st.sampled_from(STATE_KEYS))
        part[key] = draw(trees(STATE_KEYS))
    if draw(st.booleans()):
        return json_text(document)
    levels = draw(st.integers(min_value=1, max_value=3000))
    return json_text(document).replace(b'"x"', deep(levels), 1)


@pytest.fixture
def site(
    tmp_path: Path, vendor: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> Path:  # the vendor fixture points BROADCASTCTL_API_* at the test's sandbox
    """A repository of one small campaign, as the working directory."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "campaigns").mkdir()
    (tmp_path / "dnc").mkdir()
    (tmp_path / ".broadcastctl").mkdir()
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "BROADCASTCTL_API_TIMEZONE", "BROADCASTCTL_STATE"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def job_ids(client: Client) -> set[int]:
    window = Window.last_days(30, client.now())
    return {
        task.job_id for task in client.list_tasks(created_from=window.start, created_to=window.end)
    }


def holds_up(client: Client, capsys: pytest.CaptureFixture[str]) -> None:
    """lint, plan --offline and deploy --yes each end as the table says, never in an internal
    error; every task deploy created is in the state it leaves. The campaign's name is new
    each time, so a deploy that goes through creates a task."""
    Path("campaigns/one.yaml").write_text(CAMPAIGN.format(name=f"one-{next(NAMES)}"))
    for argv in (["lint"], ["plan", "--offline"]):
        code = main(argv)
        out, err = capsys.readouterr()
        assert "unexpected error" not in out + err, (argv, err)
        assert code in EXIT_CODES, (argv, code, err)
    before = job_ids(client)
    code = main(["deploy", "--yes"])
    out, err = capsys.readouterr()
    assert "unexpected error" not in out + err, err
    assert code in EXIT_CODES, (code, err)
    created = job_ids(client) - before
    if not created:
        return
    entries = StateFile(Path(STATE)).read().entries.values()
    assert created <= {entry.job_id for entry in entries}, (created, err)


def write(path: str, content: bytes) -> None:
    Path(path).write_bytes(content)


Fuzzed = Callable[[bytes], None]


def policy_is(content: bytes) -> None:
    write(POLICY, content)


def lists_are(content: bytes) -> None:
    write(POLICY, LISTS_POLICY.encode())
    for path in LISTS:
        write(path, content)


def state_is(content: bytes) -> None:
    write(STATE, content)


@FUZZ
@given(content=POLICIES)
def test_hostile_policy_files(
    site: Path, client: Client, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    policy_is(content)
    holds_up(client, capsys)


@FUZZ
@given(content=LISTS_CONTENT)
def test_hostile_do_not_call_lists(
    site: Path, client: Client, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    lists_are(content)
    holds_up(client, capsys)


@FUZZ
@given(content=states())
def test_hostile_state_files(
    site: Path, client: Client, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    state_is(content)
    holds_up(client, capsys)


@pytest.mark.slow
@FUZZ_LONGER
@given(content=POLICIES, listed=LISTS_CONTENT, state=states())
def test_many_more_hostile_surfaces(
    site: Path,
    client: Client,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    listed: bytes,
    state: bytes,
) -> None:
    for fuzzed, value in ((policy_is, content), (lists_are, listed), (state_is, state)):
        fuzzed(value)
        holds_up(client, capsys)


SURFACES = {POLICY: policy_is, "dnc/list.csv": lists_are, STATE: state_is}
RUN_ALL = (
    "import sys; from broadcastctl.cli import main; "
    "print([main(argv) for argv in (['lint'], ['plan', '--offline'], ['deploy', '--yes'])])"
)


def make_special(path: Path, kind: str, target: Path) -> None:
    """`path` as a file that is no regular file: a link to nothing, a folder, a link to
    /dev/null."""
    if kind == "dangling link":
        path.symlink_to(target / "nothing-here")
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to("/dev/null")


@pytest.mark.parametrize("kind", ["dangling link", "folder", "link to /dev/null"])
@pytest.mark.parametrize("surface", sorted(SURFACES))
def test_a_surface_that_is_no_regular_file(
    site: Path, client: Client, capsys: pytest.CaptureFixture[str], surface: str, kind: str
) -> None:
    SURFACES[surface](b"")  # the other files as they would be
    Path(surface).unlink()
    make_special(site / surface, kind, site)
    holds_up(client, capsys)


@pytest.mark.parametrize("surface", sorted(SURFACES))
def test_a_surface_that_is_a_fifo_never_hangs(site: Path, client: Client, surface: str) -> None:
    """Run in a child with a timeout: a read that blocks on the FIFO fails the test."""
    SURFACES[surface](b"")
    Path(surface).unlink()
    os.mkfifo(surface)
    Path("campaigns/one.yaml").write_text(CAMPAIGN.format(name="one"))
    before = job_ids(client)
    done = subprocess.run(
        [sys.executable, "-c", RUN_ALL],
        capture_output=True,
        text=True,
        timeout=FIFO_SECONDS,
        check=False,
    )
    assert "unexpected error" not in done.stdout + done.stderr, done.stderr
    codes = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(codes) <= EXIT_CODES, (codes, done.stderr)
    created = job_ids(client) - before
    assert not created or created <= {
        entry.job_id for entry in StateFile(Path(STATE)).read().entries.values()
    }
