"""Fixtures for talking to the sandbox in raw HTTP, the way curl or any other client would."""

import hashlib

import pytest
import requests


@pytest.fixture
def signed(sandbox):
    """Makes the vendor's headers, signed here (not by broadcastctl's client) for `timestamp`."""

    def headers(timestamp=None, *, key=None, secret=None, sign=None):
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
def http(sandbox, signed):
    """Sends a request to a sandbox path; signed unless headers are given. Returns the response."""
    with requests.Session() as session:

        def send(path, body=None, *, method="POST", headers=None, server=None):
            url = f"{(server or sandbox).url}/{path.lstrip('/')}"
            return session.request(
                method, url, json=body, headers=signed() if headers is None else headers, timeout=10
            )

        yield send
