"""Fixtures of the fetch tests: a local HTTP server and a policy allowed to reach it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from factcheck.fetch import FetchPolicy
from tests.fetch.localserver import LocalServer


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        yield srv


@pytest.fixture
def policy() -> FetchPolicy:
    return FetchPolicy(timeout_s=5.0, max_bytes=100_000, max_redirects=3,
                       user_agent="factcheck-tests/1", allowlist=("127.0.0.1",))
