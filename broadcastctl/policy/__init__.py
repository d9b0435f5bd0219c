"""Policy: the safety of the people a campaign calls.

Owns the policy file, broadcastctl.yaml, and the do-not-call lists it names (`policyfile`);
phone numbers judged with libphonenumber's metadata (`numbers`); a campaign's numbers with
their countries and time zones (`audience`); local calling hours (`hours`); what a plan shows
of the people called (`people`); and the rules that turn these into lint diagnostics (`rules`,
listed in `broadcastctl.checks.registry` and run by `broadcastctl.checks.pipeline`). It builds on
the lint core, `broadcastctl.lint` (campaigns, diagnostics, positions, the rule kinds), and may
import `broadcastctl.output` and the top-level modules; never `broadcastctl.checks`, the API
client, the planner or the deployer, so lint stays offline.
"""
