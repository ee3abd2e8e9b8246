"""Copies between a SQLite workspace database and PostgreSQL, ids kept, verified by counts and checksums.

Used by ``factcheck migrate-store`` (SQLite -> PostgreSQL) and by the PostgreSQL store's backup
(PostgreSQL -> a SQLite file, which ``factcheck restore`` and ``migrate-store`` read back).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.errors import StoreError
from factcheck.store.db import Database
from factcheck.store.postgres.db import Conn, PgDatabase

# Every table of the shared schema, parents before children (ids ascending keeps self-references valid)
TABLES: tuple[str, ...] = (
    "meta", "articles", "speakers", "speaker_aliases", "claims", "claim_appearances", "embeddings",
    "verdicts", "match_feedback", "sources", "passages", "provider_cache", "feeds", "feed_entries",
    "reviews",
)
WITH_ID = {"articles", "speakers", "claims", "verdicts", "match_feedback", "sources", "passages",
           "feeds", "feed_entries", "reviews"}
BATCH = 2000


@dataclass(frozen=True, slots=True)
class TableCheck:
    """One table on both sides: row counts and an order-independent checksum of every value."""

    table: str
    source_rows: int
    target_rows: int
    source_sha256: str
    target_sha256: str

    @property
    def ok(self) -> bool:
        return self.source_rows == self.target_rows and self.source_sha256 == self.target_sha256


def _value(value: Any) -> str:
    if value is None:
        return "\x00"
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return str(value)


class Digest:
    """Row count and checksum of a table (sorted row hashes, so row order does not matter)."""

    def __init__(self) -> None:
        self.rows: list[bytes] = []

    def add(self, rows: Iterable[Sequence[Any]]) -> None:
        for row in rows:
            self.rows.append(hashlib.sha256("\x1f".join(_value(v) for v in row).encode()).digest())

    def hexdigest(self) -> str:
        return hashlib.sha256(b"".join(sorted(self.rows))).hexdigest()


def sqlite_columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [str(r[1]) for r in conn.execute(f"PRAGMA table_info({table})")]


def _quoted(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def _sqlite_batches(conn: sqlite3.Connection, table: str, columns: Sequence[str]) -> Iterator[list[Any]]:
    cursor = conn.execute(f"SELECT {_quoted(columns)} FROM {table}")
    while rows := cursor.fetchmany(BATCH):
        yield [tuple(r) for r in rows]


def _pg_batches(conn: Conn, table: str, columns: Sequence[str]) -> Iterator[list[Any]]:
    with conn.cursor(name=f"copy_{table}") as cursor:
        cursor.execute(f"SELECT {_quoted(columns)} FROM {table}".encode())
        while rows := cursor.fetchmany(BATCH):
            yield [tuple(r.values()) for r in rows]


def _digest(batches: Iterable[list[Any]]) -> Digest:
    digest = Digest()
    for rows in batches:
        digest.add(rows)
    return digest


def open_sqlite_snapshot(path: Path) -> sqlite3.Connection:
    """A read-only connection on a workspace database, inside one read transaction."""
    if not path.is_file():
        raise StoreError(f"no workspace database at {path}; pass the folder holding factcheck.sqlite3")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    conn.execute("BEGIN")
    return conn


def sqlite_to_postgres(source: Path, target: PgDatabase) -> list[TableCheck]:
    """Copy every row of the SQLite database ``source`` into the empty PostgreSQL ``target``."""
    Database(source).close()  # brings an older workspace to the current schema first
    src = open_sqlite_snapshot(source)
    try:
        with target.write() as conn:
            conn.execute("LOCK TABLE articles, claims, verdicts, sources, feeds IN EXCLUSIVE MODE")
            for table in TABLES:
                if conn.execute(f"SELECT 1 FROM {table} LIMIT 1".encode()).fetchone() is not None:
                    raise StoreError(f"the target database already holds data (table {table}); "
                                     "migrate-store only fills an empty database")
            for table in TABLES:
                columns = sqlite_columns(src, table)
                with conn.cursor() as cursor, \
                        cursor.copy(f"COPY {table} ({_quoted(columns)}) FROM STDIN".encode()) as copy:
                    for rows in _sqlite_batches(src, table, columns):
                        for row in rows:
                            copy.write_row(row)
                if table in WITH_ID:
                    conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                                 f" COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)".encode())
            checks = [_check(table, src, conn) for table in TABLES]
            bad = [c.table for c in checks if not c.ok]
            if bad:  # raising rolls the whole copy back
                raise StoreError(f"the copy of {', '.join(bad)} differs from {source}; nothing was written")
            return checks
    finally:
        src.rollback()
        src.close()


def postgres_to_sqlite(source: PgDatabase, destination: Path) -> list[TableCheck]:
    """A consistent SQLite copy of the PostgreSQL ``source`` at ``destination`` (complete or absent)."""
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    Database(partial).close()  # the current schema, with its FTS5 tables and triggers
    dest = sqlite3.connect(partial, isolation_level=None)
    try:
        with source.snapshot() as conn:
            dest.execute("BEGIN IMMEDIATE")
            for table in TABLES:
                columns = sqlite_columns(dest, table)
                marks = ",".join("?" * len(columns))
                for rows in _pg_batches(conn, table, columns):
                    dest.executemany(f"INSERT INTO {table} ({_quoted(columns)}) VALUES ({marks})", rows)
            dest.execute("COMMIT")
            checks = [_check(table, dest, conn) for table in TABLES]
    finally:
        dest.close()
    bad = [c.table for c in checks if not c.ok]
    if bad:
        partial.unlink(missing_ok=True)
        raise StoreError(f"the copy of {', '.join(bad)} differs from the database; nothing was written")
    partial.replace(destination)
    return checks


def _check(table: str, sqlite: sqlite3.Connection, pg: Conn) -> TableCheck:
    columns = sqlite_columns(sqlite, table)
    lite = _digest(_sqlite_batches(sqlite, table, columns))
    post = _digest(_pg_batches(pg, table, columns))
    return TableCheck(table, len(lite.rows), len(post.rows), lite.hexdigest(), post.hexdigest())
