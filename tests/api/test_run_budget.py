"""The run's budget of time spent waiting on the vendor, and where its limit comes from."""

from __future__ import annotations

import pytest

from broadcastctl.api.config import DEFAULT_RUN_TIMEOUT, run_timeout
from broadcastctl.api.transport import RunBudget
from broadcastctl.errors import UsageError


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_only_time_with_a_call_in_flight_is_counted() -> None:
    clock = Clock()
    budget = RunBudget(10, clock)
    budget.enter()
    clock.now = 4.0
    budget.leave()  # 4 s spent
    clock.now = 1000.0  # a person reads the plan, or --watch sleeps: not counted
    budget.enter()
    budget.enter()  # two calls at once count once
    clock.now = 1002.0
    budget.leave()
    assert budget.ends() == pytest.approx(1006.0)  # 10 s, less 4 and the 2 running
    budget.leave()
    assert budget.ends() == pytest.approx(1006.0)  # the same once spent: 6 s in all


@pytest.mark.parametrize(
    ("text", "seconds"), [("", DEFAULT_RUN_TIMEOUT), ("42", 42.0), (" 1 ", 1.0)]
)
def test_the_limit_comes_from_the_variable(text: str, seconds: float) -> None:
    assert run_timeout({"BROADCASTCTL_TIMEOUT": text}) == seconds


@pytest.mark.parametrize("text", ["abc", "0", "-5", "nan", "inf", "1e308", "0.5", "9" * 400])
def test_a_bad_limit_is_refused_naming_the_variable(text: str) -> None:
    with pytest.raises(UsageError, match=r"BROADCASTCTL_TIMEOUT \(--timeout\) must be"):
        run_timeout({"BROADCASTCTL_TIMEOUT": text})
