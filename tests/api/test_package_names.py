"""The package's names: one list (its type-checking imports), each imported on first use."""

from __future__ import annotations

import subprocess
import sys

import broadcastctl.api
from broadcastctl.api import client, config, errors, records, signing, vendortime


def listed() -> list[str]:
    names = broadcastctl.api.__all__  # worked out on first use: typed `object`
    assert isinstance(names, list)
    return names


def test_each_listed_name_is_its_module_s_own() -> None:
    modules = (client, config, errors, records, signing, vendortime)
    listed_names = listed()
    assert len(listed_names) == 32
    assert {"Client", "ApiConfig", "sign", "parse_timezone", "VoiceFile"} <= set(listed_names)
    for name in listed_names:
        home = next(module for module in modules if name in vars(module))
        assert getattr(broadcastctl.api, name) is vars(home)[name]
    assert set(listed_names) <= set(dir(broadcastctl.api))


def test_a_name_loads_its_own_module_and_not_the_http_client() -> None:
    code = (
        "import sys; from broadcastctl.api import ApiError, TaskDetail, parse_timezone; "
        "print('requests' in sys.modules, 'broadcastctl.api.client' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


def test_a_star_import_takes_every_listed_name() -> None:
    names: dict[str, object] = {}
    exec("from broadcastctl.api import *", names)  # the statement under test
    assert set(names) - {"__builtins__"} == set(listed())
