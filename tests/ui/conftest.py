"""Fixtures of the app tests: a seed workspace built once per session, copied per test; AppTest runner."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
APP = REPO / "ui" / "app.py"

# A second article repeating a seed quote with a changed number: a similar claim with a verdict.
PRIOR_ARTICLE = """Kremlin readout of the calls
The Kremlin said Putin told the leaders that "the civilian casualties will be absolutely unacceptable" and warned of a long conflict.
Analysts said the statement mirrored earlier remarks.
"""
REFERENCE_SOURCE = """United Nations General Assembly resolution of 27 October 2023.
The General Assembly called for an immediate, durable and sustained humanitarian truce leading to a cessation of hostilities.
The resolution was adopted by 120 votes in favour, 14 against and 45 abstentions.
It demanded that all parties comply with their obligations under international law.
"""


def build_seed_workspace(folder: Path) -> dict[str, int]:
    """Ingest the seeds, a similar prior claim with a verdict, and one reference source."""
    from factcheck.sources.library import SourceInput
    from factcheck.workspace import Workspace

    ws = Workspace(folder)
    try:
        reports = ws.ingest([str(SEEDS)])
        assert all(r.status == "added" for r in reports), reports
        prior = ws.ingest_text(PRIOR_ARTICLE, label="prior.txt", title="Kremlin readout",
                               outlet="Wire service", published="2023-10-17",
                               url="https://example.org/kremlin-readout")
        assert prior.status == "added", prior
        prior_claim = next(c for c in ws.claims(article_id=prior.article_id)
                           if "civilian casualties" in c.text)
        ws.record_verdict(prior_claim.id, "True", explanation="Matches the Kremlin readout.",
                          reviewer="Earlier Reviewer", status="published")
        ws.archive_source(SourceInput(label="un.txt", text=REFERENCE_SOURCE,
                                      title="UN General Assembly resolution ES-10/21"),
                          kind="official record", publisher="United Nations",
                          published="2023-10-27", url="https://example.org/un-resolution")
        return {"prior_claim": prior_claim.id, "prior_article": prior.article_id or 0}
    finally:
        ws.close()


@pytest.fixture(scope="session")
def seed_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("seed-template") / "ws"
    ids = build_seed_workspace(folder)
    return folder, ids


def _clear_caches() -> None:
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def seed_ws(seed_template, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private copy of the seed workspace, served by the app under test."""
    folder = tmp_path / "ws"
    shutil.copytree(seed_template[0], folder)
    monkeypatch.setenv("FACTCHECK_WORKSPACE", str(folder))
    _clear_caches()
    yield folder
    _clear_caches()


@pytest.fixture
def empty_ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "empty"
    monkeypatch.setenv("FACTCHECK_WORKSPACE", str(folder))
    _clear_caches()
    yield folder
    _clear_caches()


@pytest.fixture
def app() -> Callable[..., object]:
    """``app(page=None, reviewer="")``: a run AppTest of the app, optionally on another page."""
    from streamlit.testing.v1 import AppTest

    def start(page: str | None = None, reviewer: str = "") -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=90)
        if reviewer:
            at.session_state["reviewer.name"] = reviewer
        at.run()
        if page is not None:
            at.switch_page(page).run()
        return at

    return start
