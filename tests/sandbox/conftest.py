"""Fixtures for talking to the sandbox in raw HTTP, the way curl or any other client would."""

import hashlib
from collections.abc import Callable, Iterator

import pytest
import requests

from broadcastctl.sandbox import SandboxServer


@pytest.fixture
def signed(sandbox: SandboxServer) -> Callable[..., dict[str, str]]:
    """Makes the vendor's headers, signed here (not by broadcastctl's client) for `timestamp`."""

    def headers(
        timestamp: float | str | None = None,
        *,
        key: str | None = None,
        secret: str | None = None,
        sign: str | None = None,
    ) -> dict[str, str]:
        stamp = str(int(sandbox.clock.now()) if timestamp is None else timestamp)
        key = key or sandbox.api_key
        secret = secret or sandbox.api_secret
        digest = hashlib.md5(f"{key}{secret}{stamp}".encode()).hexdigest()
        return {
            "Api-Key": key,
            "Timestamp": stamp,
            "Sign": sign or digest,
            "Content-Type": "application/json;charset=UTF-8",
        }

    return headers


@pytest.fixture
def http(
    sandbox: SandboxServer, signed: Callable[..., dict[str, str]]
) -> Iterator[Callable[..., requests.Response]]:
    """Sends a request to a sandbox path; signed unless headers are given. Returns the response."""
    with requests.Session() as session:

        def send(
            path: str,
            body: object = None,
            *,
            method: str = "POST",
            headers: dict[str, str] | None = None,
            server: SandboxServer | None = None,
        ) -> requests.Response:
            url = f"{(server or sandbox).url}/{path.lstrip('/')}"
            return session.request(
                method, url, json=body, headers=signed() if headers is None else headers, timeout=10
            )

        yield send
