"""The parsed command line -> each remote command's typed options (`commands.options`).

Written out field by field, so mypy checks every name against the dataclass; an option a
command does not declare (refresh has no --changed-since) keeps the dataclass's default.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from broadcastctl.cli.arguments import DEFAULT_PATHS
from broadcastctl.errors import UsageError

if TYPE_CHECKING:
    from broadcastctl.commands.options import (
        CancelOptions,
        DeployOptions,
        PlanOptions,
        RefreshOptions,
        Remote,
        ResultsOptions,
        StatusOptions,
    )


def remote(parsed: argparse.Namespace) -> Remote:
    # imported here, not above: `lint` does not build the options' dataclasses (13 ms)
    from broadcastctl.commands.options import Remote  # noqa: PLC0415

    shared = Remote()
    return Remote(
        paths=tuple(getattr(parsed, "paths", shared.paths)),
        sandbox=parsed.sandbox,
        since_days=parsed.since_days,
        state=parsed.state,
        changed_since=getattr(parsed, "changed_since", shared.changed_since),
        workers=getattr(parsed, "workers", shared.workers),
        color=getattr(parsed, "color", shared.color),
    )


def plan(parsed: argparse.Namespace) -> PlanOptions:
    from broadcastctl.commands.options import PlanOptions  # noqa: PLC0415 - as in remote

    return PlanOptions(
        remote=remote(parsed),
        output_format=parsed.output_format,
        out=parsed.out,
        offline=parsed.offline,
        max_age=parsed.max_age,
        detailed_exitcode=parsed.detailed_exitcode,
        show_unchanged=parsed.show_unchanged,
    )


def deploy(parsed: argparse.Namespace) -> DeployOptions:
    from broadcastctl.commands.options import DeployOptions  # noqa: PLC0415 - as in remote

    return DeployOptions(
        remote=remote(parsed),
        plan_file=parsed.plan_file,
        yes=parsed.yes,
        allow_calls=parsed.allow_calls,
        prune=parsed.prune,
        rate=parsed.rate,
        output_format=parsed.output_format,
        quiet=parsed.quiet,
    )


def refresh(parsed: argparse.Namespace) -> RefreshOptions:
    from broadcastctl.commands.options import RefreshOptions  # noqa: PLC0415 - as in remote

    return RefreshOptions(remote=remote(parsed), detailed_exitcode=parsed.detailed_exitcode)


def status(parsed: argparse.Namespace) -> StatusOptions:
    from broadcastctl.commands.options import StatusOptions  # noqa: PLC0415 - as in remote

    return StatusOptions(
        remote=remote(parsed),
        show_all=parsed.show_all,
        output_format=parsed.output_format,
        watch=parsed.watch,
    )


def results(parsed: argparse.Namespace) -> ResultsOptions:
    from broadcastctl.commands.options import ResultsOptions  # noqa: PLC0415 - as in remote

    task, shared = parsed.task, remote(parsed)
    if parsed.finished and task is not None:  # no TASK with --finished: it was a path
        given = () if parsed.paths is DEFAULT_PATHS else shared.paths
        shared = replace(shared, paths=(task, *given))
        task = None
    if (parsed.beside or parsed.finished) and not parsed.summary:
        raise UsageError("--beside and --finished go with --summary")
    if task is None and not parsed.finished:
        raise UsageError("results needs a TASK (or --summary --finished)")
    if (parsed.out is None) != parsed.summary:
        raise UsageError("results takes either --out FILE.csv or --summary")
    return ResultsOptions(
        task=task,
        out=parsed.out,
        remote=shared,
        masked=parsed.masked,
        force=parsed.force,
        summary=parsed.summary,
        output_format=parsed.output_format,
        beside=parsed.beside,
        finished=parsed.finished,
    )


def cancel(parsed: argparse.Namespace) -> CancelOptions:
    from broadcastctl.commands.options import CancelOptions  # noqa: PLC0415 - as in remote

    return CancelOptions(
        tasks=tuple(parsed.tasks),
        remote=remote(parsed),
        yes=parsed.yes,
        output_format=parsed.output_format,
    )


BUILDERS: dict[str, Callable[[argparse.Namespace], object]] = {
    "plan": plan,
    "deploy": deploy,
    "refresh": refresh,
    "status": status,
    "results": results,
    "cancel": cancel,
}
