"""Lint core: campaign files -> diagnostics, the parts policy builds on.

Owns YAML loading with source positions (`yamlload`, `sourcemap`), finding and reading campaign
files and the files they name (`campaigns`, numbers files through `numberfile`), schema failures
in plain words (`schema_check`, which asks jsonschema only about a document the schema compiled
to a yes/no check refuses: `schema_fast`), the rules a schema cannot express (`rules`), what a
rule is and the context it is given (`registry`) and the Diagnostic record (`diagnostics`). The
pass that composes lint and policy is `broadcastctl.checks`. It may import
`broadcastctl.output` and the top-level modules; never policy, the API client, the planner or
the deployer, so lint stays offline and fast.
"""
