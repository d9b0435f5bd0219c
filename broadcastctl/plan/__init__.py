"""Plan: what the files ask for against what exists at the vendor -> a Plan of actions.

Owns the request bodies built from campaigns (`bodies`), the plan's model (`model`), the pure
planner (`planner`), reading the remote tasks through the client (`remote`) over a creation
window (`window`), drift (`drift`), plans saved to disk by `plan --out` (`planfile`), the plan's
views for people, pull requests and programs (`views`: a module per format, with what they say
of the people called and of voice files, and refresh's report) and the
volume gate (`gate`). It may import `broadcastctl.lint` (for the Campaign record),
`broadcastctl.output`, `broadcastctl.api` (only in `remote`), `broadcastctl.policy` (only the
plain data of `people`), `broadcastctl.state` (its format: entries and the snapshot's remote
tasks) and the shared top-level modules. `planner` and `model` import nothing that does I/O.
"""
