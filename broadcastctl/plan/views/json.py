"""The plan for programs: one JSON document (`format_version` JSON_VERSION), numbers counted,
private values masked."""

from __future__ import annotations

from typing import Any

from broadcastctl.localwindows import part_document
from broadcastctl.plan.model import Action, Plan, counts
from broadcastctl.plan.views import people, uploads
from broadcastctl.plan.views.common import offline_line
from broadcastctl.privacy import private_value
from broadcastctl.visible import json_text

# The version of the json view's layout, for programs reading `plan --format json`; the file
# `plan --out` writes has its own (planfile.FORMAT_VERSION).
JSON_VERSION = "1"


def view_json(plan: Plan) -> str:
    return json_text(_json_document(plan), indent=2) + "\n"


def _json_document(plan: Plan) -> dict[str, Any]:
    return {
        "format_version": JSON_VERSION,
        "target": plan.target,
        "summary": counts(plan),
        "offline": offline_line(plan.offline) if plan.offline else None,
        "fingerprints": {
            "campaigns": plan.campaigns_fingerprint,
            "remote": plan.remote_fingerprint,
        },
        "new_calls": _json_new_calls(plan),
        "policy_exceptions": people.json_exceptions(plan),
        "actions": [_json_action(action) for action in plan.actions],
    }


def _json_new_calls(plan: Plan) -> dict[str, Any]:
    limit = plan.call_limit
    return {
        "total": plan.new_calls,
        "limit": limit.limit if limit else None,
        "policy": limit.policy if limit else None,
        "over_limit": plan.over_limit,
    }


def _json_action(action: Action) -> dict[str, Any]:
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
                "field": c.field,
                "old": private_value(c.field, c.old),
                "new": private_value(c.field, c.new),
            }
            for c in action.changes
        ],
        "reason": action.reason,
        "not_compared": list(action.not_compared),
        "compared_with_vendor": list(action.with_vendor),
        "compared_with_record": list(action.with_record),
        "people": people.json_people(action.people),
        "upload": uploads.json_upload(action.upload),
        "recall_of": action.recall_of,
        "parent_job_id": action.parent_job_id,
        "campaign": action.campaign,
        "part": part_document(action.part),
    }
