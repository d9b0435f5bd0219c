"""Plan views, output pinned exactly: each view of a plan built by hand, with one action of every
kind (tests/plan/conftest.py), and of an offline plan without a state. A change to a view shows
here as a diff of what the reader sees."""

# ruff: noqa: E501  (whole lines of output, as printed)

from __future__ import annotations

import dataclasses
import json

import pytest

from broadcastctl.output.style import Style
from broadcastctl.plan.model import Action, Change, Kind, Offline, Plan
from broadcastctl.plan.views import VIEWS, view_json, view_markdown, view_text


def offline_plan() -> Plan:
    """Offline, without a state, a long text changed in its middle, twelve unmanaged tasks."""
    text = "Hello from Acme Outdoor. Our spring range arrives on the {} of March in every store."
    update = Action(
        kind=Kind.UPDATE,
        task_name="spring",
        file="c/spring.yaml",
        job_id=5000001,
        status=0,
        numbers=2,
        loop_count=3,
        changes=(Change("text", text.format("eighth"), text.format("ninth")),),
    )
    unmanaged = tuple(
        Action(
            kind=Kind.UNMANAGED, task_name=f"console {i}", job_id=6000000 + i, status=2, numbers=1
        )
        for i in range(12)
    )
    return Plan(
        actions=(update, *unmanaged),
        campaigns_fingerprint="sha256:a",
        remote_fingerprint="sha256:b",
        offline=Offline("the sandbox", "2026-11-27T12:00:00+00:00", "0123456789abcdef", 30.4),
    )


TEXT = """\
- orphaned old promo  (task 5000000, waiting)
           campaigns/old.yaml: 40 numbers, message played 1× a call
           no file describes it any more
+ create   winter sale
           campaigns/winter.yaml: 12,000 numbers, message played 2× a call
~ update   spring promo  (task 5000001, waiting)
           campaigns/spring.yaml: 2 numbers, message played 1× a call
           displayNum: 1202****199 → 1202****142
           baseFile: (not set) → audio, 10 bytes, sha256 f95b53c1e5a0
           sendTime: "2027-01-11 09:30:00" → (none: call at once)
           compared with the vendor: the number count and 3 fields; with the record of what was sent: baseFile; not compared: hangUpSms
! blocked  autumn | news  (task 5000002, calling)
           campaigns/autumn.yaml: 3 numbers, message played 1× a call
           numberList: 2 numbers → 3 numbers
           baseFile: audio, sha256 abababababab → audio, 10 bytes, sha256 f95b53c1e5a0
           task 5000002 is calling; give it a new taskName
= no-op    summer  (task 5000003, completed)
           campaigns/summer.yaml: 5 numbers, message played 1× a call
           compared with the vendor: the number count and 1 field; with the record of what was sent: the numbers, smsContent
? 1 remote task that no file describes is left alone:
    'console test' (task 5000004, cancelled)

Plan: 1 orphaned (1 waiting; their campaigns gone), 1 to create, 1 to update, 1 blocked, 1 unchanged; 1 remote task no file describes.
New calls: 12,000 (one per number), playing the message up to 24,000 times.
Numbers are compared by count for 2 tasks: the API does not return the numbers of a task, and the state does not know what was sent to them.
Not compared, because the API does not return them and the state has no record of them: hangUpSms.
Fields compared with the record of what was sent are not read from the vendor: an edit of them in the vendor's console cannot be seen.
"""


MARKDOWN = """\
### broadcastctl plan

Plan: 1 orphaned (1 waiting; their campaigns gone), 1 to create, 1 to update, 1 blocked, 1 unchanged; 1 remote task no file describes.\x20\x20
New calls: 12,000 (one per number), playing the message up to 24,000 times.

| | task | file | numbers | what changes |
|---|---|---|---|---|
| 🗑️ orphaned | old promo (task 5000000) | `campaigns/old.yaml` | 40 × 1 play | **no file describes it any more** |
| ➕ create | winter sale | `campaigns/winter.yaml` | 12,000 × 2 plays |  |
| ✏️ update | spring promo (task 5000001) | `campaigns/spring.yaml` | 2 × 1 play | displayNum: 1202\\*\\*\\*\\*199 → 1202\\*\\*\\*\\*142<br>baseFile: \\(not set\\) → audio, 10 bytes, sha256 f95b53c1e5a0<br>sendTime: "2027\\-01\\-11 09:30:00" → \\(none: call at once\\)<br>_compared with the vendor: the number count and 3 fields; with the record of what was sent: baseFile; not compared: hangUpSms_ |
| ⛔ blocked | autumn \\| news (task 5000002) | `campaigns/autumn.yaml` | 3 × 1 play | numberList: 2 numbers → 3 numbers<br>baseFile: audio, sha256 abababababab → audio, 10 bytes, sha256 f95b53c1e5a0<br>**task 5000002 is calling; give it a new taskName** |

<details><summary>1 unchanged</summary>

- summer (task 5000003, completed) — `campaigns/summer.yaml` — compared with the vendor: the number count and 1 field; with the record of what was sent: the numbers, smsContent

</details>

<details><summary>1 remote task no file describes (left alone)</summary>

- console test (task 5000004, cancelled)

</details>

_Numbers are compared by count for 2 tasks: the API does not return the numbers of a task, and the state does not know what was sent to them._
_Not compared, because the API does not return them and the state has no record of them: hangUpSms._
_Fields compared with the record of what was sent are not read from the vendor: an edit of them in the vendor's console cannot be seen._
"""


JSON = """\
{
  "format_version": "1",
  "target": null,
  "summary": {
    "create": 1,
    "update": 1,
    "no-op": 1,
    "blocked": 1,
    "orphaned": 1,
    "unmanaged": 1,
    "cancelled": 0,
    "calls": 12000,
    "plays": 24000
  },
  "offline": null,
  "fingerprints": {
    "campaigns": "sha256:c0ffee",
    "remote": "sha256:f00d"
  },
  "new_calls": {
    "total": 12000,
    "limit": null,
    "policy": null,
    "over_limit": false
  },
  "policy_exceptions": [],
  "actions": [
    {
      "action": "orphaned",
      "task_name": "old promo",
      "file": "campaigns/old.yaml",
      "job_id": 5000000,
      "status": 0,
      "numbers": 40,
      "loop_count": 1,
      "changes": [],
      "reason": "no file describes it any more",
      "not_compared": [],
      "compared_with_vendor": [],
      "compared_with_record": [],
      "people": null,
      "upload": null,
      "recall_of": null,
      "parent_job_id": null,
      "campaign": null,
      "part": null
    },
    {
      "action": "create",
      "task_name": "winter sale",
      "file": "campaigns/winter.yaml",
      "job_id": null,
      "status": null,
      "numbers": 12000,
      "loop_count": 2,
      "changes": [],
      "reason": "",
      "not_compared": [],
      "compared_with_vendor": [],
      "compared_with_record": [],
      "people": null,
      "upload": null,
      "recall_of": null,
      "parent_job_id": null,
      "campaign": null,
      "part": null
    },
    {
      "action": "update",
      "task_name": "spring promo",
      "file": "campaigns/spring.yaml",
      "job_id": 5000001,
      "status": 0,
      "numbers": 2,
      "loop_count": 1,
      "changes": [
        {
          "field": "displayNum",
          "old": "1202****199",
          "new": "1202****142"
        },
        {
          "field": "baseFile",
          "old": null,
          "new": "audio, 10 bytes, sha256 f95b53c1e5a0"
        },
        {
          "field": "sendTime",
          "old": "2027-01-11 09:30:00",
          "new": null
        }
      ],
      "reason": "",
      "not_compared": [
        "hangUpSms"
      ],
      "compared_with_vendor": [
        "numberList (count)",
        "displayNum",
        "sendTime",
        "text"
      ],
      "compared_with_record": [
        "baseFile"
      ],
      "people": null,
      "upload": null,
      "recall_of": null,
      "parent_job_id": null,
      "campaign": null,
      "part": null
    },
    {
      "action": "blocked",
      "task_name": "autumn | news",
      "file": "campaigns/autumn.yaml",
      "job_id": 5000002,
      "status": 1,
      "numbers": 3,
      "loop_count": 1,
      "changes": [
        {
          "field": "numberList",
          "old": 2,
          "new": 3
        },
        {
          "field": "baseFile",
          "old": "audio, sha256 abababababab",
          "new": "audio, 10 bytes, sha256 f95b53c1e5a0"
        }
      ],
      "reason": "task 5000002 is calling; give it a new taskName",
      "not_compared": [],
      "compared_with_vendor": [],
      "compared_with_record": [],
      "people": null,
      "upload": null,
      "recall_of": null,
      "parent_job_id": null,
      "campaign": null,
      "part": null
    },
    {
      "action": "no-op",
      "task_name": "summer",
      "file": "campaigns/summer.yaml",
      "job_id": 5000003,
      "status": 2,
      "numbers": 5,
      "loop_count": 1,
      "changes": [],
      "reason": "",
      "not_compared": [],
      "compared_with_vendor": [
        "numberList (count)",
        "text"
      ],
      "compared_with_record": [
        "numberList",
        "smsContent"
      ],
      "people": null,
      "upload": null,
      "recall_of": null,
      "parent_job_id": null,
      "campaign": null,
      "part": null
    },
    {
      "action": "unmanaged",
      "task_name": "console test",
      "file": null,
      "job_id": 5000004,
      "status": 4,
      "numbers": 1,
      "loop_count": 1,
      "changes": [],
      "reason": "",
      "not_compared": [],
      "compared_with_vendor": [],
      "compared_with_record": [],
      "people": null,
      "upload": null,
      "recall_of": null,
      "parent_job_id": null,
      "campaign": null,
      "part": null
    }
  ]
}
"""


OFFLINE_TEXT = """\
Offline: planned against the state's snapshot of the sandbox, taken 2026-11-27T12:00:00+00:00 at commit 0123456789ab; nothing was read from the vendor. Warning: the snapshot is 30 hours old (more than --max-age); tasks may have started calling since: run `broadcastctl refresh`.

~ update   spring  (task 5000001, waiting)
           c/spring.yaml: 2 numbers, message played 3× a call
           text: "…ange arrives on the eighth of March in every…" → "…ange arrives on the ninth of March in every…"
? 12 remote tasks that no file describes are left alone:
    'console 0' (task 6000000, completed)
    'console 1' (task 6000001, completed)
    'console 2' (task 6000002, completed)
    'console 3' (task 6000003, completed)
    'console 4' (task 6000004, completed)
    'console 5' (task 6000005, completed)
    'console 6' (task 6000006, completed)
    'console 7' (task 6000007, completed)
    'console 8' (task 6000008, completed)
    'console 9' (task 6000009, completed)
    ... and 2 more (see `broadcastctl plan --format json`)

Plan: 0 to create, 1 to update, 0 blocked, 0 unchanged; 12 remote tasks no file describes.
No state was found: only what the API shows is compared (deploy writes the state).
Numbers are compared by count for 1 task: the API does not return the numbers of a task, and the state does not know what was sent to them.
"""


OFFLINE_MARKDOWN = """\
### broadcastctl plan

_Offline: planned against the state's snapshot of the sandbox, taken 2026\\-11\\-27T12:00:00\\+00:00 at commit 0123456789ab; nothing was read from the vendor\\. Warning: the snapshot is 30 hours old \\(more than \\-\\-max\\-age\\); tasks may have started calling since: run \\`broadcastctl refresh\\`\\._

Plan: 0 to create, 1 to update, 0 blocked, 0 unchanged; 12 remote tasks no file describes.

| | task | file | numbers | what changes |
|---|---|---|---|---|
| ✏️ update | spring (task 5000001) | `c/spring.yaml` | 2 × 3 plays | text: "…ange arrives on the eighth of March in every…" → "…ange arrives on the ninth of March in every…" |


<details><summary>12 remote tasks no file describes (left alone)</summary>

- console 0 (task 6000000, completed)
- console 1 (task 6000001, completed)
- console 2 (task 6000002, completed)
- console 3 (task 6000003, completed)
- console 4 (task 6000004, completed)
- console 5 (task 6000005, completed)
- console 6 (task 6000006, completed)
- console 7 (task 6000007, completed)
- console 8 (task 6000008, completed)
- console 9 (task 6000009, completed)
- console 10 (task 6000010, completed)
- console 11 (task 6000011, completed)

</details>

_No state was found: only what the API shows is compared (deploy writes the state)._
_Numbers are compared by count for 1 task: the API does not return the numbers of a task, and the state does not know what was sent to them._
"""


CUT_MARKDOWN = """\
### broadcastctl plan

_Offline: planned against the state's snapshot of the sandbox, taken 2026\\-11\\-27T12:00:00\\+00:00 at commit 0123456789ab; nothing was read from the vendor\\. Warning: the snapshot is 30 hours old \\(more than \\-\\-max\\-age\\); tasks may have started calling since: run \\`broadcastctl refresh\\`\\._

Plan: 0 to create, 1 to update, 0 blocked, 0 unchanged; 12 remote tasks no file describes.

| | task | file | numbers | what changes |
|---|---|---|---|---|
… 1 more line not shown; see the job log.
"""


def test_text(plan: Plan) -> None:
    assert view_text(plan, Style(False), show_unchanged=True) == TEXT


def test_text_folds_the_unchanged_campaigns_into_one_line(plan: Plan) -> None:
    listed = (
        "= no-op    summer  (task 5000003, completed)\n"
        "           campaigns/summer.yaml: 5 numbers, message played 1× a call\n"
        "           compared with the vendor: the number count and 1 field; with the record of "
        "what was sent: the numbers, smsContent\n"
    )
    line = "= 1 campaign unchanged (plan --show-unchanged lists them, --format json always does)\n"
    assert listed in TEXT
    assert view_text(plan, Style(False)) == TEXT.replace(listed, line)
    assert len(json.loads(view_json(plan))["actions"]) == len(plan.actions)  # json lists all


def test_every_format_names_the_target(plan: Plan) -> None:
    aimed = dataclasses.replace(plan, target="the sandbox (.broadcastctl/sandbox.sqlite3)")
    assert view_text(aimed, Style(False)) == (
        "Target: the sandbox (.broadcastctl/sandbox.sqlite3)\n" + view_text(plan, Style(False))
    )
    assert view_markdown(aimed) == MARKDOWN.replace(
        "### broadcastctl plan\n\n",
        "### broadcastctl plan\n\nTarget: `the sandbox (.broadcastctl/sandbox.sqlite3)`\n\n",
    )
    assert json.loads(view_json(aimed))["target"] == aimed.target


def test_text_in_colour_paints_each_kind_and_the_summary(plan: Plan) -> None:
    coloured = view_text(plan, Style(True), show_unchanged=True)
    assert coloured.replace("\x1b[0m", "").count("\x1b[") == 8  # 5 heads, 2 reasons, the summary
    assert "\x1b[1;31m! blocked  autumn | news\x1b[0m  (task 5000002, calling)\n" in coloured
    for code in (
        "\x1b[1;35m",
        "\x1b[1;31m",
        "\x1b[32m",
        "\x1b[33m",
        "\x1b[2m",
        "\x1b[1m",
        "\x1b[0m",
    ):
        coloured = coloured.replace(code, "")
    assert coloured == TEXT


def test_markdown(plan: Plan) -> None:
    assert view_markdown(plan) == MARKDOWN


def test_json(plan: Plan) -> None:
    assert view_json(plan) == JSON
    assert json.loads(JSON)["summary"]["plays"] == 24_000


def test_offline_text_without_a_state() -> None:
    assert view_text(offline_plan(), Style(False)) == OFFLINE_TEXT


def test_offline_markdown_without_a_state() -> None:
    assert view_markdown(offline_plan()) == OFFLINE_MARKDOWN


def test_markdown_cut_to_a_limit_says_how_much_is_left_out() -> None:
    assert view_markdown(offline_plan(), limit=608) == CUT_MARKDOWN
    assert len(CUT_MARKDOWN) <= 608


@pytest.mark.parametrize("name", ["text", "markdown", "json"])
def test_each_named_view_is_the_one_pinned_here(plan: Plan, name: str) -> None:
    expected = {"text": TEXT, "markdown": MARKDOWN, "json": JSON}[name]
    assert VIEWS[name](plan, Style(False), True) == expected
