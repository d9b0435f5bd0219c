"""A plan saved by `plan --out` and applied by `deploy --plan`: the plan, where it was made, and
fingerprints that prove the files and the remote tasks are still what it saw."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from broadcastctl.errors import BroadcastctlError, UsageError
from broadcastctl.plan.planner import Plan
from broadcastctl.plan.remote import Window
from broadcastctl.plan.views import FORMAT_VERSION, plan_document


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

    def check(self, plan: Plan, target: str) -> None:
        """Refuse a plan made elsewhere, or one whose files or remote tasks have moved."""
        if target != self.target:
            raise StalePlanError(
                f"the plan was made against {self.target}, not {target}; make a new plan"
            )
        if plan.campaigns_fingerprint != self.campaigns_fingerprint:
            raise StalePlanError(
                "the campaign files changed since the plan was made; run plan again and review it"
            )
        if plan.remote_fingerprint != self.remote_fingerprint:
            raise StalePlanError(
                "the remote tasks changed since the plan was made (a task was created, changed or "
                "started calling); run plan again and review it"
            )


def save(
    path: Path,
    plan: Plan,
    target: str,
    window: Window,
    changed_since: str | None = None,
    *,
    offline: bool = False,
) -> None:
    document = {
        **plan_document(plan),
        "target": target,
        "window": {"start": window.start.isoformat(), "end": window.end.isoformat()},
        "changed_since": changed_since,
        "made_offline": offline,
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


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
            offline=bool(document.get("made_offline", False)),
        )
    except OSError as error:
        raise UsageError(f"cannot read the plan {path}: {error.strerror}") from error
    except (ValueError, KeyError, TypeError) as error:
        raise UsageError(f"{path} is not a plan saved by `broadcastctl plan --out`") from error
