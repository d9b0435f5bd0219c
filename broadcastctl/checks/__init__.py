"""Checks: lint and policy composed into one lint pass.

Owns the one list of the modules that hold rules (`registry`), the pipeline that loads every
file and runs every listed rule on it (`pipeline`, with `halves` to use a second core), and the
output formats of its report (`reporters`). It sits above `broadcastctl.lint` (the lint core:
YAML with positions, diagnostics, campaign and numbers files, the rule kinds and their
context) and `broadcastctl.policy` (which builds on that core); it may import both, plus
`broadcastctl.output` and the top-level modules, never the API client, the planner or the
deployer, so lint stays offline and fast.
"""
