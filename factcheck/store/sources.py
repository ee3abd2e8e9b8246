"""Reference sources, their passages (+ FTS5 lexical search) and the provider answer cache."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from factcheck.dates import precision_of
from factcheck.errors import NotFoundError
from factcheck.models import Passage, Source
from factcheck.store.articles import provenance_json, provenance_of
from factcheck.store.db import Database, utc_now

SOURCE_COLUMNS = ("id, sha256, title, text, kind, publisher, url, published, reliability_note,"
                  " fetched_at, origin, published_precision, provenance")


def row_to_source(row: sqlite3.Row) -> Source:
    return Source(id=row["id"], title=row["title"], text=row["text"], sha256=row["sha256"],
                  kind=row["kind"], publisher=row["publisher"], url=row["url"],
                  published=row["published"], reliability_note=row["reliability_note"],
                  fetched_at=row["fetched_at"], origin=row["origin"],
                  published_precision=row["published_precision"],
                  provenance=provenance_of(row["provenance"]))


def row_to_passage(row: sqlite3.Row) -> Passage:
    return Passage(id=row["id"], source_id=row["source_id"], text=row["text"], start=row["start"],
                   end=row["end"])


class SourceStore:
    """Mixed into :class:`factcheck.store.Store`: sources, passages, provider cache."""

    db: Database

    # --- sources ------------------------------------------------------------------------------
    def add_source(self, new: Source, spans: Sequence[tuple[int, int]]) -> tuple[int, bool, list[int]]:
        """Archive a source (its ``id`` is assigned here) and its passages in one transaction.

        Returns ``(source_id, created, passage_ids)``; a source whose text is already archived is
        left alone (``created=False``). Every span must lie inside the text.
        """
        for start, end in spans:
            if not 0 <= start < end <= len(new.text):
                raise ValueError(f"passage span ({start}, {end}) is outside the source text")
        with self.db.write() as conn:
            row = conn.execute("SELECT id FROM sources WHERE sha256 = ?", (new.sha256,)).fetchone()
            if row is not None:
                return int(row["id"]), False, []
            cur = conn.execute(
                "INSERT INTO sources (sha256, title, text, kind, publisher, url, published,"
                " reliability_note, fetched_at, origin, published_precision, provenance)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (new.sha256, new.title, new.text, new.kind, new.publisher, new.url, new.published,
                 new.reliability_note, new.fetched_at or utc_now(), new.origin,
                 new.published_precision or precision_of(new.published),
                 provenance_json(new.provenance)))
            source_id = int(cur.lastrowid or 0)
            ids = []
            for start, end in spans:
                cur = conn.execute(
                    'INSERT INTO passages (source_id, text, start, "end") VALUES (?,?,?,?)',
                    (source_id, new.text[start:end], start, end))
                ids.append(int(cur.lastrowid or 0))
            return source_id, True, ids

    def source_id_by_sha(self, sha256: str) -> int | None:
        row = self.db.conn.execute("SELECT id FROM sources WHERE sha256 = ?", (sha256,)).fetchone()
        return None if row is None else int(row["id"])

    def get_source(self, source_id: int) -> Source:
        row = self.db.conn.execute(f"SELECT {SOURCE_COLUMNS} FROM sources WHERE id = ?",
                                   (source_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no source with id {source_id}; `factcheck sources list` shows them")
        return row_to_source(row)

    def get_sources(self, ids: Iterable[int]) -> dict[int, Source]:
        result: dict[int, Source] = {}
        for chunk in _chunks(sorted(set(ids))):
            marks = ",".join("?" * len(chunk))
            rows = self.db.conn.execute(f"SELECT {SOURCE_COLUMNS} FROM sources WHERE id IN ({marks})", chunk)
            result.update({int(r["id"]): row_to_source(r) for r in rows})
        return result

    def list_sources(self) -> list[tuple[Source, int]]:
        """Every source with its passage count, newest first."""
        rows = self.db.conn.execute(
            f"SELECT {SOURCE_COLUMNS}, (SELECT COUNT(*) FROM passages p WHERE p.source_id = s.id) AS n"
            " FROM sources s ORDER BY id DESC")
        return [(row_to_source(r), int(r["n"])) for r in rows]

    # --- passages -----------------------------------------------------------------------------
    def get_passages(self, ids: Iterable[int]) -> dict[int, Passage]:
        result: dict[int, Passage] = {}
        for chunk in _chunks(sorted(set(ids))):
            marks = ",".join("?" * len(chunk))
            rows = self.db.conn.execute(
                f'SELECT id, source_id, text, start, "end" FROM passages WHERE id IN ({marks})', chunk)
            result.update({int(r["id"]): row_to_passage(r) for r in rows})
        return result

    def passages_of(self, source_id: int) -> list[Passage]:
        rows = self.db.conn.execute(
            'SELECT id, source_id, text, start, "end" FROM passages WHERE source_id = ? ORDER BY start, id',
            (source_id,))
        return [row_to_passage(r) for r in rows]

    def iter_passages(self, batch: int = 5000) -> Iterator[list[Passage]]:
        last = 0
        while True:
            rows = self.db.conn.execute(
                'SELECT id, source_id, text, start, "end" FROM passages WHERE id > ? ORDER BY id LIMIT ?',
                (last, batch)).fetchall()
            if not rows:
                return
            yield [row_to_passage(r) for r in rows]
            last = int(rows[-1]["id"])

    def passage_ids(self) -> set[int]:
        return {int(r[0]) for r in self.db.conn.execute("SELECT id FROM passages")}

    def passages_generation(self) -> tuple[int, int]:
        row = self.db.conn.execute("SELECT COALESCE(MAX(id), 0), COUNT(*) FROM passages").fetchone()
        return int(row[0]), int(row[1])

    def search_passages_lexical(self, match: str, k: int,
                                title_weight: float = 1.0) -> list[tuple[int, float]]:
        """Top-k (passage id, bm25) for an FTS5 MATCH expression; lower bm25 is better.

        The passage text and its source's title are two columns; ``title_weight`` is the title's
        bm25 weight relative to the text (0 searches the text alone).
        """
        if not match:
            return []
        if title_weight <= 0:
            match = f"{{text}} : ({match})"
        rows = self.db.conn.execute(
            "SELECT rowid, bm25(passages_fts, 1.0, ?) AS s FROM passages_fts WHERE passages_fts MATCH ?"
            " ORDER BY s LIMIT ?", (max(0.0, float(title_weight)), match, k))
        return [(int(r[0]), float(r[1])) for r in rows]

    # --- provider cache -----------------------------------------------------------------------
    def provider_cache_get(self, provider: str, key: str) -> str | None:
        """A cached provider answer that has not expired, else None."""
        row = self.db.conn.execute(
            "SELECT body FROM provider_cache WHERE provider = ? AND key = ? AND expires_at > ?",
            (provider, key, utc_now())).fetchone()
        return None if row is None else str(row["body"])

    def provider_cache_put(self, provider: str, key: str, body: str, ttl_s: float) -> None:
        now = datetime.now(UTC)
        expires = now + timedelta(seconds=max(0.0, ttl_s))
        with self.db.write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO provider_cache (provider, key, fetched_at, expires_at, body)"
                " VALUES (?,?,?,?,?)",
                (provider, key, now.isoformat(timespec="microseconds"),
                 expires.isoformat(timespec="microseconds"), body))

    def provider_cache_purge(self) -> int:
        """Drop expired cache entries; returns how many."""
        with self.db.write() as conn:
            return conn.execute("DELETE FROM provider_cache WHERE expires_at <= ?", (utc_now(),)).rowcount


def _chunks(values: Sequence[Any], size: int = 900) -> list[list[Any]]:
    return [list(values[i:i + size]) for i in range(0, len(values), size)]
