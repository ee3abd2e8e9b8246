"""Both backends' migrations: the same schema version, the same tables and columns after every
migration, and an old PostgreSQL schema with data migrated intact (the twin of test_dates_migration)."""

from __future__ import annotations

import inspect
import sqlite3
from pathlib import Path

import pytest

from factcheck.store import Store
from factcheck.store.db import _split_sql
from factcheck.store.protocol import StoreBackend
from factcheck.store.schema import MIGRATIONS, SCHEMA_VERSION
from tests.pg_server import PgServer, database_name
from tests.test_dates_migration import OLD_ARTICLES, old_workspace

psycopg = pytest.importorskip("psycopg", reason="the postgres extra (psycopg) is not installed")

from factcheck.store.postgres import PostgresStore  # noqa: E402
from factcheck.store.postgres.db import PgDatabase  # noqa: E402
from factcheck.store.postgres.schema import PG_MIGRATIONS, PG_ONLY_COLUMNS  # noqa: E402

# declared SQLite type -> PostgreSQL types that hold the same values
SAME_TYPE = {"INTEGER": {"bigint", "integer"}, "TEXT": {"text"}, "REAL": {"double precision"},
             "BLOB": {"bytea"}}
FTS_PREFIXES = ("claims_fts", "match_fts", "passages_fts", "sqlite_")


def sqlite_schema(conn: sqlite3.Connection) -> dict[str, dict[str, tuple[str, bool]]]:
    tables = [str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
              if not str(r[0]).startswith(FTS_PREFIXES)]
    return {t: {str(c[1]): (str(c[2]).upper(), bool(c[3]) or bool(c[5]))
                for c in conn.execute(f"PRAGMA table_info({t})")} for t in tables}


def pg_schema(db: PgDatabase) -> dict[str, dict[str, tuple[str, bool]]]:
    result: dict[str, dict[str, tuple[str, bool]]] = {}
    for r in db.rows("SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns"
                     " WHERE table_schema = 'public' AND table_name <> 'factcheck_schema'"):
        if r["column_name"] in PG_ONLY_COLUMNS.get(r["table_name"], ()):
            continue
        result.setdefault(r["table_name"], {})[r["column_name"]] = (r["data_type"], r["is_nullable"] == "NO")
    return result


def test_one_postgres_migration_per_sqlite_migration() -> None:
    assert len(PG_MIGRATIONS) == len(MIGRATIONS) == SCHEMA_VERSION


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION + 1))
def test_both_backends_have_the_same_tables_and_columns_after_each_migration(
        version: int, pg_server: PgServer, tmp_path: Path) -> None:
    lite = sqlite3.connect(tmp_path / "v.sqlite3")
    for migration in MIGRATIONS[:version]:
        for statement in _split_sql(migration):
            lite.execute(statement)
    want = sqlite_schema(lite)
    db = PgDatabase(pg_server.database(database_name(tmp_path)), schema=version)
    try:
        assert db.schema_version() == version
        have = pg_schema(db)
    finally:
        db.close()
    assert have.keys() == want.keys()
    for table, columns in want.items():
        assert have[table].keys() == columns.keys(), table
        for column, (kind, required) in columns.items():
            pg_kind, pg_required = have[table][column]
            assert pg_kind in SAME_TYPE[kind], (table, column, pg_kind)
            assert pg_required == required or column == "id", (table, column)


def old_postgres(url: str) -> None:
    """A database at schema 1 holding what test_dates_migration's old workspace holds."""
    db = PgDatabase(url, schema=1)
    try:
        with db.write() as conn:
            for sha, published, origin in OLD_ARTICLES:
                conn.execute("INSERT INTO articles (sha256, text, title, published, origin, ingested_at)"
                             " VALUES (%s, %s, %s, %s, %s, '2024-01-01')",
                             (sha, f"text {sha}", f"title {sha}", published, origin))
            conn.execute("INSERT INTO claims (article_id, kind, text, start, \"end\")"
                         " VALUES (1, 'sentence', 'text', 0, 4)")
            conn.execute("INSERT INTO verdicts (claim_id, rating, created_at) VALUES (1, 'False', '2024-01-02')")
            for sha, published in (("s1", "2018-01-01"), ("s2", "2018-05-06")):
                conn.execute("INSERT INTO sources (sha256, title, text, published, fetched_at)"
                             " VALUES (%s, 't', 'x', %s, 'now')", (sha, published))
    finally:
        db.close()


def test_an_old_postgres_schema_with_data_migrates_like_sqlite(pg_server: PgServer, tmp_path: Path) -> None:
    url = pg_server.database(database_name(tmp_path))
    old_postgres(url)
    old_workspace(tmp_path / "ws")
    post, lite = PostgresStore(url), Store(tmp_path / "ws")
    try:
        assert post.schema_version() == lite.schema_version() == SCHEMA_VERSION
        articles = {a.sha256: (a.published, a.published_precision, a.provenance)
                    for a in post.list_articles(include_priors=True)}
        assert articles == {a.sha256: (a.published, a.published_precision, a.provenance)
                            for a in lite.list_articles(include_priors=True)}
        assert articles["a1"][:2] == ("2019", "year")
        assert {s.sha256: (s.published, s.published_precision) for s, _ in post.list_sources()} == {
            "s1": ("2018", "year"), "s2": ("2018-05-06", "day")}
        assert post.list_claims()[0].text == "text"  # the rest of the data is untouched
        assert post.current_verdict(1) is not None and post.current_verdict(1).rating == "False"  # type: ignore[union-attr]
        assert post.list_feeds() == []
    finally:
        post.close()
        lite.close()


def test_the_postgres_store_matches_every_signature() -> None:
    public = {n for n, _ in inspect.getmembers(StoreBackend, inspect.isfunction) if not n.startswith("_")}
    mine = {n for n, _ in inspect.getmembers(PostgresStore, inspect.isfunction) if not n.startswith("_")}
    assert mine == public
    for name in public:
        want = inspect.signature(getattr(StoreBackend, name))
        have = inspect.signature(getattr(PostgresStore, name))
        assert list(want.parameters) == list(have.parameters), name
        assert [p.default for p in want.parameters.values()] == [p.default for p in have.parameters.values()], name


def test_an_unreachable_server_is_a_store_error_with_the_fix(pg_server: PgServer) -> None:
    from factcheck.errors import StoreError
    from tests.pg_server import free_port

    url = f"postgresql://postgres:secret@127.0.0.1:{free_port()}/factcheck"
    with pytest.raises(StoreError, match="FACTCHECK_DATABASE_URL") as caught:
        PgDatabase(url, connect_timeout_s=1.0)
    assert "secret" not in str(caught.value)  # the password is never printed


def test_a_newer_schema_is_refused(pg_server: PgServer, tmp_path: Path) -> None:
    from factcheck.errors import StoreError

    url = pg_server.database(database_name(tmp_path))
    db = PgDatabase(url)
    with db.write() as conn:
        conn.execute("UPDATE factcheck_schema SET version = version + 1")
    db.close()
    with pytest.raises(StoreError, match="upgrade factcheck"):
        PgDatabase(url)
