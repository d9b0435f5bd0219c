"""`broadcastctl deploy`: apply the plan's creates and updates, each task exactly once."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from broadcastctl.api.errors import ApiError
from broadcastctl.api.vendortime import vendor_timezone
from broadcastctl.commands._lintgate import desired_after_lint
from broadcastctl.commands.options import DeployOptions
from broadcastctl.deploy import views
from broadcastctl.deploy.deployer import Deployer, Outcome, RateLimiter
from broadcastctl.deploy.prune import prunable
from broadcastctl.deploy.prune import prune as prune_tasks
from broadcastctl.errors import EXIT_FAILURE, EXIT_OK, BroadcastctlError, UsageError
from broadcastctl.git import head_commit
from broadcastctl.output.style import Style, use_color
from broadcastctl.plan import planfile
from broadcastctl.plan.gate import refusal
from broadcastctl.plan.model import Kind, Plan
from broadcastctl.plan.remote import read_remote, settled_tasks
from broadcastctl.plan.window import Window
from broadcastctl.state.recorder import Recorder
from broadcastctl.state.snapshot import RemoteTask
from broadcastctl.state.store import StateFile, state_path
from broadcastctl.visible import json_text
from broadcastctl.workflow.desired import Desired
from broadcastctl.workflow.planning import detailed_names, read_and_plan
from broadcastctl.workflow.target import Target, open_target


class Refused(BroadcastctlError):
    """The deploy stopped before sending anything; `outcomes` says what became of each task."""

    def __init__(self, message: str, outcomes: list[Outcome]) -> None:
        super().__init__(message)
        self.outcomes = outcomes


def run(options: DeployOptions) -> int:
    """With --format json the plan and the progress go to stderr and stdout holds one JSON
    document, whatever the outcome (an error included); with --quiet only the summary line
    (or the document) is printed."""
    as_json = options.output_format == "json"
    human = sys.stderr if as_json else sys.stdout
    outcomes: list[Outcome] | None = []
    try:
        with contextlib.ExitStack() as stack:
            if options.quiet:
                human = stack.enter_context(open(os.devnull, "w", encoding="utf-8"))
            with contextlib.redirect_stdout(human):
                code, outcomes = _deploy(options, Style(use_color(options.remote.color, human)))
    except Exception as error:
        held = error.outcomes if isinstance(error, Refused) else []
        if as_json:
            _print_document(held, error)
        elif held:
            print(views.summary(held))
        raise
    if as_json:
        _print_document(outcomes or [], None)
    elif outcomes is not None or options.quiet:
        print(views.summary(outcomes or []))
    return code


def _print_document(outcomes: list[Outcome], error: Exception | None) -> None:
    document = views.result_document(outcomes, views.error_text(error))
    print(json_text(document, indent=2), flush=True)


def _deploy(options: DeployOptions, style: Style) -> tuple[int, list[Outcome] | None]:
    """The deploy, telling people on stdout; its exit code and outcomes (None: nothing to do)."""
    remote, prune = options.remote, options.prune
    saved = planfile.load(Path(options.plan_file)) if options.plan_file else None
    changed_since = remote.changed_since
    if saved is not None:
        saved.refuse_offline()
        changed_since = saved.reuse_changed_since(changed_since)
    desired = desired_after_lint(remote.paths, changed_since, remote.color)
    store = StateFile(state_path(remote.state))
    with store.held(), open_target(remote.sandbox, vendor_timezone()) as target:
        known = store.read()
        sent = known.entries if store.exists else None
        window = saved.window if saved else Window.last_days(remote.since_days, target.client.now())
        snapshot = known.snapshot if store.exists else None
        plan, tasks = read_and_plan(
            target,
            desired,
            window,
            remote.workers,
            sent,
            snapshot=snapshot,
            intents=known.intents,
        )
        if saved is not None:
            saved.check(plan, target.label, remote.paths)
        print(
            views.header(plan, desired.lint.checked, desired.lint.warnings, target.label, style),
            end="",
        )
        refused = refusal(plan, options.allow_calls)
        if refused is not None:
            held = Deployer.held_back(plan, views.GATED)
            _tell(held, style)
            raise Refused(refused, held)
        by_name = {task.task_name: task for task in desired.tasks}
        recorder = Recorder(store, known, by_name, head_commit())
        settled = recorder.settle_intents(plan)
        if settled:
            print(views.settled(settled))
        pruned = prunable(plan) if prune else []
        if not plan.has_changes and not pruned:
            _finish(recorder, plan, target.label, tasks)
            held = Deployer.held_back(plan)
            _tell(held, style)
            print(_left_alone(plan, prune) + "Nothing to create or update.")
            return EXIT_FAILURE if plan.blocked else EXIT_OK, held or None
        if not options.yes:
            confirm(plan, len(pruned), sandbox=remote.sandbox)
        deployer = Deployer(
            target.client, window, RateLimiter(options.rate), intend=recorder.intend
        )
        progress = _Progress(plan, style, len(pruned))
        outcomes = prune_tasks(target.client, pruned, deployer.limiter, progress)
        outcomes += deployer.apply(plan, by_name, remote.workers, _Both(recorder, progress))
        if any(outcome.unreachable for outcome in outcomes):
            _finish(recorder, plan, target.label, None)  # the API is gone: ask it nothing more
        else:
            _keep_snapshot(recorder, plan, target, desired, window=window, workers=remote.workers)
        print(_left_alone(plan, prune), end="")
    return EXIT_OK if all(o.result.ok for o in outcomes) else EXIT_FAILURE, outcomes


def _tell(outcomes: list[Outcome], style: Style) -> None:
    """A line for each task deploy holds back, numbered as the results of a deploy are."""
    for done, outcome in enumerate(outcomes, start=1):
        print(views.progress_line(outcome, done, len(outcomes), style))


def _keep_snapshot(
    recorder: Recorder,
    plan: Plan,
    target: Target,
    desired: Desired,
    *,
    window: Window,
    workers: int,
) -> None:
    """Adopt, and read the remote tasks once more for the state's snapshot. The results are in
    already: a failure to read is said as what it is, not as a failed deploy."""
    names = detailed_names(desired, recorder.state.entries)
    try:
        settled = settled_tasks(recorder.state.snapshot, target.label)
        remote = read_remote(target.client, names, window, workers, settled)
    except ApiError as error:
        _finish(recorder, plan, target.label, None)
        print(views.snapshot_not_kept(error))
        return
    _finish(recorder, plan, target.label, remote)


def _finish(recorder: Recorder, plan: Plan, target: str, remote: list[RemoteTask] | None) -> None:
    """Adopt the tasks of the files made elsewhere, and keep the remote tasks as last read
    (None: they could not be read, the last snapshot stays)."""
    adopted = recorder.adopt(plan)
    if adopted:
        print(views.adopted(adopted))
    if remote is not None:
        recorder.snapshot(target, remote)


def _left_alone(plan: Plan, prune: bool) -> str:
    left = [a for a in plan.of_kind(Kind.ORPHANED) if not prune or a not in prunable(plan)]
    return views.left_alone(len(left), prune)


def confirm(plan: Plan, cancels: int = 0, *, sandbox: bool = False) -> None:
    """Ask on a terminal; without one, refuse: calls reach real people (the sandbox's reach
    no one, but a deploy asks the same everywhere, so a script tried there works elsewhere)."""
    if not sys.stdin.isatty():
        raise UsageError(views.no_terminal(sandbox))
    if input(views.question(plan, cancels, sandbox)).strip() != "yes":
        raise BroadcastctlError("deploy cancelled; nothing was sent")


class _Progress:
    """One line per finished task, numbered, as results come in."""

    def __init__(self, plan: Plan, style: Style, cancels: int = 0) -> None:
        self.total = len(plan.of_kind(Kind.CREATE, Kind.UPDATE, Kind.BLOCKED)) + cancels
        self.done, self.style = 0, style

    def __call__(self, outcome: Outcome) -> None:
        self.done += 1
        print(views.progress_line(outcome, self.done, self.total, self.style), flush=True)


class _Both:
    """Record each result in the state first, then tell it."""

    def __init__(self, recorder: Recorder, progress: _Progress) -> None:
        self.recorder, self.progress = recorder, progress

    def __call__(self, outcome: Outcome) -> None:
        self.recorder(outcome)
        self.progress(outcome)
