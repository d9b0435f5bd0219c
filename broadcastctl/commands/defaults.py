"""The defaults the command line and the remote commands' options share, as plain constants:
the command line reads them at every start, `lint` included, without building the options'
dataclasses (about 13 ms)."""

DEFAULT_PATHS = ("campaigns",)
# API requests in flight at once, unless --workers says otherwise. 10, as Terraform's
# -parallelism and the AWS CLI's max_concurrent_requests: the vendor documents no limit, and a
# 429 pauses every request of the client for as long as it asks. A plan reads one list page per
# 100 remote tasks and up to one detail per campaign: its time is their round trips
# (docs/performance.md#plan-and-deploy).
DEFAULT_WORKERS = 10
