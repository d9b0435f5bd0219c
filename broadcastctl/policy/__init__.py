"""Policy: the safety of the people a campaign calls.

Owns the policy file, broadcastctl.yaml (`policyfile`), and the do-not-call lists it names
(`suppression`: read by `dnclist`, kept compiled by `listcache`, dated by `freshness` on the
day `callingdays` says a campaign calls last); phone numbers judged with libphonenumber's
metadata (`numbers`); a campaign's numbers with their countries and time zones (`audience`);
local calling hours (`hours`); and the rules that turn these into lint diagnostics (`rules`),
run by `broadcastctl.lint.pipeline`. It may import `broadcastctl.lint` (campaigns,
diagnostics, positions), `broadcastctl.output`, `broadcastctl.schema`, `broadcastctl.safefile`,
`broadcastctl.git` and `broadcastctl.errors`; never the API client, the planner or the
deployer, so lint stays offline.
"""
