"""The app on a PostgreSQL store: every page renders the seed workspace, showing what it shows on SQLite."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from factcheck.store import Store
from tests.pg_server import PgServer, database_name
from tests.ui.conftest import _clear_caches
from tests.ui.test_pages_render import PAGES


@pytest.fixture
def seed_pg(seed_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
            pg_server: PgServer) -> Iterator[Path]:
    """The seed workspace moved to a fresh PostgreSQL database; its folder keeps only local files."""
    pytest.importorskip("psycopg", reason="the postgres extra (psycopg) is not installed")
    from factcheck.store.postgres.migrate import migrate_workspace

    source = tmp_path / "sqlite-copy"
    shutil.copytree(seed_template, source)
    url = pg_server.database(database_name(tmp_path))
    assert all(check.ok for check in migrate_workspace(source, url))
    folder = tmp_path / "ws"
    shutil.copytree(source, folder)
    (folder / Store.FILENAME).unlink()
    monkeypatch.setenv("FACTCHECK_WORKSPACE", str(folder))
    monkeypatch.setenv("FACTCHECK_DATABASE_URL", url)
    _clear_caches()
    yield folder
    _clear_caches()


def visible(at: object) -> list[str]:
    """The page's headings and text."""
    return [str(e.value) for kind in ("title", "header", "subheader", "markdown", "caption")
            for e in getattr(at, kind)]


@pytest.mark.parametrize("page", PAGES)
def test_pages_show_the_same_on_postgres(seed_pg: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         seed_template: Path, app, page: str) -> None:
    on_postgres = app(page)
    assert not on_postgres.exception, on_postgres.exception
    assert not (seed_pg / Store.FILENAME).exists()  # nothing fell back to a local SQLite file
    lite = tmp_path / "lite"
    shutil.copytree(seed_template, lite)
    monkeypatch.setenv("FACTCHECK_WORKSPACE", str(lite))
    monkeypatch.delenv("FACTCHECK_DATABASE_URL")
    _clear_caches()
    on_sqlite = app(page)
    assert visible(on_postgres) == visible(on_sqlite)
    assert visible(on_postgres)
