"""Fixtures of the app tests: a seed workspace built once per session, copied per test; AppTest runner."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.ui.workspaces import build_seed_workspace

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "ui" / "app.py"


@pytest.fixture(autouse=True)
def _no_background_model_load(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app starts loading the model after its first page; app tests (a fresh workspace each)
    leave it to the pages that embed. ``tests/ui/test_model_loading.py`` exercises the real one."""
    from factcheck.workspace.embedding import LazyEmbedder

    monkeypatch.setattr(LazyEmbedder, "load_in_background", lambda self: None)


@pytest.fixture(scope="session")
def seed_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("seed-template") / "ws"
    build_seed_workspace(folder)
    return folder


def _clear_caches() -> None:
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def seed_ws(seed_template, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private copy of the seed workspace, served by the app under test."""
    folder = tmp_path / "ws"
    shutil.copytree(seed_template, folder)
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
