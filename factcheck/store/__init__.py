"""The storage layer: the only package that writes SQL (SQLite by default).

``Store`` is composed of one mixin per area; a PostgreSQL implementation would follow
the same public methods.
"""

from __future__ import annotations

from pathlib import Path

from factcheck.store.articles import ArticleStore, NewArticle, normalized_hash
from factcheck.store.db import Database, utc_now
from factcheck.store.feeds import FeedStore
from factcheck.store.priors import PriorStore
from factcheck.store.sources import SourceStore
from factcheck.store.verdicts import VerdictStore

__all__ = ["Database", "NewArticle", "Store", "normalized_hash", "utc_now"]


class Store(FeedStore, PriorStore, SourceStore, VerdictStore, ArticleStore):
    """The workspace database (``<workspace>/factcheck.sqlite3``)."""

    FILENAME = "factcheck.sqlite3"

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.db = Database(folder / self.FILENAME)

    def close(self) -> None:
        self.db.close()
