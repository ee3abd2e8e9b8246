"""Fixtures of the feed tests: a local site on 127.0.0.1 and a workspace allowed to reach it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from factcheck.config import Settings
from tests.fetch.localserver import LocalServer

TEST_SETTINGS = {"fetch_allowlist": ["127.0.0.1"], "fetch_timeout_s": 5.0, "feed_max_bytes": 200_000,
                 "user_agent": "factcheck-feed-tests/1"}


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        yield srv


@pytest.fixture
def feed_ws(tmp_path: Path, embedder):
    from factcheck.workspace import Workspace

    ws = Workspace(tmp_path / "ws", Settings().with_overrides(**TEST_SETTINGS), embedder=embedder)
    yield ws
    ws.close()
