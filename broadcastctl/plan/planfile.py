"""A plan saved by `plan --out` and applied by `deploy --plan`: the plan, where it was made, and
fingerprints that prove the files and the remote tasks are still what it saw.

This module owns the file's format. It shares no code with the plan's views, so changing how
`plan --format json` looks never changes what a saved plan holds, nor what deploy reads back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from broadcastctl.errors import BroadcastctlError, UsageError
from broadcastctl.localwindows import part_document
from broadcastctl.output.words import plural
from broadcastctl.plan.model import Action, Kind, Offline, Plan, counts
from broadcastctl.plan.window import Window
from broadcastctl.privacy import private_value

# Raise it whenever what `load` needs or what `save` writes changes; deploy refuses other versions.
FORMAT_VERSION = "5"


class StalePlanError(BroadcastctlError):
    """The saved plan no longer describes what deploy would do."""


@dataclass(frozen=True, kw_only=True)
class SavedPlan:
    target: str
    window: Window
    campaigns_fingerprint: str
    remote_fingerprint: str
    changed_since: str | None = None
    offline: bool = False
    paths: tuple[str, ...] = ()  # as given to plan
    files: tuple[str, ...] = ()  # the campaign files those paths held
    call_limit: int | None = None  # the policy's max_new_calls when the plan was made

    def refuse_offline(self) -> None:
        """A plan made from a snapshot may be stale in ways no fingerprint can tell."""
        if self.offline:
            raise StalePlanError(
                "the plan was made with --offline, from the state's snapshot rather than the "
                "vendor, so it cannot be applied; make the plan again without --offline"
            )

    def reuse_changed_since(self, given: str | None) -> str | None:
        """The plan's --changed-since; deploy may repeat it, not change it."""
        if given is not None and given != self.changed_since:
            raise UsageError(
                f"the plan was made with --changed-since {self.changed_since}; deploy applies it "
                "as it was made, so leave --changed-since out"
            )
        return self.changed_since

    def check(self, plan: Plan, target: str, paths: Sequence[str]) -> None:
        """Refuse a plan made elsewhere, for other files, or whose files or remote tasks have
        moved."""
        if target != self.target:
            raise StalePlanError(
                f"the plan was made against {self.target}, not {target}; make a new plan"
            )
        files = campaign_files(plan)
        # Other paths that find the same files are the same plan; the same paths finding other
        # files are files changed since, which the fingerprint below says.
        if files != self.files and _same_paths(paths) != _same_paths(self.paths):
            raise StalePlanError(
                f"the paths differ from the plan's: it was made for {_listed(self.paths)} "
                f"({plural(len(self.files), 'campaign file')}), and deploy was given "
                f"{_listed(paths)} ({plural(len(files), 'campaign file')}); give deploy the "
                "paths the plan was made with, or make a plan for these"
            )
        if plan.campaigns_fingerprint != self.campaigns_fingerprint:
            raise StalePlanError(
                "the campaign files changed since the plan was made; run plan again and review it"
            )
        limit = plan.call_limit.limit if plan.call_limit else None
        if limit != self.call_limit:
            where = f" in {plan.call_limit.policy}" if plan.call_limit else ""
            raise StalePlanError(
                f"the policy's max_new_calls changed since the plan was made ({_limit(self)} "
                f"then, {_limit(limit)} now{where}); run plan again and review it"
            )
        if plan.remote_fingerprint != self.remote_fingerprint:
            raise StalePlanError(
                "the remote tasks changed since the plan was made (a task was created, changed or "
                "started calling); run plan again and review it"
            )


def _limit(limit: int | SavedPlan | None) -> str:
    if isinstance(limit, SavedPlan):
        limit = limit.call_limit
    return "no limit" if limit is None else f"{limit:,}"


def campaign_files(plan: Plan) -> tuple[str, ...]:
    """The campaign files a plan was made from (not those of orphans: their files are gone)."""
    kinds = (Kind.CREATE, Kind.UPDATE, Kind.NOOP, Kind.BLOCKED, Kind.CANCELLED)
    return tuple(sorted({a.file for a in plan.of_kind(*kinds) if a.file is not None}))


def _summary(plan: Plan) -> dict[str, int]:
    """The counts; a kind newer than the format (cancelled) only when the plan has one."""
    return {kind: n for kind, n in counts(plan).items() if n or kind != Kind.CANCELLED.value}


def _same_paths(paths: Sequence[str]) -> set[str]:
    return {os.path.normpath(path) for path in paths}


def _listed(paths: Sequence[str]) -> str:
    return ", ".join(paths) if paths else "the default paths"


def save(
    path: Path,
    plan: Plan,
    target: str,
    window: Window,
    changed_since: str | None = None,
    *,
    paths: Sequence[str] = (),
) -> None:
    """Written whole to a temporary file beside `path`, then renamed over it: a crash or a
    full disk leaves the old plan or none, never half of one for deploy to refuse."""
    saved = document(plan, target, window, changed_since, paths=paths)
    text = json.dumps(saved, indent=2, ensure_ascii=False) + "\n"
    try:
        _write_over(path, text)
    except OSError as error:
        raise BroadcastctlError(f"cannot save the plan to --out {path}: {error.strerror}") from None


def _write_over(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def document(
    plan: Plan,
    target: str,
    window: Window,
    changed_since: str | None,
    *,
    paths: Sequence[str] = (),
) -> dict[str, Any]:
    """The saved plan: every action for the reviewer, and what `load` needs to check it."""
    return {
        "format_version": FORMAT_VERSION,
        "summary": _summary(plan),
        "offline": _saved_offline(plan.offline),
        "fingerprints": {
            "campaigns": plan.campaigns_fingerprint,
            "remote": plan.remote_fingerprint,
        },
        "new_calls": {
            "total": plan.new_calls,
            "limit": plan.call_limit.limit if plan.call_limit else None,
            "policy": plan.call_limit.policy if plan.call_limit else None,
        },
        "actions": [_saved_action(action) for action in plan.actions],
        "target": target,
        "window": {"start": window.start.isoformat(), "end": window.end.isoformat()},
        "changed_since": changed_since,
        "paths": list(paths),
        "files": list(campaign_files(plan)),
    }


def _saved_offline(offline: Offline | None) -> dict[str, Any] | None:
    """Made from the state's snapshot: which, when, at which commit (null: from the vendor)."""
    if offline is None:
        return None
    return {"target": offline.target, "taken_at": offline.taken_at, "commit": offline.commit}


def _saved_action(action: Action) -> dict[str, Any]:
    return {
        "action": action.kind.value,
        "task_name": action.task_name,
        "file": action.file,
        "job_id": action.job_id,
        "status": action.status,
        "numbers": action.numbers,
        "loop_count": action.loop_count,
        "changes": [
            {
                "field": change.field,
                "old": private_value(change.field, change.old),
                "new": private_value(change.field, change.new),
            }
            for change in action.changes
        ],
        "reason": action.reason,
        "not_compared": list(action.not_compared),
        "upload": _saved_upload(action),
        **_saved_recall(action),
        **_saved_part(action),
    }


def _saved_part(action: Action) -> dict[str, Any]:
    """For a zone part of a campaign in local windows, the campaign and the part, as the json
    view shows them."""
    if action.campaign is None:
        return {}
    return {"campaign": action.campaign, "part": part_document(action.part)}


def _saved_recall(action: Action) -> dict[str, Any]:
    """For a re-call, the task it calls again (left out of any other action)."""
    if action.recall_of is None:
        return {}
    return {"recall_of": action.recall_of, "parent_job_id": action.parent_job_id}


def _saved_upload(action: Action) -> dict[str, Any] | None:
    """The voice file the action uploads or plays, for the reviewer (deploy looks it up again
    by name: a file uploaded since the plan is used, not uploaded twice)."""
    step = action.upload
    if step is None:
        return None
    return {
        "file_name": step.file_name,
        "bytes": step.size,
        "sha256": step.sha256,
        "file_id": step.file_id,
    }


def _whole_or_none(value: Any) -> int | None:
    if value is not None and not isinstance(value, int):
        raise TypeError(f"a limit of {value!r}")
    return value


def load(path: Path) -> SavedPlan:
    try:
        document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        if document.get("format_version") != FORMAT_VERSION:
            raise UsageError(
                f"{path} is a plan of format {document.get('format_version')!r}; this "
                f"broadcastctl reads format {FORMAT_VERSION!r} — make the plan again"
            )
        window = Window(
            dt.datetime.fromisoformat(document["window"]["start"]),
            dt.datetime.fromisoformat(document["window"]["end"]),
        )
        fingerprints = document["fingerprints"]
        return SavedPlan(
            target=str(document["target"]),
            window=window,
            campaigns_fingerprint=fingerprints["campaigns"],
            remote_fingerprint=fingerprints["remote"],
            changed_since=document.get("changed_since"),
            offline=document["offline"] is not None,
            paths=tuple(document["paths"]),
            files=tuple(document["files"]),
            call_limit=_whole_or_none(document["new_calls"]["limit"]),
        )
    except OSError as error:
        raise UsageError(f"cannot read the plan {path}: {error.strerror}") from error
    except (ValueError, KeyError, TypeError) as error:
        raise UsageError(f"{path} is not a plan saved by `broadcastctl plan --out`") from error
