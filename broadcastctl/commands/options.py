"""What each remote command is asked to do: typed option objects the command line builds.

The options every command that reaches the vendor shares are one `Remote`; each command adds
its own. Frozen plain data, importing nothing of broadcastctl but its defaults; the command
line imports it only to run a remote command, so `lint` does not build its dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass

from broadcastctl.commands import defaults

# the options' defaults, here too: where the benchmarks and the commands read them
DEFAULT_PATHS = defaults.DEFAULT_PATHS
DEFAULT_WORKERS = defaults.DEFAULT_WORKERS


@dataclass(frozen=True, kw_only=True)
class Remote:
    """Where the tasks are and how they are read: plan, deploy, refresh, status and results."""

    paths: tuple[str, ...] = DEFAULT_PATHS  # campaign files or folders
    sandbox: bool = False  # the built-in sandbox instead of the vendor
    since_days: int = 400  # the window of creation times searched
    state: str | None = None  # --state, else BROADCASTCTL_STATE, else the default path
    changed_since: str | None = None  # a git revision: resend what the API does not return
    workers: int = DEFAULT_WORKERS  # API requests in flight at once
    color: str = "auto"  # auto, always or never


@dataclass(frozen=True, kw_only=True)
class PlanOptions:
    remote: Remote = Remote()
    output_format: str = "text"
    out: str | None = None  # also save the plan here
    offline: bool = False  # against the state's snapshot
    max_age: float = 24.0  # hours before an offline snapshot is called old
    detailed_exitcode: bool = False
    show_unchanged: bool = False  # list the unchanged campaigns in text, not one line


@dataclass(frozen=True, kw_only=True)
class DeployOptions:
    remote: Remote = Remote()
    plan_file: str | None = None  # apply exactly this saved plan
    yes: bool = False
    allow_calls: int | None = None  # above the policy's max_new_calls
    prune: bool = False  # also cancel orphaned tasks
    rate: float = 20.0  # create/update requests a second at most (0: no limit)
    output_format: str = "text"
    quiet: bool = False


@dataclass(frozen=True, kw_only=True)
class RefreshOptions:
    remote: Remote = Remote()
    detailed_exitcode: bool = False


@dataclass(frozen=True, kw_only=True)
class StatusOptions:
    remote: Remote = Remote()
    show_all: bool = False  # also every other task of the window
    output_format: str = "text"
    watch: float | None = None  # seconds between readings, until every task finished


@dataclass(frozen=True, kw_only=True)
class ResultsOptions:
    task: str | None  # by its taskName or its id; None with `finished`
    out: str | None  # the CSV file; None with `summary`
    remote: Remote = Remote()
    masked: bool = False
    force: bool = False  # replace the file if it exists
    summary: bool = False  # figures instead of the file
    output_format: str = "text"  # of the summary
    beside: str | None = None  # a second task, summed up beside the first
    finished: bool = False  # every task of the state finished since its snapshot


@dataclass(frozen=True, kw_only=True)
class CancelOptions:
    tasks: tuple[str, ...]  # each a task id, a campaign file or a task name
    remote: Remote = Remote()  # its paths are not read: the tasks are named
    yes: bool = False  # cancel without asking
    output_format: str = "text"
