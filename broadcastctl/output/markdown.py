"""Markdown pieces shared by lint's job summary and the plan's pull-request view."""

from __future__ import annotations


def markdown_cell(text: str) -> str:
    """Text that stays inside one cell of a markdown table."""
    return text.replace("|", "\\|").replace("\n", " ")
