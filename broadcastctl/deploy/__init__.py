"""Deploy: a Plan -> vendor calls, each task exactly once.

Owns applying: the deployer (`deployer`), cancelling orphans (`prune`) and the voice files of
source 1 campaigns, uploaded once (`voicefiles`). Making the plan is `broadcastctl.workflow`'s;
recording what was sent is `broadcastctl.state.recorder`'s. It may import `plan`, `api`,
`output` and the top level; only `state.recorder` and `commands` import it.
"""
