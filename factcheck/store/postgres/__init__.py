"""The PostgreSQL store: the same interface and semantics as the SQLite ``Store``, for a shared team database.

Selected by the setting ``database_url`` (``FACTCHECK_DATABASE_URL=postgresql://user@host:port/db``);
needs the ``postgres`` extra (``pip install 'factcheck[postgres]'``: psycopg 3 and psycopg-pool).
"""

from __future__ import annotations

from pathlib import Path

from factcheck.store.postgres.db import POOL_MAX, PgDatabase
from factcheck.store.postgres.feeds import PgFeedStore
from factcheck.store.postgres.matching import PgMatchStore
from factcheck.store.postgres.priors import PgPriorStore
from factcheck.store.postgres.reviews import PgReviewStore
from factcheck.store.postgres.schema import PG_SCHEMA_VERSION
from factcheck.store.postgres.sources import PgSourceStore
from factcheck.store.postgres.transfer import postgres_to_sqlite
from factcheck.store.postgres.verdicts import PgVerdictStore

__all__ = ["PG_SCHEMA_VERSION", "PgDatabase", "PostgresStore"]


class PostgresStore(PgFeedStore, PgSourceStore, PgMatchStore, PgReviewStore, PgVerdictStore, PgPriorStore):
    """The workspace's shared data in one PostgreSQL database (several processes, several machines)."""

    def __init__(self, url: str, *, pool_size: int = POOL_MAX) -> None:
        self.db = PgDatabase(url, max_size=pool_size)

    def close(self) -> None:
        self.db.close()

    def schema_version(self) -> int:
        """The number of migrations applied to this database."""
        return self.db.schema_version()

    def backup_to(self, destination: Path) -> None:
        """A consistent, verified copy of the database as a SQLite workspace file at ``destination``.

        The file is what a SQLite workspace holds, so ``factcheck restore`` opens it and
        ``factcheck migrate-store`` moves it back to PostgreSQL.
        """
        postgres_to_sqlite(self.db, destination)
