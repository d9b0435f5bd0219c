"""Workflow: the steps plan, deploy, refresh, status and results share, above `plan` and `deploy`.

Owns opening the target (`target`: the vendor, or the sandbox in this process; the one module
that knows the sandbox), what the files ask for (`desired`: lint, then request bodies),
planning live and offline with one finishing step (`planning`), and what git history says of a
blocked swap of numbers (`history`). It may import `lint`, `policy`, `plan`, `state`, `api`,
`sandbox` (only `target`, only when a sandbox is opened) and the top level; only `commands`
imports it. `target` imports neither the lint pipeline nor the planner.
"""
