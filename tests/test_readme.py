"""The README stays true: it documents every rule, and CI runs the test command it gives."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from broadcastctl.lint.diagnostics import RULE_DESCRIPTIONS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def test_every_rule_id_is_documented() -> None:
    missing = [rule for rule in RULE_DESCRIPTIONS if f"`{rule}`" not in README]
    assert missing == []


def test_ci_runs_the_readme_test_command() -> None:
    block = re.search(r"<!-- test-command -->\n```sh\n(.+)\n```", README)
    assert block is not None
    printed = subprocess.run(
        [str(ROOT / ".ci" / "run"), "--print"], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert printed == block.group(1)
    assert "pytest" in printed
