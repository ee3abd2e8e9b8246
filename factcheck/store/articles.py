"""Articles, claims, speakers and the embedding cache in the SQLite store."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from factcheck.errors import NotFoundError
from factcheck.models import Article, Claim, QueueRow, SegmentItem, Speaker, Stats
from factcheck.store.db import Database, utc_now

CLAIM_COLUMNS = (
    'id, article_id, kind, text, start, "end", speaker, speaker_id, speaker_type, speaker_start, '
    "speaker_end, cue, rule, confidence, checkworthiness, hedged, parent_id, external_id, cluster_id"
)
QUEUE_COLUMNS_SQL = ("SELECT id, article_id, speaker_id, kind, checkworthiness, confidence, start"
                     " FROM claims WHERE kind <> 'prior'")
_NORM_DROP = re.compile(r"[\"'“”‘’«»„‟‹›`]|[^\w\s%$€£.,-]")
_SPACES = re.compile(r"\s+")


def normalized_hash(text: str) -> str:
    """Hash of a claim text with case, quote marks and spacing removed: same quote → same hash."""
    norm = _SPACES.sub(" ", _NORM_DROP.sub("", text.casefold())).strip(" .,")
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def provenance_json(provenance: Mapping[str, str] | None) -> str:
    """A field -> origin mapping as stored (a JSON object, keys sorted)."""
    return json.dumps(dict(provenance or {}), sort_keys=True, ensure_ascii=False)


def provenance_of(value: str | None) -> dict[str, str]:
    try:
        data = json.loads(value or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def row_to_article(row: sqlite3.Row) -> Article:
    return Article(id=row["id"], text=row["text"], sha256=row["sha256"], title=row["title"],
                   author=row["author"], published=row["published"], outlet=row["outlet"],
                   url=row["url"], origin=row["origin"], ingested_at=row["ingested_at"],
                   published_precision=row["published_precision"],
                   provenance=provenance_of(row["provenance"]))


def row_to_claim(row: sqlite3.Row) -> Claim:
    return Claim(id=row["id"], article_id=row["article_id"], kind=row["kind"], text=row["text"],
                 start=row["start"], end=row["end"], speaker=row["speaker"],
                 speaker_id=row["speaker_id"], speaker_type=row["speaker_type"],
                 speaker_start=row["speaker_start"], speaker_end=row["speaker_end"],
                 cue=row["cue"], rule=row["rule"], confidence=row["confidence"],
                 checkworthiness=row["checkworthiness"], hedged=bool(row["hedged"]),
                 parent_id=row["parent_id"], external_id=row["external_id"],
                 cluster_id=row["cluster_id"])


class ArticleStore:
    """Article/claim/speaker persistence. Mixed into :class:`factcheck.store.Store`."""

    db: Database

    # --- articles -------------------------------------------------------------------------
    def article_id_by_sha(self, sha256: str) -> int | None:
        row = self.db.conn.execute("SELECT id FROM articles WHERE sha256 = ?", (sha256,)).fetchone()
        return None if row is None else int(row["id"])

    def add_article(self, new: Article, items: Sequence[SegmentItem],
                    aliases: Mapping[str, Iterable[str]] | None = None) -> tuple[int, bool, list[int]]:
        """Store an article (its ``id`` and ``ingested_at`` are assigned here) and its claims in one
        transaction.

        Returns ``(article_id, created, claim_ids)``; an article whose text is already stored
        is left alone and reported with ``created=False``.
        """
        return self.add_articles([(new, items, aliases or {})])[0]

    def add_articles(self, batch: Sequence[tuple[Article, Sequence[SegmentItem], Mapping[str, Iterable[str]]]],
                     ) -> list[tuple[int, bool, list[int]]]:
        """``add_article`` for many articles in one transaction (batched ingest); results in order."""
        out: list[tuple[int, bool, list[int]]] = []
        with self.db.write() as conn:
            for new, items, aliases in batch:
                existing = conn.execute("SELECT id FROM articles WHERE sha256 = ?", (new.sha256,)).fetchone()
                if existing is not None:
                    out.append((int(existing["id"]), False, []))
                    continue
                cur = conn.execute(
                    "INSERT INTO articles (sha256, text, title, author, published, outlet, url, origin,"
                    " ingested_at, published_precision, provenance) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (new.sha256, new.text, new.title, new.author, new.published, new.outlet, new.url,
                     new.origin, utc_now(), new.published_precision, provenance_json(new.provenance)))
                article_id = int(cur.lastrowid or 0)
                out.append((article_id, True, self._insert_items(conn, article_id, new.text, items, aliases)))
        return out

    def _insert_items(self, conn: sqlite3.Connection, article_id: int, text: str,
                      items: Sequence[SegmentItem], aliases: Mapping[str, Iterable[str]]) -> list[int]:
        ids: list[int] = []
        for item in items:
            if text[item.start:item.end] != item.text:
                raise ValueError(f"segment offsets do not match the text: {item!r}")
            speaker_id = None
            if item.speaker:
                speaker_id = self._upsert_speaker(conn, item.speaker, item.speaker_type,
                                                  aliases.get(item.speaker, ()))
            parent_id = ids[item.parent] if item.parent is not None and item.parent < len(ids) else None
            cur = conn.execute(
                'INSERT INTO claims (article_id, kind, text, start, "end", speaker, speaker_id,'
                " speaker_type, speaker_start, speaker_end, cue, rule, confidence, checkworthiness,"
                " hedged, parent_id, norm_sha256) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (article_id, item.kind, item.text, item.start, item.end, item.speaker, speaker_id,
                 item.speaker_type, item.speaker_start, item.speaker_end, item.cue, item.rule,
                 item.confidence, item.checkworthiness, int(item.hedged), parent_id,
                 normalized_hash(item.text)))
            ids.append(int(cur.lastrowid or 0))
        return ids

    def _upsert_speaker(self, conn: sqlite3.Connection, name: str, kind: str,
                        aliases: Iterable[str]) -> int:
        row = conn.execute("SELECT id FROM speakers WHERE name = ?", (name,)).fetchone()
        if row is None:
            row = conn.execute(
                "SELECT speaker_id AS id FROM speaker_aliases WHERE alias = ? LIMIT 1", (name,)
            ).fetchone()
        if row is None:
            cur = conn.execute("INSERT INTO speakers (name, type) VALUES (?, ?)", (name, kind))
            speaker_id = int(cur.lastrowid or 0)
        else:
            speaker_id = int(row["id"])
        for alias in {name, *aliases}:
            conn.execute("INSERT OR IGNORE INTO speaker_aliases (alias, speaker_id) VALUES (?, ?)",
                         (alias, speaker_id))
        return speaker_id

    def get_article(self, article_id: int) -> Article:
        row = self.db.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no article with id {article_id}; `factcheck claims` lists articles")
        return row_to_article(row)

    def get_articles(self, ids: Iterable[int]) -> dict[int, Article]:
        wanted = sorted(set(ids))
        result: dict[int, Article] = {}
        for chunk in _chunks(wanted):
            marks = ",".join("?" * len(chunk))
            for row in self.db.conn.execute(f"SELECT * FROM articles WHERE id IN ({marks})", chunk):
                result[row["id"]] = row_to_article(row)
        return result

    def list_articles(self, *, include_priors: bool = False) -> list[Article]:
        where = "" if include_priors else "WHERE origin <> 'claimreview'"
        rows = self.db.conn.execute(f"SELECT * FROM articles {where} ORDER BY id")
        return [row_to_article(r) for r in rows]

    # --- claims ---------------------------------------------------------------------------
    def get_claim(self, claim_id: int) -> Claim:
        row = self.db.conn.execute(f"SELECT {CLAIM_COLUMNS} FROM claims WHERE id = ?",
                                   (claim_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no claim with id {claim_id}; `factcheck claims` lists claims")
        return row_to_claim(row)

    def get_claims(self, ids: Iterable[int]) -> dict[int, Claim]:
        wanted = sorted(set(ids))
        result: dict[int, Claim] = {}
        for chunk in _chunks(wanted):
            marks = ",".join("?" * len(chunk))
            rows = self.db.conn.execute(f"SELECT {CLAIM_COLUMNS} FROM claims WHERE id IN ({marks})", chunk)
            for row in rows:
                result[row["id"]] = row_to_claim(row)
        return result

    def list_claims(self, *, article_id: int | None = None, kind: str | None = None,
                    include_priors: bool = False, limit: int | None = None) -> list[Claim]:
        clauses: list[str] = []
        params: list[object] = []
        if article_id is not None:
            clauses.append("article_id = ?")
            params.append(article_id)
        if kind is not None:
            clauses.append("kind = ?")
            params.append(kind)
        elif not include_priors:
            clauses.append("kind <> 'prior'")
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        tail = f" LIMIT {int(limit)}" if limit is not None else ""
        rows = self.db.conn.execute(
            f"SELECT {CLAIM_COLUMNS} FROM claims {where} ORDER BY article_id, start, id{tail}", params)
        return [row_to_claim(r) for r in rows]

    def queue_rows(self) -> list[QueueRow]:
        """Every news claim's queue columns (no text): what the review queue filters and sorts."""
        return [QueueRow(*r) for r in self.db.conn.execute(QUEUE_COLUMNS_SQL)]

    def iter_claim_texts(self, batch: int = 5000) -> Iterator[list[tuple[int, str]]]:
        last = 0
        while True:
            rows = self.db.conn.execute(
                "SELECT id, text FROM claims WHERE id > ? ORDER BY id LIMIT ?", (last, batch)).fetchall()
            if not rows:
                return
            yield [(int(r["id"]), str(r["text"])) for r in rows]
            last = int(rows[-1]["id"])

    def claim_ids(self) -> set[int]:
        return {r[0] for r in self.db.conn.execute("SELECT id FROM claims")}  # INTEGER PRIMARY KEY: ints

    def claims_generation(self) -> tuple[int, int]:
        """(highest claim id, number of claims): changes when claims are added or removed."""
        row = self.db.conn.execute("SELECT COALESCE(MAX(id), 0), COUNT(*) FROM claims").fetchone()
        return int(row[0]), int(row[1])

    # --- speakers -------------------------------------------------------------------------
    def list_speakers(self) -> list[Speaker]:
        aliases: dict[int, list[str]] = {}
        for row in self.db.conn.execute("SELECT alias, speaker_id FROM speaker_aliases ORDER BY alias"):
            aliases.setdefault(int(row["speaker_id"]), []).append(str(row["alias"]))
        rows = self.db.conn.execute("SELECT id, name, type FROM speakers ORDER BY name")
        return [Speaker(id=r["id"], name=r["name"], type=r["type"],
                        aliases=tuple(a for a in aliases.get(r["id"], []) if a != r["name"]))
                for r in rows]

    # --- embedding cache ------------------------------------------------------------------
    def cached_vectors(self, model_id: str, hashes: set[str]) -> dict[str, npt.NDArray[np.float32]]:
        found: dict[str, npt.NDArray[np.float32]] = {}
        for chunk in _chunks(sorted(hashes)):
            marks = ",".join("?" * len(chunk))
            rows = self.db.conn.execute(
                f"SELECT text_sha256, vector FROM embeddings WHERE model_id = ? AND text_sha256 IN ({marks})",
                (model_id, *chunk))
            for row in rows:
                found[row["text_sha256"]] = np.frombuffer(row["vector"], dtype=np.float32)
        return found

    def cache_vectors(self, model_id: str, vectors: dict[str, npt.NDArray[np.float32]]) -> None:
        with self.db.write() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO embeddings (model_id, text_sha256, vector) VALUES (?, ?, ?)",
                [(model_id, h, np.asarray(v, dtype=np.float32).tobytes()) for h, v in vectors.items()])

    # --- meta and stats -------------------------------------------------------------------
    def data_version(self) -> tuple[int, int, int]:
        """Changes whenever anything was committed, by this process or another (cheap to ask)."""
        return self.db.version()

    def get_meta(self, key: str, default: str = "") -> str:
        row = self.db.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return default if row is None else str(row["value"])

    def set_meta(self, key: str, value: str) -> None:
        with self.db.write() as conn:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def stats(self) -> Stats:
        conn = self.db.conn
        by_kind = {str(r[0]): int(r[1]) for r in
                   conn.execute("SELECT kind, COUNT(*) FROM claims GROUP BY kind")}

        def count(sql: str) -> int:
            return int(conn.execute(sql).fetchone()[0])

        return Stats(
            articles=count("SELECT COUNT(*) FROM articles WHERE origin <> 'claimreview'"),
            claims=sum(v for k, v in by_kind.items() if k != "prior"),
            speakers=count("SELECT COUNT(*) FROM speakers"),
            verdicts=count("SELECT COUNT(*) FROM verdicts WHERE origin <> 'claimreview'"),
            sources=count("SELECT COUNT(*) FROM sources"),
            prior_claims=by_kind.get("prior", 0),
            by_kind=by_kind,
        )


def _chunks(values: Sequence[object], size: int = 900) -> Iterator[list[object]]:
    for offset in range(0, len(values), size):
        yield list(values[offset:offset + size])
