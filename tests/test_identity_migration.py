"""Migration 3 on both backends: verdicts stored before identities keep their name, issuer 'local'."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from factcheck.store import Store
from factcheck.store.db import _split_sql
from factcheck.store.schema import MIGRATIONS
from tests.pg_server import PgServer, database_name

OLD_VERDICTS = [  # (reviewer, origin)
    ("ana", "reviewer"),
    ("", "reviewer"),
    ("PolitiFact", "claimreview"),
]
WANT = [("ana", "local", "ana"), ("", "local", ""), ("PolitiFact", "claimreview", "PolitiFact")]


def _old_rows(execute, mark: str) -> None:
    execute("INSERT INTO articles (sha256, text, ingested_at) VALUES ('a', 'text a', '2024-01-01')")
    execute("INSERT INTO claims (article_id, kind, text, start, \"end\") VALUES (1, 'sentence', 'text', 0, 4)")
    for reviewer, origin in OLD_VERDICTS:
        execute(f"INSERT INTO verdicts (claim_id, rating, reviewer, origin, created_at)"
                f" VALUES (1, 'False', {mark}, {mark}, '2024-01-02')", (reviewer, origin))


def test_old_sqlite_verdicts_get_the_local_issuer(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    folder.mkdir()
    conn = sqlite3.connect(folder / Store.FILENAME)
    for migration in MIGRATIONS[:2]:
        for statement in _split_sql(migration):
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 2")
    _old_rows(lambda sql, params=(): conn.execute(sql, params), "?")
    conn.commit()
    conn.close()
    store = Store(folder)
    try:
        got = [(v.reviewer, v.reviewer_issuer, v.reviewer_subject) for v in store.verdict_history(1)]
        assert got == WANT
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):  # the trigger is back
            store.db.conn.execute("UPDATE verdicts SET reviewer = 'x'")
    finally:
        store.close()


def test_old_postgres_verdicts_get_the_local_issuer(pg_server: PgServer, tmp_path: Path) -> None:
    pytest.importorskip("psycopg", reason="the postgres extra (psycopg) is not installed")
    import psycopg

    from factcheck.store.postgres import PostgresStore
    from factcheck.store.postgres.db import PgDatabase

    url = pg_server.database(database_name(tmp_path))
    db = PgDatabase(url, schema=2)
    try:
        with db.write() as conn:
            _old_rows(lambda sql, params=(): conn.execute(sql, params), "%s")
    finally:
        db.close()
    store = PostgresStore(url)
    try:
        got = [(v.reviewer, v.reviewer_issuer, v.reviewer_subject) for v in store.verdict_history(1)]
        assert got == WANT
        with pytest.raises(psycopg.Error, match="append-only"), store.db.write() as conn:
            conn.execute("UPDATE verdicts SET reviewer = 'x'")
    finally:
        store.close()
