"""The defaults the command line and the remote commands' options share, as plain constants:
the command line reads them at every start, `lint` included, without building the options'
dataclasses (about 13 ms)."""

DEFAULT_PATHS = ("campaigns",)
DEFAULT_WORKERS = 8  # API requests in flight at once, unless --workers says otherwise
