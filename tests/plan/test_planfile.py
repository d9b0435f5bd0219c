"""The saved-plan file: its exact format, pinned, and owned by planfile alone (not the views)."""

from __future__ import annotations

import ast
import datetime as dt
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from broadcastctl.errors import BroadcastctlError, UsageError
from broadcastctl.plan import planfile
from broadcastctl.plan.model import Offline, Plan
from broadcastctl.plan.views import common
from broadcastctl.plan.views import json as json_view
from broadcastctl.plan.window import Window

WINDOW = Window(dt.datetime(2026, 11, 1, tzinfo=dt.UTC), dt.datetime(2026, 12, 28, tzinfo=dt.UTC))
AUDIO_SHOWN = "audio, 10 bytes, sha256 f95b53c1e5a0"


def record(action: str, task_name: str, file: str | None, **fields: Any) -> dict[str, Any]:
    """One saved action; fields not given take the values a plain action has."""
    plain: dict[str, Any] = {
        "job_id": None, "status": None, "numbers": 0, "loop_count": 1, "changes": [],
        "reason": "", "not_compared": [], "upload": None,
    }  # fmt: skip
    return {"action": action, "task_name": task_name, "file": file} | {
        key: fields.get(key, value) for key, value in plain.items()
    }


def change(field: str, old: Any, new: Any) -> dict[str, Any]:
    return {"field": field, "old": old, "new": new}


# Format 5, as deploy --plan reads it. A change here is a change of file format: raise
# planfile.FORMAT_VERSION with it.
FORMAT_5 = {
    "format_version": "5",
    "summary": {
        "create": 1, "update": 1, "no-op": 1, "blocked": 1, "orphaned": 1, "unmanaged": 1,
        "calls": 12000, "plays": 24000,
    },
    "offline": None,
    "fingerprints": {"campaigns": "sha256:c0ffee", "remote": "sha256:f00d"},
    "new_calls": {"total": 12000, "limit": None, "policy": None},
    "actions": [
        record("orphaned", "old promo", "campaigns/old.yaml", job_id=5000000, status=0,
               numbers=40, reason="no file describes it any more"),
        record("create", "winter sale", "campaigns/winter.yaml", numbers=12000, loop_count=2),
        record("update", "spring promo", "campaigns/spring.yaml", job_id=5000001, status=0,
               numbers=2, not_compared=["hangUpSms"], changes=[
                   change("displayNum", "1202****199", "1202****142"),
                   change("baseFile", None, AUDIO_SHOWN),
                   change("sendTime", "2027-01-11 09:30:00", None),
               ]),
        record("blocked", "autumn | news", "campaigns/autumn.yaml", job_id=5000002, status=1,
               numbers=3, reason="task 5000002 is calling; give it a new taskName", changes=[
                   change("numberList", 2, 3),
                   change("baseFile", "audio, sha256 abababababab", AUDIO_SHOWN),
               ]),
        record("no-op", "summer", "campaigns/summer.yaml", job_id=5000003, status=2, numbers=5),
        record("unmanaged", "console test", None, job_id=5000004, status=4, numbers=1),
    ],
    "target": "the sandbox (.broadcastctl/sandbox.sqlite3)",
    "window": {"start": "2026-11-01T00:00:00+00:00", "end": "2026-12-28T00:00:00+00:00"},
    "changed_since": "HEAD~1",
    "paths": ["campaigns"],
    "files": [
        "campaigns/autumn.yaml", "campaigns/spring.yaml", "campaigns/summer.yaml",
        "campaigns/winter.yaml",
    ],
}  # fmt: skip


def saved(plan: Plan, tmp_path: Path) -> Path:
    path = tmp_path / "plan.json"
    planfile.save(path, plan, str(FORMAT_5["target"]), WINDOW, "HEAD~1", paths=["campaigns"])
    return path


def test_a_saved_plan_is_format_5_exactly(plan: Plan, tmp_path: Path) -> None:
    text = saved(plan, tmp_path).read_text(encoding="utf-8")
    assert text == json.dumps(FORMAT_5, indent=2, ensure_ascii=False) + "\n"


def test_a_saved_plan_reads_back_what_deploy_checks(plan: Plan, tmp_path: Path) -> None:
    loaded = planfile.load(saved(plan, tmp_path))
    assert loaded == planfile.SavedPlan(
        target=str(FORMAT_5["target"]),
        window=WINDOW,
        campaigns_fingerprint="sha256:c0ffee",
        remote_fingerprint="sha256:f00d",
        changed_since="HEAD~1",
        paths=("campaigns",),
        files=tuple(FORMAT_5["files"]),  # type: ignore[arg-type]
    )


def test_another_format_version_is_refused(plan: Plan, tmp_path: Path) -> None:
    path = saved(plan, tmp_path)
    path.write_text(path.read_text().replace('"format_version": "5"', '"format_version": "2"'))
    with pytest.raises(UsageError, match="format '2'"):
        planfile.load(path)


def test_a_changed_json_view_leaves_the_file_alone(
    plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(json_view, "JSON_VERSION", "99")
    monkeypatch.setattr(common, "shown_value", lambda field, value: "changed")
    monkeypatch.setattr(json_view, "counts", lambda plan: {})
    assert json.loads(json_view.view_json(plan))["format_version"] == "99"
    assert json.loads(saved(plan, tmp_path).read_text()) == FORMAT_5


def test_planfile_does_not_import_the_views() -> None:
    tree = ast.parse(Path(planfile.__file__).read_text(encoding="utf-8"))
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert not any(name.startswith("broadcastctl.plan.views") for name in imported)
    assert "views" not in {
        alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }  # fmt: skip


def test_a_save_that_fails_leaves_the_previous_plan_whole(
    plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = saved(plan, tmp_path)
    before = path.read_bytes()

    def full_disk(source: str, target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("broadcastctl.plan.planfile.os.replace", full_disk)
    with pytest.raises(BroadcastctlError, match=r"--out .*: No space"):
        saved(replace(plan, actions=()), tmp_path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]  # no temporary file left


def test_a_plan_made_offline_says_so_once_and_is_read_back_as_offline(
    plan: Plan, tmp_path: Path
) -> None:
    offline = Offline("the sandbox", "2026-11-27T12:00:00+00:00", "0123456789abcdef", 30.4)
    path = saved(replace(plan, offline=offline), tmp_path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert [key for key in document if "offline" in key] == ["offline"]
    assert document["offline"] == {
        "target": "the sandbox",
        "taken_at": "2026-11-27T12:00:00+00:00",
        "commit": "0123456789abcdef",
    }
    assert planfile.load(path).offline
