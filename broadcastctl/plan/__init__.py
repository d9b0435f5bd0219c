"""Plan: what the files ask for against what exists at the vendor -> a Plan of actions.

Owns the request bodies built from campaigns (`bodies`), the pure planner (`planner`), reading
the remote tasks through the client (`remote`), plans saved to disk by `plan --out`
(`planfile`), the plan's views for people, pull requests and programs (`views`, with what they
say of the people called in `peopleview`) and the volume gate (`gate`). It may import
`broadcastctl.lint` (for the Campaign record), `broadcastctl.output`, `broadcastctl.api` (only
in `remote`), `broadcastctl.policy` (only the plain data of `people`) and the shared top-level
modules. `planner` imports nothing that does I/O.
"""
