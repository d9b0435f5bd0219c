"""Counted nouns: singular for exactly one, everywhere a count is printed."""

from __future__ import annotations

import pytest

from broadcastctl.output.style import Style
from broadcastctl.output.words import duration, plural
from broadcastctl.plan.model import Action, Kind, Plan
from broadcastctl.plan.views import view_markdown, view_text
from broadcastctl.plan.views.common import summary_line


def test_plural() -> None:
    assert plural(1, "number") == "1 number"
    assert plural(0, "number") == "0 numbers"
    assert plural(12_000, "call") == "12,000 calls"
    assert plural(2, "entry", "entries") == "2 entries"


def test_a_plan_of_one_task_with_one_number_speaks_in_the_singular() -> None:
    create = Action(kind=Kind.CREATE, task_name="t", file="c/t.yaml", numbers=1, loop_count=1)
    unmanaged = Action(kind=Kind.UNMANAGED, task_name="u", job_id=5000001, status=0, numbers=1)
    plan = Plan(actions=(create, unmanaged), campaigns_fingerprint="a", remote_fingerprint="b")
    text = view_text(plan, Style(False)) + view_markdown(plan) + summary_line(plan)
    for wrong in ("1 numbers", "1 remote tasks", "1 times", "1 plays", "1 tasks"):
        assert wrong not in text
    assert "c/t.yaml: 1 number, message played 1× a call" in text
    assert "1 remote task that no file describes is left alone" in text
    assert "up to 1 time." in text


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0.36, "0 seconds"),  # --max-age 0.0001 once said "0 hours old"
        (1, "1 second"),
        (119, "119 seconds"),
        (120, "2 minutes"),
        (90 * 60, "90 minutes"),
        (30 * 3_600, "30 hours"),
        (3 * 86_400, "3 days"),
    ],
)
def test_a_duration_is_said_in_a_unit_that_fits(seconds: float, shown: str) -> None:
    assert duration(seconds) == shown
