"""Reference sources, passages (full text search) and the provider answer cache on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta

from factcheck.dates import precision_of
from factcheck.errors import NotFoundError
from factcheck.models import Passage, Source
from factcheck.store.articles import provenance_json
from factcheck.store.db import utc_now
from factcheck.store.postgres.db import PgDatabase, as_row
from factcheck.store.postgres.fts import ranked
from factcheck.store.sources import SOURCE_COLUMNS, row_to_passage, row_to_source

PASSAGE_COLUMNS = 'id, source_id, text, start, "end"'


class PgSourceStore:
    """Mixed into :class:`PostgresStore`: sources, passages, provider cache."""

    db: PgDatabase

    def add_source(self, new: Source, spans: Sequence[tuple[int, int]]) -> tuple[int, bool, list[int]]:
        for start, end in spans:
            if not 0 <= start < end <= len(new.text):
                raise ValueError(f"passage span ({start}, {end}) is outside the source text")
        with self.db.write() as conn:
            row = conn.execute(
                "INSERT INTO sources (sha256, title, text, kind, publisher, url, published,"
                " reliability_note, fetched_at, origin, published_precision, provenance)"
                " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) ON CONFLICT (sha256) DO NOTHING RETURNING id",
                (new.sha256, new.title, new.text, new.kind, new.publisher, new.url, new.published,
                 new.reliability_note, new.fetched_at or utc_now(), new.origin,
                 new.published_precision or precision_of(new.published),
                 provenance_json(new.provenance))).fetchone()
            if row is None:
                existing = conn.execute("SELECT id FROM sources WHERE sha256 = %s", (new.sha256,)).fetchone()
                assert existing is not None
                return int(existing["id"]), False, []
            source_id = int(row["id"])
            ids = []
            for start, end in spans:
                passage = conn.execute(
                    'INSERT INTO passages (source_id, text, start, "end") VALUES (%s,%s,%s,%s) RETURNING id',
                    (source_id, new.text[start:end], start, end)).fetchone()
                assert passage is not None
                ids.append(int(passage["id"]))
            return source_id, True, ids

    def source_id_by_sha(self, sha256: str) -> int | None:
        found = self.db.scalar("SELECT id FROM sources WHERE sha256 = %s", (sha256,))
        return None if found is None else int(found)

    def get_source(self, source_id: int) -> Source:
        row = self.db.row(f"SELECT {SOURCE_COLUMNS} FROM sources WHERE id = %s", (source_id,))
        if row is None:
            raise NotFoundError(f"no source with id {source_id}; `factcheck sources list` shows them")
        return row_to_source(as_row(row))

    def get_sources(self, ids: Iterable[int]) -> dict[int, Source]:
        rows = self.db.rows(f"SELECT {SOURCE_COLUMNS} FROM sources WHERE id = ANY(%s)", (sorted(set(ids)),))
        return {int(r["id"]): row_to_source(as_row(r)) for r in rows}

    def list_sources(self) -> list[tuple[Source, int]]:
        rows = self.db.rows(
            f"SELECT {SOURCE_COLUMNS}, (SELECT COUNT(*) FROM passages p WHERE p.source_id = s.id) AS n"
            " FROM sources s ORDER BY id DESC")
        return [(row_to_source(as_row(r)), int(r["n"])) for r in rows]

    # --- passages -----------------------------------------------------------------------------
    def get_passages(self, ids: Iterable[int]) -> dict[int, Passage]:
        rows = self.db.rows(f"SELECT {PASSAGE_COLUMNS} FROM passages WHERE id = ANY(%s)", (sorted(set(ids)),))
        return {int(r["id"]): row_to_passage(as_row(r)) for r in rows}

    def passages_of(self, source_id: int) -> list[Passage]:
        rows = self.db.rows(f"SELECT {PASSAGE_COLUMNS} FROM passages WHERE source_id = %s ORDER BY start, id",
                            (source_id,))
        return [row_to_passage(as_row(r)) for r in rows]

    def iter_passages(self, batch: int = 5000) -> Iterator[list[Passage]]:
        last = 0
        while rows := self.db.rows(f"SELECT {PASSAGE_COLUMNS} FROM passages WHERE id > %s ORDER BY id LIMIT %s",
                                   (last, batch)):
            yield [row_to_passage(as_row(r)) for r in rows]
            last = int(rows[-1]["id"])

    def passage_ids(self) -> set[int]:
        return {int(r["id"]) for r in self.db.rows("SELECT id FROM passages")}

    def passages_generation(self) -> tuple[int, int]:
        row = self.db.row("SELECT COALESCE(MAX(id), 0) AS m, COUNT(*) AS n FROM passages")
        assert row is not None
        return int(row["m"]), int(row["n"])

    def search_passages_lexical(self, match: str, k: int,
                                title_weight: float = 1.0) -> list[tuple[int, float]]:
        """Top-k (passage id, score; lower is better) over passage text + source title (0: text alone)."""
        query = ranked("passages", "tsv", match, k, title_weight, text_only=title_weight <= 0)
        return [] if query is None else [(int(r["id"]), float(r["s"])) for r in self.db.rows(*query)]

    # --- provider cache -----------------------------------------------------------------------
    def provider_cache_get(self, provider: str, key: str) -> str | None:
        found = self.db.scalar("SELECT body FROM provider_cache WHERE provider = %s AND key = %s"
                               " AND expires_at > %s", (provider, key, utc_now()))
        return None if found is None else str(found)

    def provider_cache_put(self, provider: str, key: str, body: str, ttl_s: float) -> None:
        now = datetime.now(UTC)
        expires = now + timedelta(seconds=max(0.0, ttl_s))
        with self.db.write() as conn:
            conn.execute(
                "INSERT INTO provider_cache (provider, key, fetched_at, expires_at, body)"
                " VALUES (%s,%s,%s,%s,%s) ON CONFLICT (provider, key) DO UPDATE SET"
                " fetched_at = EXCLUDED.fetched_at, expires_at = EXCLUDED.expires_at, body = EXCLUDED.body",
                (provider, key, now.isoformat(timespec="microseconds"),
                 expires.isoformat(timespec="microseconds"), body))

    def provider_cache_purge(self) -> int:
        with self.db.write() as conn:
            return conn.execute("DELETE FROM provider_cache WHERE expires_at <= %s", (utc_now(),)).rowcount
