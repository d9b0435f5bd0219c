"""Markdown pieces shared by lint's job summary and the plan's pull-request view.

Everything that comes from a campaign file or from the vendor goes through `markdown_text` (or
`markdown_code`), so that a task named `<b>x</b>` or `**x**` shows as written, never as HTML or
formatting, cannot break out of a table cell, and carries no control sequence (`output.visible`).
"""

from __future__ import annotations

import re

from broadcastctl.visible import visible

# ASCII punctuation that starts or ends markdown formatting, links, images, headings, lists,
# tables or quotes; each may be escaped with a backslash (CommonMark 2.4).
_ACTIVE = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")
_BACKTICKS = re.compile(r"`+")
# html.escape(text, quote=False) in one pass, without loading html (and its entities) on start
_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def markdown_text(text: str) -> str:
    """Text shown as written, on one line: HTML escaped, markdown's characters escaped, and
    control characters shown as `?` (a summary is read on terminals too)."""
    one_line = visible(" ".join(text.splitlines()))
    return _ACTIVE.sub(r"\\\1", one_line.translate(_HTML))


def markdown_cell(text: str) -> str:
    """Text shown as written inside one cell of a markdown table."""
    return markdown_text(text)


def markdown_code(text: str) -> str:
    """Text as an inline code span inside a table cell: fenced by more backticks than it holds
    in a row, and its `|` escaped (GitHub splits cells before it reads code spans)."""
    one_line = visible(" ".join(text.splitlines())).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(one_line)), default=0) + 1)
    padding = " " if one_line.startswith("`") or one_line.endswith("`") else ""
    return f"{fence}{padding}{one_line}{padding}{fence}"
