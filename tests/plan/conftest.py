"""A plan built by hand, with one action of every kind, for the views and the saved-plan file."""

from __future__ import annotations

import pytest

from broadcastctl.plan.model import Action, Change, Kind, Plan

AUDIO = "SUQzBAAAAAAAAA=="  # an ID3 header: ten bytes


def handbuilt_plan() -> Plan:
    return Plan(
        actions=(
            Action(
                kind=Kind.ORPHANED,
                task_name="old promo",
                file="campaigns/old.yaml",
                job_id=5000000,
                status=0,
                numbers=40,
                reason="no file describes it any more",
            ),
            Action(
                kind=Kind.CREATE,
                task_name="winter sale",
                file="campaigns/winter.yaml",
                numbers=12_000,
                loop_count=2,
            ),
            Action(
                kind=Kind.UPDATE,
                task_name="spring promo",
                file="campaigns/spring.yaml",
                job_id=5000001,
                status=0,
                numbers=2,
                loop_count=1,
                changes=(
                    Change("displayNum", "12025550199", "12025550142"),
                    Change("baseFile", None, AUDIO),
                    Change("sendTime", "2027-01-11 09:30:00", None),
                ),
                not_compared=("hangUpSms",),
                with_vendor=("numberList (count)", "displayNum", "sendTime", "text"),
                with_record=("baseFile",),
            ),
            Action(
                kind=Kind.BLOCKED,
                task_name="autumn | news",
                file="campaigns/autumn.yaml",
                job_id=5000002,
                status=1,
                numbers=3,
                loop_count=1,
                changes=(
                    Change("numberList", 2, 3),
                    Change("baseFile", "sha256:" + "ab" * 32, AUDIO),
                ),
                reason="task 5000002 is calling; give it a new taskName",
            ),
            Action(
                kind=Kind.NOOP,
                task_name="summer",
                file="campaigns/summer.yaml",
                job_id=5000003,
                status=2,
                numbers=5,
                loop_count=1,
                numbers_compared=True,
                with_vendor=("numberList (count)", "text"),
                with_record=("numberList", "smsContent"),
            ),
            Action(
                kind=Kind.UNMANAGED, task_name="console test", job_id=5000004, status=4, numbers=1
            ),
        ),
        campaigns_fingerprint="sha256:c0ffee",
        remote_fingerprint="sha256:f00d",
        with_state=True,
    )


@pytest.fixture
def plan() -> Plan:
    return handbuilt_plan()
