"""Policy: the safety of the people a campaign calls.

Owns the policy file, broadcastctl.yaml, and the do-not-call lists it names (`policyfile`);
phone numbers judged with libphonenumber's metadata (`numbers`); a campaign's numbers with
their countries and time zones (`audience`); local calling hours (`hours`); and the rules that
turn these into lint diagnostics (`rules`), run by `broadcastctl.checks.pipeline`. It may import
`broadcastctl.lint` (campaigns, diagnostics, positions), `broadcastctl.output`,
`broadcastctl.schema`, `broadcastctl.git` and `broadcastctl.errors`; never the API client, the
planner or the deployer, so lint stays offline.
"""
