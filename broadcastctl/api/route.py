"""How calls reach the vendor: the urllib3 pool requests itself would use for the configured URL
(its proxy, TLS checks and credentials from the environment, worked out once), and urllib3's
failures under the names requests gives them, which the transport's messages and retry rules
are written against."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast
from urllib.parse import urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.exceptions import (
    ClosedPoolError,
    ConnectTimeoutError,
    LocationValueError,
    MaxRetryError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    ResponseError,
)

from broadcastctl import __version__
from broadcastctl.api.config import ApiConfig, is_loopback_host

# Connections kept open for the next call: as many as may be in flight (--workers is at most 64);
# a call beyond them opens its own, closed after its answer.
POOL_SIZE = 64


@dataclass(frozen=True)
class Route:
    """How every call reaches the vendor: the urllib3 pool for its URL, the start of each
    request's target on that pool (the full URL through a plain-HTTP proxy), and the headers
    sent beside the signed ones."""

    pool: urllib3.HTTPConnectionPool
    prefix: str
    headers: Mapping[str, str]


def route_to(config: ApiConfig) -> Route:
    """The route requests would take to `config.url`, worked out by requests once: its proxy,
    TLS verification (certifi, or REQUESTS_CA_BUNDLE) and .netrc credentials from the
    environment, none of which loopback (sandbox) traffic sees; basic auth from the URL."""
    session = requests.Session()
    try:
        session.headers["User-Agent"] = f"broadcastctl/{__version__}"
        session.trust_env = not is_loopback_host(urlsplit(config.url).hostname or "")
        base = session.prepare_request(requests.Request("GET", f"{config.url}/"))
        settings = session.merge_environment_settings(base.url, {}, True, None, None)
    finally:
        session.close()
    adapter = HTTPAdapter(pool_maxsize=POOL_SIZE)
    verify, proxies, cert = settings["verify"], settings["proxies"], settings["cert"]
    try:
        # Every pool requests makes (plain, TLS, through a proxy) is an HTTPConnectionPool.
        pool = cast(
            urllib3.HTTPConnectionPool,
            adapter.get_connection_with_tls_context(base, verify, proxies=proxies, cert=cert),
        )
    except LocationValueError as error:
        raise requests.exceptions.InvalidURL(error) from error
    # A CA bundle path that does not exist raises here, as it does inside requests.
    adapter.cert_verify(pool, base.url or "", verify, cert)  # type: ignore[no-untyped-call]
    headers = {name: value for name, value in base.headers.items() if name != "Content-Length"}
    return Route(pool, adapter.request_url(base, proxies), headers)


def requests_error(error: Exception) -> Exception:
    """The exception requests' own adapter raises for this urllib3 failure: what a failure
    says, and whether it proves nothing was sent, reads as it always has."""
    if isinstance(error, ProtocolError | OSError | ClosedPoolError):
        return requests.ConnectionError(error)
    if isinstance(error, MaxRetryError):
        reason = error.reason
        if isinstance(reason, ConnectTimeoutError) and not isinstance(reason, NewConnectionError):
            return requests.ConnectTimeout(error)
        same = next((raised for kind, raised in _GAVE_UP if isinstance(reason, kind)), None)
        return (same or requests.ConnectionError)(error)
    same = next((raised for kind, raised in _FAILED if isinstance(error, kind)), None)
    return error if same is None else same(error)


# urllib3's failures, and requests' names for them: of the one attempt, and of its connection.
_FAILED: tuple[tuple[type[Exception], type[requests.RequestException]], ...] = (
    (urllib3.exceptions.ProxyError, requests.exceptions.ProxyError),
    (urllib3.exceptions.SSLError, requests.exceptions.SSLError),
    (ReadTimeoutError, requests.ReadTimeout),
    (urllib3.exceptions.InvalidHeader, requests.exceptions.InvalidHeader),
)
_GAVE_UP: tuple[tuple[type[Exception], type[requests.RequestException]], ...] = (
    (ResponseError, requests.exceptions.RetryError),
    (urllib3.exceptions.ProxyError, requests.exceptions.ProxyError),
    (urllib3.exceptions.SSLError, requests.exceptions.SSLError),
)
