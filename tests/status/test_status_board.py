"""When a campaign's task is under way outside its calling windows, the board says when the next
window opens (vendor time, minutes of the day)."""

from __future__ import annotations

import pytest

from broadcastctl.status.board import next_opening

NIGHT = (("00:00", "08:00"),)


@pytest.mark.parametrize(
    ("windows", "clock", "opens"),
    [
        (NIGHT, "07:59", None),  # inside
        (NIGHT, "08:00", "00:00"),  # a window's end is outside it
        (NIGHT, "23:59", "00:00"),
        ((("09:00", "12:00"), ("14:00", "18:00")), "12:30", "14:00"),  # the sooner of two
        ((("09:00", "12:00"), ("14:00", "18:00")), "19:00", "09:00"),  # tomorrow's first
        ((("22:00", "02:00"),), "01:30", None),  # past midnight, inside
        ((("22:00", "02:00"),), "02:00", "22:00"),
        ((), "03:00", None),  # no window: any hour
        ((("09:00", "09:00"),), "03:00", None),  # an empty window alone: any hour
        ((("9:0", "12:00"), ("14:00", "18:00")), "10:00", "14:00"),  # not HH:mm: left out
    ],
)
def test_the_next_window_opens(
    windows: tuple[tuple[str, str], ...], clock: str, opens: str | None
) -> None:
    hours, minutes = clock.split(":")
    assert next_opening(windows, int(hours) * 60 + int(minutes)) == opens
