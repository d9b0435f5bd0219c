"""Lets `python -m broadcastctl` run the command line."""

from broadcastctl.cli import main

raise SystemExit(main())
