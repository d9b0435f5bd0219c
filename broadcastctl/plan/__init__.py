"""Plan: what the files ask for against what exists at the vendor -> a Plan of actions.

Owns the request bodies built from campaigns (`bodies`), the pure planner (`planner`), reading
the remote tasks through the client (`remote`), plans saved to disk by `plan --out`
(`planfile`) and the plan's views for people, pull requests and programs (`views`). It may
import `broadcastctl.lint` (for the Campaign record), `broadcastctl.output`, `broadcastctl.api`
(only in `remote`) and the shared top-level modules. `planner` imports nothing that does I/O.
"""
