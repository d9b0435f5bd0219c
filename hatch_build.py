"""Records, in the wheel, the commit it was built from, when the build is told it
(BROADCASTCTL_BUILD_COMMIT, which the release workflow sets to the tag's commit): `broadcastctl
init` then pins the action of that very commit by SHA."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

COMMIT = "broadcastctl/data/commit"


class CommitHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        commit = os.environ.get("BROADCASTCTL_BUILD_COMMIT", "").strip().lower()
        if not commit:
            return  # a build from a working tree: init pins the action by tag instead
        if not re.fullmatch(r"[0-9a-f]{40}", commit):
            raise ValueError(f"BROADCASTCTL_BUILD_COMMIT is not a full commit SHA: {commit!r}")
        folder = Path(tempfile.mkdtemp(prefix="broadcastctl-build-"))
        (folder / "commit").write_text(commit + "\n", encoding="utf-8")
        build_data["force_include"][str(folder / "commit")] = COMMIT
