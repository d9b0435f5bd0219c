"""broadcastctl: voice broadcast campaigns as code, linted, planned and deployed from git."""

__version__ = "0.1.0"
