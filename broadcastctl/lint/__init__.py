"""Lint: campaign files -> diagnostics.

Owns YAML loading with source positions (`yamlload`, `sourcemap`), finding and reading campaign
files and the files they name (`campaigns`), schema failures in plain words (`schema_check`, which
asks jsonschema only about a document the schema compiled to a yes/no check refuses:
`schema_fast`),
the rules a schema cannot express (`rules`), the registry where every rule id is declared once
(`registry`), the pipeline that runs them all (`pipeline`), the
Diagnostic record (`diagnostics`) and lint's output formats (`reporters`). It may import
`broadcastctl.output`, `broadcastctl.schema`, `broadcastctl.vendorfields`,
`broadcastctl.errors` and (the pipeline only) `broadcastctl.policy`; never the API client, the
planner or the deployer, so lint stays offline and fast.
"""
