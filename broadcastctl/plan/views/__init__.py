"""The plan's views, one module per format (`text`, `markdown`, `json`) over the lines they
share (`common`) and the subjects they show (`people` called, voice file `uploads`); refresh's
report is `drift`. Each reads the plain data of `plan.model` and returns a string.

Numbers never appear, only their count; caller ids are masked and audio is shown by size and
digest. Secrets never reach a plan in the first place.
"""

from __future__ import annotations

from collections.abc import Callable

from broadcastctl.output.style import Style
from broadcastctl.plan.model import Plan
from broadcastctl.plan.views.json import view_json
from broadcastctl.plan.views.markdown import view_markdown
from broadcastctl.plan.views.text import view_text

__all__ = ["VIEWS", "view_json", "view_markdown", "view_text"]

# (plan, style, show_unchanged): only text folds the unchanged campaigns into one line;
# markdown folds them into a list that opens, json always lists them.
VIEWS: dict[str, Callable[[Plan, Style, bool], str]] = {
    "text": lambda plan, style, show: view_text(plan, style, show_unchanged=show),
    "markdown": lambda plan, _, __: view_markdown(plan),
    "json": lambda plan, _, __: view_json(plan),
}
