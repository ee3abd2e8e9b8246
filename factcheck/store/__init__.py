"""The storage layer: the only package that writes SQL (SQLite by default).

``Store`` is composed of one mixin per area; its public methods are the interface written down
in :class:`factcheck.store.protocol.StoreBackend`, which a second backend implements (the shared
contract tests in ``tests/store_contract/`` check any backend).
"""

from __future__ import annotations

from pathlib import Path

from factcheck.config import Settings
from factcheck.errors import StoreError
from factcheck.store.articles import ArticleStore, normalized_hash
from factcheck.store.backup import backup_database
from factcheck.store.db import Database, utc_now
from factcheck.store.feeds import FeedStore
from factcheck.store.priors import PriorStore
from factcheck.store.protocol import StoreBackend
from factcheck.store.reviews import ReviewStore
from factcheck.store.sources import SourceStore
from factcheck.store.term_counts import TermCounts
from factcheck.store.verdicts import VerdictStore

__all__ = ["Database", "Store", "StoreBackend", "normalized_hash", "open_store", "utc_now"]


class Store(FeedStore, PriorStore, SourceStore, ReviewStore, VerdictStore, TermCounts, ArticleStore):
    """The workspace database (``<workspace>/factcheck.sqlite3``)."""

    FILENAME = "factcheck.sqlite3"

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.db = Database(folder / self.FILENAME)

    def close(self) -> None:
        self.db.close()

    def schema_version(self) -> int:
        """The number of migrations applied to this database."""
        return self.db.schema_version()

    def backup_to(self, destination: Path) -> None:
        """A consistent copy of the database at ``destination`` (online backup; complete or absent)."""
        backup_database(self.db.conn, destination)


def open_store(settings: Settings, folder: Path) -> StoreBackend:
    """The configured store: PostgreSQL when ``database_url`` is set, else ``folder``'s SQLite file."""
    if not settings.database_url:
        return Store(folder)
    try:
        from factcheck.store.postgres import PostgresStore
    except ImportError as exc:
        raise StoreError(f"database_url is set but the PostgreSQL driver is missing ({exc}); "
                         "install it with pip install 'factcheck[postgres]'") from exc
    return PostgresStore(settings.database_url)
