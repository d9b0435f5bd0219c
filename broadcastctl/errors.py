"""The small family of exceptions broadcastctl raises on purpose, and the exit codes of every
command: the one table of them (the README's "Exit codes" says the same).

| code | meaning                                                                           |
|------|-----------------------------------------------------------------------------------|
| 0    | done; nothing wrong (warnings allowed)                                            |
| 1    | an error: lint errors, an API failure, a blocked campaign, the volume gate refused |
| 2    | changes present: only with `--detailed-exitcode` (plan, refresh)                   |
| 64   | a usage error: an unknown option, a bad value, a missing variable (EX_USAGE)        |
| 130  | interrupted (Ctrl-C)                                                              |

A usage error is 64, as sysexits.h names it, and never 2: with `--detailed-exitcode` a CI step
reads 2 as "changes to apply", and a typo must not look like that.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_CHANGES = 2  # only with --detailed-exitcode
EXIT_USAGE = 64  # EX_USAGE of sysexits.h: never 2, which --detailed-exitcode gives "changes"
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C

EXIT_CODES = {
    EXIT_OK: "done, nothing wrong",
    EXIT_FAILURE: "an error",
    EXIT_CHANGES: "changes present (only with --detailed-exitcode)",
    EXIT_USAGE: "a usage error",
    EXIT_INTERRUPTED: "interrupted",
}


class BroadcastctlError(Exception):
    """An error the user can act on; its message says what went wrong and what to do."""

    exit_code = EXIT_FAILURE


class UsageError(BroadcastctlError):
    """The command line or the configuration asks for something that cannot be done."""

    exit_code = EXIT_USAGE
