"""The small family of exceptions broadcastctl raises on purpose, each with its exit code."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


class BroadcastctlError(Exception):
    """An error the user can act on; its message says what went wrong and what to do."""

    exit_code = EXIT_FAILURE


class UsageError(BroadcastctlError):
    """The command line or the configuration asks for something that cannot be done."""

    exit_code = EXIT_USAGE
