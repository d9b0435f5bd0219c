"""`broadcastctl rules [COUNTRY...]`: the calling rules in force by country, built-in with the
overrides of the policy file over a folder, with their sources."""

from __future__ import annotations

import sys
from pathlib import Path

from broadcastctl.errors import EXIT_FAILURE, EXIT_OK, BroadcastctlError
from broadcastctl.lint.diagnostics import Severity
from broadcastctl.policy.countries import DEFAULT, country_rules, known_countries
from broadcastctl.policy.policyfile import find_policy, load_policy
from broadcastctl.policy.rulesview import VIEWS


def run(*, countries: list[str], format: str = "text", folder: str = ".") -> int:
    wanted = [code.upper() for code in countries] or [*known_countries(), DEFAULT]
    bad = [code for code in wanted if not (len(code) == 2 and code.isalpha()) and code != "DEFAULT"]
    if bad:
        raise BroadcastctlError(f"{', '.join(bad)}: name countries by ISO code, like AU FR")
    loaded = load_policy(find_policy(Path(folder)))
    errors = [d for d in loaded.diagnostics if d.severity is Severity.ERROR]
    for problem in errors:
        print(f"{problem.file}:{problem.line}:{problem.column}: {problem.message}", file=sys.stderr)
    policy = loaded.policy
    rules = [
        country_rules(DEFAULT if code == "DEFAULT" else code, policy.calling_rules)
        for code in wanted
    ]
    sys.stdout.write(VIEWS[format](rules, policy.file))
    return EXIT_FAILURE if errors else EXIT_OK
