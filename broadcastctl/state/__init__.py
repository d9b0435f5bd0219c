"""State: the record of what deploy sent and of the remote tasks as last read.

Owns the file and its format (`store`: read, compare-and-swap write, the one snapshot writer),
an entry of what was sent to a task (`entry`), the remote tasks a snapshot holds (`snapshot`)
and deploy's recorder (`recorder`). The format (`store`, `entry`, `snapshot`) imports nothing
of `plan`, `deploy` or `commands`, so the planner may read it; `recorder`, which turns deploy's
outcomes into entries, is the one module here that sits above `plan` and `deploy`.
"""
