"""`broadcastctl schema`: print the campaign JSON Schema, or its path, for editors and tools."""

from __future__ import annotations

import sys

from broadcastctl.errors import EXIT_OK
from broadcastctl.schema import schema_path, schema_text


def run(*, path: bool) -> int:
    sys.stdout.write(f"{schema_path()}\n" if path else schema_text())
    return EXIT_OK
