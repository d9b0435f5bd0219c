"""Deploy: a Plan -> vendor calls, each task exactly once.

Owns the deployer (`deployer`) and the chain that plan and deploy share (`chain`: lint the
files, build the desired tasks, open the target, read the remote tasks, plan). It may import
every other stage; no other stage imports it except `broadcastctl.commands`.
"""
