"""Articles, claims, speakers, the embedding cache, metadata and stats in the PostgreSQL store."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from factcheck.errors import NotFoundError
from factcheck.models import Article, Claim, QueueRow, SegmentItem, Speaker, Stats
from factcheck.store.articles import (
    CLAIM_COLUMNS,
    QUEUE_COLUMNS_SQL,
    normalized_hash,
    provenance_json,
    row_to_article,
    row_to_claim,
)
from factcheck.store.db import utc_now
from factcheck.store.postgres.db import Conn, PgDatabase, as_row


class PgArticleStore:
    """Article/claim/speaker persistence. Mixed into :class:`PostgresStore`."""

    db: PgDatabase

    # --- articles -------------------------------------------------------------------------
    def article_id_by_sha(self, sha256: str) -> int | None:
        found = self.db.scalar("SELECT id FROM articles WHERE sha256 = %s", (sha256,))
        return None if found is None else int(found)

    def add_article(self, new: Article, items: Sequence[SegmentItem],
                    aliases: Mapping[str, Iterable[str]] | None = None) -> tuple[int, bool, list[int]]:
        """Store an article and its claims in one transaction (see the SQLite store)."""
        return self.add_articles([(new, items, aliases or {})])[0]

    def add_articles(self, batch: Sequence[tuple[Article, Sequence[SegmentItem], Mapping[str, Iterable[str]]]],
                     ) -> list[tuple[int, bool, list[int]]]:
        """``add_article`` for many articles in one transaction (batched ingest); results in order.

        Every speaker lock of the batch is taken first, in the one global order, so two batches
        naming the same speakers cannot deadlock.
        """
        for new, items, _ in batch:
            for item in items:
                if new.text[item.start:item.end] != item.text:
                    raise ValueError(f"segment offsets do not match the text: {item!r}")
        out: list[tuple[int, bool, list[int]]] = []
        with self.db.write() as conn:
            all_aliases: dict[str, list[str]] = {}
            for _, items, aliases in batch:
                for item in items:
                    if item.speaker:
                        all_aliases.setdefault(item.speaker, []).extend(aliases.get(item.speaker, ()))
            self._lock_speakers(conn, all_aliases, all_aliases)
            for new, items, aliases in batch:
                row = conn.execute(
                    "INSERT INTO articles (sha256, text, title, author, published, outlet, url, origin,"
                    " ingested_at, published_precision, provenance)"
                    " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) ON CONFLICT (sha256) DO NOTHING RETURNING id",
                    (new.sha256, new.text, new.title, new.author, new.published, new.outlet, new.url,
                     new.origin, utc_now(), new.published_precision, provenance_json(new.provenance)),
                ).fetchone()
                if row is None:  # already stored (by us, earlier in this batch, or a concurrent writer)
                    existing = conn.execute("SELECT id FROM articles WHERE sha256 = %s",
                                            (new.sha256,)).fetchone()
                    assert existing is not None
                    out.append((int(existing["id"]), False, []))
                    continue
                article_id = int(row["id"])
                out.append((article_id, True, self._insert_items(conn, article_id, items, aliases)))
        return out

    def _insert_items(self, conn: Conn, article_id: int, items: Sequence[SegmentItem],
                      aliases: Mapping[str, Iterable[str]]) -> list[int]:
        self._lock_speakers(conn, {item.speaker for item in items if item.speaker}, aliases)
        ids: list[int] = []
        for item in items:
            speaker_id = None
            if item.speaker:
                speaker_id = self._upsert_speaker(conn, item.speaker, item.speaker_type,
                                                  aliases.get(item.speaker, ()))
            parent_id = ids[item.parent] if item.parent is not None and item.parent < len(ids) else None
            row = conn.execute(
                'INSERT INTO claims (article_id, kind, text, start, "end", speaker, speaker_id,'
                " speaker_type, speaker_start, speaker_end, cue, rule, confidence, checkworthiness,"
                " hedged, parent_id, norm_sha256)"
                " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) RETURNING id",
                (article_id, item.kind, item.text, item.start, item.end, item.speaker, speaker_id,
                 item.speaker_type, item.speaker_start, item.speaker_end, item.cue, item.rule,
                 item.confidence, item.checkworthiness, int(item.hedged), parent_id,
                 normalized_hash(item.text))).fetchone()
            assert row is not None
            ids.append(int(row["id"]))
        return ids

    @staticmethod
    def _lock_speakers(conn: Conn, names: Iterable[str], aliases: Mapping[str, Iterable[str]]) -> None:
        """Take this transaction's speaker locks up front, in one global order.

        Two ingests naming the same speakers in different orders would otherwise wait on each
        other's new speaker rows (a deadlock); with the locks taken first, in the order of their
        lock keys, one simply waits for the other. Speakers are then stored in text order, as in
        the SQLite store, so both backends number them alike.
        """
        keys = sorted({f"speaker:{n.lower()}" for name in names for n in (name, *aliases.get(name, ()))})
        if keys:
            conn.execute("SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtext(k) AS h"
                         " FROM unnest(%s::text[]) AS k ORDER BY h) AS ordered", (keys,))

    @staticmethod
    def _upsert_speaker(conn: Conn, name: str, kind: str, aliases: Iterable[str]) -> int:
        """The speaker named ``name`` (case-insensitive, or by alias), created when unknown."""
        row = conn.execute("SELECT id FROM speakers WHERE lower(name) = lower(%s)", (name,)).fetchone()
        if row is None:
            row = conn.execute("SELECT speaker_id AS id FROM speaker_aliases WHERE lower(alias) = lower(%s)"
                               " ORDER BY speaker_id LIMIT 1", (name,)).fetchone()
        if row is None:
            conn.execute("INSERT INTO speakers (name, type) VALUES (%s, %s)"
                         " ON CONFLICT (lower(name)) DO NOTHING", (name, kind))
            row = conn.execute("SELECT id FROM speakers WHERE lower(name) = lower(%s)", (name,)).fetchone()
            assert row is not None
        speaker_id = int(row["id"])
        for alias in sorted({name, *aliases}):
            conn.execute("INSERT INTO speaker_aliases (alias, speaker_id) VALUES (%s, %s)"
                         " ON CONFLICT (lower(alias), speaker_id) DO NOTHING", (alias, speaker_id))
        return speaker_id

    def get_article(self, article_id: int) -> Article:
        row = self.db.row("SELECT * FROM articles WHERE id = %s", (article_id,))
        if row is None:
            raise NotFoundError(f"no article with id {article_id}; `factcheck claims` lists articles")
        return row_to_article(as_row(row))

    def get_articles(self, ids: Iterable[int]) -> dict[int, Article]:
        rows = self.db.rows("SELECT * FROM articles WHERE id = ANY(%s)", (sorted(set(ids)),))
        return {int(r["id"]): row_to_article(as_row(r)) for r in rows}

    def list_articles(self, *, include_priors: bool = False) -> list[Article]:
        where = "" if include_priors else "WHERE origin <> 'claimreview'"
        return [row_to_article(as_row(r)) for r in self.db.rows(f"SELECT * FROM articles {where} ORDER BY id")]

    # --- claims ---------------------------------------------------------------------------
    def get_claim(self, claim_id: int) -> Claim:
        row = self.db.row(f"SELECT {CLAIM_COLUMNS} FROM claims WHERE id = %s", (claim_id,))
        if row is None:
            raise NotFoundError(f"no claim with id {claim_id}; `factcheck claims` lists claims")
        return row_to_claim(as_row(row))

    def get_claims(self, ids: Iterable[int]) -> dict[int, Claim]:
        rows = self.db.rows(f"SELECT {CLAIM_COLUMNS} FROM claims WHERE id = ANY(%s)", (sorted(set(ids)),))
        return {int(r["id"]): row_to_claim(as_row(r)) for r in rows}

    def list_claims(self, *, article_id: int | None = None, kind: str | None = None,
                    include_priors: bool = False, limit: int | None = None) -> list[Claim]:
        clauses: list[str] = []
        params: list[object] = []
        if article_id is not None:
            clauses.append("article_id = %s")
            params.append(article_id)
        if kind is not None:
            clauses.append("kind = %s")
            params.append(kind)
        elif not include_priors:
            clauses.append("kind <> 'prior'")
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        tail = f" LIMIT {int(limit)}" if limit is not None else ""
        rows = self.db.rows(
            f"SELECT {CLAIM_COLUMNS} FROM claims {where} ORDER BY article_id, start, id{tail}", params)
        return [row_to_claim(as_row(r)) for r in rows]

    def queue_rows(self) -> list[QueueRow]:
        """Every news claim's queue columns (no text): what the review queue filters and sorts."""
        return [QueueRow(int(r["id"]), int(r["article_id"]), r["speaker_id"], str(r["kind"]),
                         float(r["checkworthiness"]), float(r["confidence"]), int(r["start"]))
                for r in self.db.rows(QUEUE_COLUMNS_SQL)]

    def iter_claim_texts(self, batch: int = 5000) -> Iterator[list[tuple[int, str]]]:
        last = 0
        while rows := self.db.rows("SELECT id, text FROM claims WHERE id > %s ORDER BY id LIMIT %s",
                                   (last, batch)):
            yield [(int(r["id"]), str(r["text"])) for r in rows]
            last = int(rows[-1]["id"])

    def claim_ids(self) -> set[int]:
        return {int(r["id"]) for r in self.db.rows("SELECT id FROM claims")}

    def claims_generation(self) -> tuple[int, int]:
        """(highest claim id, number of claims): changes when claims are added or removed."""
        row = self.db.row("SELECT COALESCE(MAX(id), 0) AS m, COUNT(*) AS n FROM claims")
        assert row is not None
        return int(row["m"]), int(row["n"])

    # --- speakers -------------------------------------------------------------------------
    def list_speakers(self) -> list[Speaker]:
        aliases: dict[int, list[str]] = {}
        for row in self.db.rows("SELECT alias, speaker_id FROM speaker_aliases ORDER BY lower(alias), alias"):
            aliases.setdefault(int(row["speaker_id"]), []).append(str(row["alias"]))
        rows = self.db.rows("SELECT id, name, type FROM speakers ORDER BY lower(name), name")
        return [Speaker(id=r["id"], name=r["name"], type=r["type"],
                        aliases=tuple(a for a in aliases.get(r["id"], []) if a != r["name"]))
                for r in rows]

    # --- embedding cache ------------------------------------------------------------------
    def cached_vectors(self, model_id: str, hashes: set[str]) -> dict[str, npt.NDArray[np.float32]]:
        rows = self.db.rows("SELECT text_sha256, vector FROM embeddings"
                            " WHERE model_id = %s AND text_sha256 = ANY(%s)", (model_id, sorted(hashes)))
        return {str(r["text_sha256"]): np.frombuffer(bytes(r["vector"]), dtype=np.float32) for r in rows}

    def cache_vectors(self, model_id: str, vectors: dict[str, npt.NDArray[np.float32]]) -> None:
        with self.db.write() as conn, conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO embeddings (model_id, text_sha256, vector) VALUES (%s, %s, %s)"
                " ON CONFLICT (model_id, text_sha256) DO UPDATE SET vector = EXCLUDED.vector",
                [(model_id, h, np.asarray(v, dtype=np.float32).tobytes()) for h, v in vectors.items()])

    # --- meta and stats -------------------------------------------------------------------
    def data_version(self) -> tuple[int, int, int]:
        """Changes whenever anything was committed, by this process or another (cheap to ask)."""
        return self.db.version()

    def get_meta(self, key: str, default: str = "") -> str:
        found = self.db.scalar("SELECT value FROM meta WHERE key = %s", (key,))
        return default if found is None else str(found)

    def set_meta(self, key: str, value: str) -> None:
        with self.db.write() as conn:
            conn.execute("INSERT INTO meta (key, value) VALUES (%s, %s)"
                         " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", (key, value))

    def stats(self) -> Stats:
        with self.db.snapshot() as conn:
            by_kind = {str(r["kind"]): int(r["n"]) for r in
                       conn.execute("SELECT kind, COUNT(*) AS n FROM claims GROUP BY kind")}
            row = conn.execute(
                "SELECT (SELECT COUNT(*) FROM articles WHERE origin <> 'claimreview') AS articles,"
                " (SELECT COUNT(*) FROM speakers) AS speakers,"
                " (SELECT COUNT(*) FROM verdicts WHERE origin <> 'claimreview') AS verdicts,"
                " (SELECT COUNT(*) FROM sources) AS sources").fetchone()
        assert row is not None
        return Stats(articles=int(row["articles"]),
                     claims=sum(v for k, v in by_kind.items() if k != "prior"),
                     speakers=int(row["speakers"]), verdicts=int(row["verdicts"]),
                     sources=int(row["sources"]), prior_claims=by_kind.get("prior", 0), by_kind=by_kind)
