"""Fixtures of the fetch tests: a local HTTP server and a policy allowed to reach it."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from factcheck.fetch import FetchPolicy


def _load_server_module():
    name = "factcheck_test_localserver"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("localserver.py"))
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


localserver = _load_server_module()


@pytest.fixture
def server() -> Iterator[localserver.LocalServer]:
    with localserver.LocalServer() as srv:
        yield srv


@pytest.fixture
def policy() -> FetchPolicy:
    return FetchPolicy(timeout_s=5.0, max_bytes=100_000, max_redirects=3,
                       user_agent="factcheck-tests/1", allowlist=("127.0.0.1",))
