"""Moving a SQLite workspace's data into a PostgreSQL database (``factcheck migrate-store``)."""

from __future__ import annotations

from pathlib import Path

from factcheck.errors import InputError
from factcheck.store.db import Database
from factcheck.store.postgres import PostgresStore
from factcheck.store.postgres.transfer import TableCheck, sqlite_to_postgres

SQLITE_FILE = "factcheck.sqlite3"


def migrate_workspace(folder: Path, url: str) -> list[TableCheck]:
    """Copy every record of the workspace at ``folder`` into the empty database at ``url``.

    Ids are kept, so the workspace's index files stay valid; each table's row count and checksum
    are compared on both sides inside the copy's transaction, and any difference rolls it back.
    """
    database = folder / SQLITE_FILE
    if not database.is_file():
        raise InputError(f"{folder} holds no {SQLITE_FILE}; pass a workspace folder to --from")
    if not url.startswith(("postgresql://", "postgres://")):
        raise InputError(f"--to must be a postgresql://user@host:port/db URL, got {url.split('@')[-1]!r}")
    Database(database).close()  # an older workspace is brought to the current schema first
    store = PostgresStore(url, pool_size=2)
    try:
        return sqlite_to_postgres(database, store.db)
    finally:
        store.close()
