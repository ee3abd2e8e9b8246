"""Shared fixtures: one model load per test session, temp workspaces, paths to seeds and data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from factcheck.config import Settings
from factcheck.embed import SentenceTransformerEmbedder

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SHARED_DATA = REPO.parent / "shared" / "data"
SEED_ARTICLE = SEEDS / "000_df7939084b441783.txt"

os.environ.setdefault("HF_HUB_OFFLINE", "1")


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
