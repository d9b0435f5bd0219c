"""Status: what running campaigns are doing and what their calls gave.

Owns the status board built from the task list (`board`), its views for a terminal, a job
summary and programs (`views`), and call records as CSV rows (`results`). Everything here is
pure except `csvfile`, which writes the file the user asked for. It may import
`broadcastctl.api` (records only, never the client), `broadcastctl.output` and the shared
top-level modules; never `plan`, `deploy`, `lint`, `commands` or `sandbox`: the command hands
it plain data.
"""
