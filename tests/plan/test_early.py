"""Comparisons made while the tasks are read are the planner's own, and taken only for the very
inputs they were made from."""

from __future__ import annotations

from dataclasses import replace

import pytest

from broadcastctl.plan.bodies import DesiredTask
from broadcastctl.plan.model import Kind
from broadcastctl.plan.planner import Comparisons, make_plan
from broadcastctl.state.snapshot import RemoteTask
from tests.plan.test_planner import desired, entry_of, remote


def _tasks() -> tuple[list[DesiredTask], list[RemoteTask]]:
    files = [
        desired("same"),
        desired("new text", text="Bye"),
        desired("more numbers", numberList=["12025550101", "12025550102", "12025550103"]),
        desired("changed file"),
        desired("calling", text="Bye"),
    ]
    tasks = [
        replace(remote("same"), job_id=1),
        replace(remote("new text"), job_id=2),
        replace(remote("more numbers"), job_id=3),
        replace(remote("changed file"), job_id=4),
        replace(remote("calling", status=1), job_id=5),
    ]
    return files, tasks


def test_a_plan_with_early_comparisons_is_the_plan_without_them() -> None:
    files, tasks = _tasks()
    sent = {
        name: replace(entry_of(files[at].body), task_name=name, job_id=at + 1, file=files[at].file)
        for at, name in enumerate(("same", "new text"))
    }
    early = Comparisons(files, {"changed file"}, sent)
    for task in tasks:
        early.read(task)
    plain = make_plan(files, tasks, {"changed file"}, sent)
    assert make_plan(files, tasks, {"changed file"}, sent, early=early) == plain
    kinds = {action.task_name: action.kind for action in plain.actions}
    assert kinds == {
        "same": Kind.NOOP,
        "new text": Kind.UPDATE,
        "more numbers": Kind.BLOCKED,
        "changed file": Kind.BLOCKED,  # numbers the state holds no record of: unconfirmed
        "calling": Kind.BLOCKED,
    }


def test_an_early_comparison_is_taken_for_the_same_inputs_only() -> None:
    files, tasks = _tasks()
    early = Comparisons(files)
    early.read(tasks[0])
    made = early.compare(files[0], tasks[0], False, None)
    assert early.compare(files[0], tasks[0], False, None) is made
    # The file's task as the plan sees it may differ from the one read early (a voice file's
    # id filled in after the reads): its comparison is made again, on what the plan holds.
    edited = replace(files[0], body={**files[0].body, "text": "Bye"})
    [action] = make_plan([edited], [tasks[0]], early=early).actions
    assert action.kind is Kind.UPDATE
    assert [change.field for change in action.changes] == ["text"]
    assert early.compare(files[0], tasks[0], True, None) is not made  # another resend


def test_a_comparison_that_fails_early_is_made_again_by_the_plan_and_fails_there() -> None:
    files, tasks = _tasks()
    odd = replace(tasks[0], fields={**tasks[0].fields, "text": [{1, 2}]})  # no JSON holds a set
    early = Comparisons(files)
    early.read(odd)  # in a reading thread: nothing is raised there
    with pytest.raises(TypeError):
        make_plan([files[0]], [odd], early=early)
