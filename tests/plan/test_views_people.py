"""What a plan says about the people called, pinned exactly on plans built by hand: numbers by
country, the local time of each calling window in each zone (compact for one zone, bounded for
many), the policy exceptions in force, and the new calls against the volume gate's limit."""

# ruff: noqa: E501  (whole lines of output, as printed)

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

from broadcastctl.output.style import Style
from broadcastctl.plan.model import Action, CallLimit, Kind, Plan
from broadcastctl.plan.views import view_json, view_markdown, view_text
from broadcastctl.policy.hours import Span
from broadcastctl.policy.people import People, ZoneHours
from broadcastctl.policy.policyfile import Window

VENDOR = dt.timezone(dt.timedelta(hours=8))
DAY = dt.date(2027, 1, 18)
HOURS = Window.parse("08:00-21:00")


def local(zone: str, start: str, end: str) -> Span:
    """A window given in vendor time on DAY, read in `zone`."""
    at = [dt.datetime.combine(DAY, dt.time.fromisoformat(t), VENDOR) for t in (start, end)]
    return Span(at[0].astimezone(ZoneInfo(zone)), at[1].astimezone(ZoneInfo(zone)))


def zone(region: str, name: str, numbers: int, *windows: tuple[str, str]) -> ZoneHours:
    spans = tuple(local(name, *window) for window in windows)
    late = tuple(
        not (HOURS.start <= s.start.hour * 60 + s.start.minute and s.end.hour < 21) for s in spans
    )
    return ZoneHours(region, name, numbers, spans, HOURS, late)


ONE_ZONE = People(
    day=DAY,
    windows=(Window.parse("21:00-23:00"),),
    by_region=(("US", 3),),
    zones=(zone("US", "America/New_York", 3, ("21:00", "23:00")),),
)
AU_ZONES = ["Australia/Sydney", "Australia/Brisbane", "Australia/Adelaide", "Australia/Darwin",
            "Australia/Perth", "Australia/Eucla", "Australia/Lord_Howe"]  # fmt: skip
MANY_ZONES = People(
    day=DAY,
    windows=(Window.parse("08:00-10:00"), Window.parse("14:00-15:00")),
    by_region=(
        ("AU", 7),
        ("US", 2),
        ("CA", 1),
        ("GB", 1),
        ("DE", 1),
        ("FR", 1),
        ("VN", 1),
        ("JP", 1),
    ),
    zones=tuple(
        zone("AU", name, 7 - i, ("08:00", "10:00"), ("14:00", "15:00"))
        for i, name in enumerate(AU_ZONES)
    ),
    unplaced=2,
)
ANY_HOUR = People(
    day=DAY,
    windows=(),
    by_region=(("VN", 2),),
    zones=(zone("VN", "Asia/Ho_Chi_Minh", 2, ("00:00", "23:59")),),
)


def people_plan() -> Plan:
    return Plan(
        actions=(
            Action(
                kind=Kind.CREATE,
                task_name="reminder",
                file="c/reminder.yaml",
                numbers=3,
                people=ONE_ZONE,
                exceptions=(("calling-hours", "late calls agreed with compliance, #12"),),
            ),
            Action(
                kind=Kind.CREATE,
                task_name="travel",
                file="c/travel.yaml",
                numbers=16,
                loop_count=2,
                people=MANY_ZONES,
            ),
            Action(
                kind=Kind.UPDATE,
                task_name="hanoi",
                file="c/hanoi.yaml",
                job_id=5000001,
                status=0,
                numbers=2,
                people=ANY_HOUR,
            ),
            Action(
                kind=Kind.NOOP,
                task_name="staff",
                file="c/staff.yaml",
                job_id=5000002,
                status=2,
                numbers=1,
                people=ONE_ZONE,
                exceptions=(("country-not-allowed", "Hanoi office staff, review #42"),),
            ),
        ),
        campaigns_fingerprint="sha256:c0ffee",
        remote_fingerprint="sha256:f00d",
        with_state=True,
        call_limit=CallLimit(10, "broadcastctl.yaml"),
    )


TEXT = """\
+ create   reminder
           c/reminder.yaml: 3 numbers, message played 1× a call
           calls 3 in US
           local time America/New_York: Mon 08:00-10:00; window 21:00-23:00 vendor time on Mon 2027-01-18
+ create   travel
           c/travel.yaml: 16 numbers, message played 2× a call
           calls 7 in AU, 2 in US, 1 in CA, 1 in GB, 1 in DE, 1 in FR, and 2 more countries, 2 of no known country
           local time in 7 time zones; windows 08:00-10:00, 14:00-15:00 vendor time on Mon 2027-01-18:
             Australia/Sydney (7): Mon 11:00-13:00, Mon 17:00-18:00
             Australia/Brisbane (6): Mon 10:00-12:00, Mon 16:00-17:00
             Australia/Adelaide (5): Mon 10:30-12:30, Mon 16:30-17:30
             Australia/Darwin (4): Mon 09:30-11:30, Mon 15:30-16:30
             Australia/Perth (3): Mon 08:00-10:00, Mon 14:00-15:00
             … and 2 more time zones (plan --format json lists them all)
~ update   hanoi  (task 5000001, waiting)
           c/hanoi.yaml: 2 numbers, message played 1× a call
           calls 2 in VN
           local time Asia/Ho_Chi_Minh: Sun 23:00-Mon 22:59 (outside 08:00-21:00); any hour (no allowSendTime) on Mon 2027-01-18 vendor time
= no-op    staff  (task 5000002, completed)
           c/staff.yaml: 1 number, message played 1× a call

Policy exceptions in force (2):
  reminder (c/reminder.yaml): calling-hours, because "late calls agreed with compliance, #12"
  staff (c/staff.yaml): country-not-allowed, because "Hanoi office staff, review #42"

Plan: 2 to create, 1 to update, 0 blocked, 1 unchanged; 0 remote tasks no file describes.
New calls: 19 (one per number), playing the message up to 35 times.
Volume gate: 19 new calls, over max_new_calls 10 (broadcastctl.yaml); deploy refuses them unless given --allow-calls 19 or more.
Numbers are compared by count for 2 tasks: the API does not return the numbers of a task, and the state does not know what was sent to them.
"""


def test_text() -> None:
    assert view_text(people_plan(), Style(False), show_unchanged=True) == TEXT


MARKDOWN = """\
### broadcastctl plan

Plan: 2 to create, 1 to update, 0 blocked, 1 unchanged; 0 remote tasks no file describes.\x20\x20
New calls: 19 (one per number), playing the message up to 35 times.\x20\x20
Volume gate: 19 new calls, over max_new_calls 10 (broadcastctl.yaml); deploy refuses them unless given --allow-calls 19 or more.

| | task | file | numbers | what changes |
|---|---|---|---|---|
| ➕ create | reminder | `c/reminder.yaml` | 3 × 1 play |  |
| ➕ create | travel | `c/travel.yaml` | 16 × 2 plays |  |
| ✏️ update | hanoi (task 5000001) | `c/hanoi.yaml` | 2 × 1 play |  |

**Policy exceptions in force (2)**

| task | file | rule | reason |
|---|---|---|---|
| reminder | `c/reminder.yaml` | `calling-hours` | late calls agreed with compliance, \\#12 |
| staff | `c/staff.yaml` | `country-not-allowed` | Hanoi office staff, review \\#42 |

**People called**

| task | numbers by country | calling windows | local time |
|---|---|---|---|
| reminder | 3 in US | window 21:00\\-23:00 vendor time on Mon 2027\\-01\\-18 | America/New\\_York \\(3\\): Mon 08:00\\-10:00 |
| travel | 7 in AU, 2 in US, 1 in CA, 1 in GB, 1 in DE, 1 in FR, and 2 more countries, 2 of no known country | windows 08:00\\-10:00, 14:00\\-15:00 vendor time on Mon 2027\\-01\\-18 | Australia/Sydney \\(7\\): Mon 11:00\\-13:00, Mon 17:00\\-18:00<br>Australia/Brisbane \\(6\\): Mon 10:00\\-12:00, Mon 16:00\\-17:00<br>Australia/Adelaide \\(5\\): Mon 10:30\\-12:30, Mon 16:30\\-17:30<br>Australia/Darwin \\(4\\): Mon 09:30\\-11:30, Mon 15:30\\-16:30<br>Australia/Perth \\(3\\): Mon 08:00\\-10:00, Mon 14:00\\-15:00<br>… and 2 more time zones |
| hanoi | 2 in VN | any hour \\(no allowSendTime\\) on Mon 2027\\-01\\-18 vendor time | Asia/Ho\\_Chi\\_Minh \\(2\\): Sun 23:00\\-Mon 22:59 \\(outside 08:00\\-21:00\\) |

<details><summary>1 unchanged</summary>

- staff (task 5000002, completed) — `c/staff.yaml`

</details>


_Numbers are compared by count for 2 tasks: the API does not return the numbers of a task, and the state does not know what was sent to them._
"""


def test_markdown() -> None:
    assert view_markdown(people_plan()) == MARKDOWN


def test_json_lists_every_zone_and_exception_and_the_gate() -> None:
    document = json.loads(view_json(people_plan()))
    assert document["new_calls"] == {
        "total": 19, "limit": 10, "policy": "broadcastctl.yaml", "over_limit": True,
    }  # fmt: skip
    assert document["policy_exceptions"] == [
        {"task_name": "reminder", "file": "c/reminder.yaml", "rule": "calling-hours",
         "reason": "late calls agreed with compliance, #12"},
        {"task_name": "staff", "file": "c/staff.yaml", "rule": "country-not-allowed",
         "reason": "Hanoi office staff, review #42"},
    ]  # fmt: skip
    reminder, travel = document["actions"][0]["people"], document["actions"][1]["people"]
    assert reminder == {
        "day": "2027-01-18",
        "windows": ["21:00-23:00"],
        "by_country": {"US": 3},
        "no_known_country": 0,
        "time_zones": [
            {
                "region": "US",
                "zone": "America/New_York",
                "numbers": 3,
                "calling_hours": "08:00-21:00",
                "local": [
                    {"start": "2027-01-18T08:00-05:00", "end": "2027-01-18T10:00-05:00",
                     "outside_hours": False},
                ],
            }
        ],
    }  # fmt: skip
    assert [zone["zone"] for zone in travel["time_zones"]] == AU_ZONES  # all, not only 5
    assert len(travel["by_country"]) == 8


def test_a_plan_within_the_limit_says_so() -> None:
    plan = people_plan()
    within = Plan(plan.actions, "a", "b", call_limit=CallLimit(5000, "ops/broadcastctl.yaml"))
    line = "Volume gate: 19 new calls, within max_new_calls 5,000 (ops/broadcastctl.yaml).\n"
    assert line in view_text(within, Style(False))
    assert line.strip() in view_markdown(within)
    assert not within.over_limit


def test_without_a_limit_the_plan_says_nothing_of_a_gate() -> None:
    plan = people_plan()
    unlimited = Plan(plan.actions, "a", "b")
    assert "Volume gate" not in view_text(unlimited, Style(False))
    assert json.loads(view_json(unlimited))["new_calls"] == {
        "total": 19, "limit": None, "policy": None, "over_limit": False,
    }  # fmt: skip


def test_an_update_places_no_new_call() -> None:
    update = Action(kind=Kind.UPDATE, task_name="t", file="t.yaml", job_id=1, status=0, numbers=900)
    plan = Plan((update,), "a", "b", call_limit=CallLimit(0, "broadcastctl.yaml"))
    assert plan.new_calls == 0
    assert not plan.over_limit
    assert "Volume gate: 0 new calls, within max_new_calls 0" in view_text(plan, Style(False))
