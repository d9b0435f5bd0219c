"""Deploy: a Plan -> vendor calls, each task exactly once.

Owns the deployer (`deployer`) and the chain that plan and deploy share (`chain`: lint the
files, build the desired tasks, open the target, read the remote tasks, plan), and what git
history says of a blocked swap of numbers (`history`). It may import
every other stage; no other stage imports it except `broadcastctl.commands`.
"""
