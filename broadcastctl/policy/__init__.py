"""Policy: the safety of the people a campaign calls.

Owns the policy file, broadcastctl.yaml (`policyfile`), and the do-not-call lists it names
(`suppression`: read by `dnclist`, in bulk by `listbulk` with the first digits that decide a
number from `decisive`, kept compiled by `listcache`, judged old or fresh by `freshness` on
the last day a campaign calls); phone numbers judged with libphonenumber's
metadata (`numbers`); a campaign's numbers with their countries and time zones (`audience`);
calling windows placed in time (`hours`); the calling rules by country, shipped as data with
their sources (`calling-rules.yaml`, read by `countries`, with public holidays from
`holidays`), judged on the days a campaign calls (`localrules`) and across campaigns for how
often one person is called (`frequency`), and printed by `broadcastctl rules` (`rulesview`);
what a plan shows of the people called (`people`); and the rules that turn these into lint
diagnostics (`rules`, listed in `broadcastctl.checks.registry` and run by
`broadcastctl.checks.pipeline`). It builds on the lint core, `broadcastctl.lint` (campaigns,
diagnostics, positions, the rule kinds), and may import `broadcastctl.output` and the
top-level modules (`safefile` among them); never `broadcastctl.checks`, the API client, the
planner or the deployer, so lint stays offline.
"""
