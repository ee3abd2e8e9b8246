"""Shared fixtures: one model load per test session, temp workspaces, paths to seeds and data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from factcheck.config import Settings
from factcheck.embed import SentenceTransformerEmbedder
from factcheck.testing import HashingEmbedder
from tests.pg_server import backend_workspace, pg_server  # noqa: F401  (a real PostgreSQL server; a Workspace per backend)

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SHARED_DATA = REPO.parent / "shared" / "data"
SEED_ARTICLE = SEEDS / "000_df7939084b441783.txt"

os.environ.setdefault("HF_HUB_OFFLINE", "1")


# Tests in the fast tier (`make check`): no real model, no browser, no shared data, no long runs.
# They are found, not listed: a test is fast unless it asks for the real ``embedder`` (directly or
# through a fixture) or a browser ``page``, carries one of these markers, or lives in one of these
# folders (real browsers; crash, kill and concurrency runs in subprocesses).
SLOW_MARKERS = ("e2e", "slow", "data", "model")
SLOW_FOLDERS = ("e2e", "reliability")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "embedder" in names or "page" in names or set(SLOW_FOLDERS) & set(item.path.parts):
            continue
        if any(item.get_closest_marker(marker) for marker in SLOW_MARKERS):
            continue
        item.add_marker(pytest.mark.fast)


@pytest.fixture(autouse=True)
def _fast_tests_never_load_the_model(request: pytest.FixtureRequest,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Keeps the fast tier honest: a fast test that reaches for the real model fails and says how
    to fix it (use ``fast_embedder``, or mark it ``model``)."""
    if request.node.get_closest_marker("fast") is None:
        return

    def refuse(self: SentenceTransformerEmbedder) -> None:
        raise AssertionError("a fast-tier test loaded the real model: give the workspace the "
                             "fast_embedder fixture, or mark the test @pytest.mark.model")

    monkeypatch.setattr(SentenceTransformerEmbedder, "_load", refuse)
    monkeypatch.setattr(SentenceTransformerEmbedder, "_small_model", refuse)


@pytest.fixture
def fast_embedder() -> HashingEmbedder:
    """The deterministic model-free embedder of the fast tier."""
    return HashingEmbedder()


@pytest.fixture(scope="session")
def embedder() -> SentenceTransformerEmbedder:
    """The real bundled model, verified and loaded once per session."""
    settings = Settings()
    return SentenceTransformerEmbedder(expected_sha256=settings.model_sha256)


@pytest.fixture
def workspace(tmp_path: Path, embedder: SentenceTransformerEmbedder):
    from factcheck.workspace import Workspace

    ws = Workspace(tmp_path / "ws", embedder=embedder)
    yield ws
    ws.close()


@pytest.fixture
def seed_workspace(workspace):
    reports = workspace.ingest([str(SEEDS)])
    assert all(r.status == "added" for r in reports), reports
    return workspace


def shared_data(*parts: str) -> Path:
    """A path under ../shared/data, or skip the test with a clear message when it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"benchmark data not found at {path} (expected ../shared/data beside the repo)")
    return path
