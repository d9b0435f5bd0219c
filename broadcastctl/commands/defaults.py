"""The defaults the command line and the remote commands' options share, as plain constants:
the command line reads them at every start, `lint` included, without building the options'
dataclasses (about 13 ms)."""

DEFAULT_PATHS = ("campaigns",)
# API requests in flight at once, unless --workers says otherwise. 10, as Terraform's
# -parallelism and the AWS CLI's max_concurrent_requests: the vendor documents no limit, the
# client waits as told on 429 (Retry-After), and a plan of N named tasks makes N + pages/100
# reads, so its time is their round trips (docs/performance.md#plan-and-deploy).
DEFAULT_WORKERS = 10
