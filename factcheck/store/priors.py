"""Prior fact-checks (ClaimReview) as synthetic articles + claims + verdicts; match queries and feedback."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from factcheck.models import Evidence
from factcheck.records import CandidateRow, PriorAppearance, PriorRecord
from factcheck.store.articles import ArticleStore, normalized_hash
from factcheck.store.db import Database, utc_now
from factcheck.store.verdict_queries import VerdictQueries
from factcheck.store.verdicts import evidence_to_json

PRIOR_ORIGIN = "claimreview"


class PriorStore(VerdictQueries, ArticleStore):
    """Mixed into :class:`factcheck.store.Store`: priors, lexical match queries, match feedback."""

    db: Database

    # --- prior fact-checks ------------------------------------------------------------------
    def upsert_priors(self, records: Sequence[PriorRecord]) -> list[tuple[str, int, bool]]:
        """:meth:`upsert_prior` for each record in one transaction: (status, claim id, whether the
        claim text changed) per record."""
        result = []
        with self.db.write():
            for rec in records:
                before = self.prior_text(rec.external_id)
                status, claim_id = self.upsert_prior(rec)
                result.append((status, claim_id, before is not None and before != rec.claim))
        return result

    def upsert_prior(self, rec: PriorRecord) -> tuple[str, int]:
        """Store or update one prior fact-check; returns (``added|updated|unchanged``, claim id).

        The claim is found again by its external id, so a re-import never duplicates it; a new
        verdict row is appended only when the rating changed.
        """
        with self.db.write() as conn:
            row = conn.execute(
                "SELECT c.id, c.text, c.speaker, c.article_id, a.title, a.url, a.outlet, a.published"
                " FROM claims c JOIN articles a ON a.id = c.article_id"
                " WHERE c.external_id = ? AND c.external_id <> ''",  # <> '': the partial index applies
                (rec.external_id,)).fetchone()
            article_id = self._prior_article(conn, rec)
            speaker_id = (self._upsert_speaker(conn, rec.claimant, rec.claimant_type, ())
                          if rec.claimant else None)
            if row is None:
                cur = conn.execute(
                    'INSERT INTO claims (article_id, kind, text, start, "end", speaker, speaker_id,'
                    " rule, external_id, norm_sha256) VALUES (?, 'prior', ?, 0, ?, ?, ?, ?, ?, ?)",
                    (article_id, rec.claim, len(rec.claim), rec.claimant, speaker_id, PRIOR_ORIGIN,
                     rec.external_id, normalized_hash(rec.claim)))
                claim_id = int(cur.lastrowid or 0)
                self._replace_appearances(conn, claim_id, rec)
                self._append_prior_verdict(conn, claim_id, rec)
                return "added", claim_id
            claim_id = int(row["id"])
            changed = (row["text"] != rec.claim or row["speaker"] != rec.claimant
                       or int(row["article_id"]) != article_id)
            if changed:
                conn.execute(
                    'UPDATE claims SET article_id = ?, text = ?, "end" = ?, speaker = ?, speaker_id = ?,'
                    " norm_sha256 = ? WHERE id = ?",
                    (article_id, rec.claim, len(rec.claim), rec.claimant, speaker_id,
                     normalized_hash(rec.claim), claim_id))
                self._drop_orphan_prior_article(conn, int(row["article_id"]))
            after = conn.execute("SELECT title, url, outlet, published FROM articles WHERE id = ?",
                                 (article_id,)).fetchone()
            if (row["title"], row["url"], row["outlet"], row["published"]) != tuple(after):
                changed = True
            if self._replace_appearances(conn, claim_id, rec):
                changed = True
            if self._append_prior_verdict(conn, claim_id, rec):
                changed = True
            return ("updated" if changed else "unchanged"), claim_id

    def _prior_article(self, conn: sqlite3.Connection, rec: PriorRecord) -> int:
        """The synthetic article holding the claim text (shared by priors with the same text)."""
        sha = hashlib.sha256(rec.claim.encode("utf-8")).hexdigest()
        published = rec.claim_date or rec.review_date
        row = conn.execute("SELECT id, origin FROM articles WHERE sha256 = ?", (sha,)).fetchone()
        if row is None:
            cur = conn.execute(
                "INSERT INTO articles (sha256, text, title, author, published, outlet, url, origin,"
                " ingested_at) VALUES (?,?,?,?,?,?,?,?,?)",
                (sha, rec.claim, rec.title, rec.reviewer, published, rec.reviewer, rec.review_url,
                 PRIOR_ORIGIN, utc_now()))
            return int(cur.lastrowid or 0)
        article_id = int(row["id"])
        if row["origin"] == PRIOR_ORIGIN:  # metadata follows the review unless the text is shared
            conn.execute(
                "UPDATE articles SET title = ?, author = ?, published = ?, outlet = ?, url = ?"
                " WHERE id = ? AND (title, author, published, outlet, url) IS NOT (?, ?, ?, ?, ?)"
                " AND NOT EXISTS (SELECT 1 FROM claims WHERE article_id = ? AND external_id <> ?)",
                (rec.title, rec.reviewer, published, rec.reviewer, rec.review_url, article_id,
                 rec.title, rec.reviewer, published, rec.reviewer, rec.review_url, article_id,
                 rec.external_id))
        return article_id

    def _replace_appearances(self, conn: sqlite3.Connection, claim_id: int, rec: PriorRecord) -> bool:
        """Store where the claim appeared, in the record's order; True when that changed."""
        wanted = [(a.url, a.headline, a.date, a.description) for a in rec.appearances]
        have = [tuple(r) for r in conn.execute(
            "SELECT url, headline, published, description FROM claim_appearances"
            " WHERE claim_id = ? ORDER BY position", (claim_id,))]
        if have == wanted:
            return False
        conn.execute("DELETE FROM claim_appearances WHERE claim_id = ?", (claim_id,))
        conn.executemany(
            "INSERT INTO claim_appearances (claim_id, position, url, headline, published, description)"
            " VALUES (?, ?, ?, ?, ?, ?)", [(claim_id, n, *row) for n, row in enumerate(wanted)])
        return True

    def prior_appearances(self, claim_id: int) -> list[PriorAppearance]:
        """Each recorded appearance of a prior claim, in the record's order."""
        return [PriorAppearance(url=str(r[0]), headline=str(r[1]), date=str(r[2]),
                                description=str(r[3])) for r in self.db.conn.execute(
            "SELECT url, headline, published, description FROM claim_appearances"
            " WHERE claim_id = ? ORDER BY position", (claim_id,))]

    def _drop_orphan_prior_article(self, conn: sqlite3.Connection, article_id: int) -> None:
        conn.execute(
            "DELETE FROM articles WHERE id = ? AND origin = ? AND NOT EXISTS"
            " (SELECT 1 FROM claims WHERE article_id = ?)", (article_id, PRIOR_ORIGIN, article_id))

    def _append_prior_verdict(self, conn: sqlite3.Connection, claim_id: int, rec: PriorRecord) -> bool:
        last = conn.execute(
            "SELECT id, rating, rating_value, best_rating, worst_rating FROM verdicts"
            " WHERE claim_id = ? AND origin = ? ORDER BY id DESC LIMIT 1",
            (claim_id, PRIOR_ORIGIN)).fetchone()
        values = (rec.rating, rec.rating_value, rec.best_rating, rec.worst_rating)
        if last is not None and tuple(last)[1:] == values:
            return False
        if last is None and not rec.rating and rec.rating_value is None:
            return False
        evidence = [Evidence(url=rec.review_url, title=rec.title)] if rec.review_url else []
        conn.execute(
            "INSERT INTO verdicts (claim_id, rating, rating_value, best_rating, worst_rating,"
            " explanation, evidence, reviewer, status, created_at, supersedes, origin,"
            " reviewer_issuer, reviewer_subject) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (claim_id, rec.rating, rec.rating_value, rec.best_rating, rec.worst_rating, "",
             evidence_to_json(evidence), rec.reviewer, "published", rec.review_date or utc_now(),
             None if last is None else int(last["id"]), PRIOR_ORIGIN, PRIOR_ORIGIN, rec.reviewer))
        return True

    def prior_text(self, external_id: str) -> str | None:
        row = self.db.conn.execute("SELECT text FROM claims WHERE external_id = ? AND external_id <> ''",
                                   (external_id,)).fetchone()
        return None if row is None else str(row[0])

    def prior_ids_by_external(self, external_ids: Sequence[str]) -> dict[str, int]:
        """Claim ids of prior fact-checks by their ClaimReview identifier (unknown ones left out)."""
        result: dict[str, int] = {}
        for chunk in _chunks(list(external_ids)):
            marks = ",".join("?" * len(chunk))
            for r in self.db.conn.execute(
                    f"SELECT id, external_id FROM claims WHERE kind = 'prior' AND external_id <> ''"
                    f" AND external_id IN ({marks})",
                    chunk):
                result[str(r["external_id"])] = int(r["id"])
        return result

    def prior_claim_ids(self) -> list[int]:
        return [int(r[0]) for r in self.db.conn.execute("SELECT id FROM claims WHERE kind = 'prior'")]

    def prior_titles(self, claim_ids: Sequence[int]) -> dict[int, str]:
        """Review titles of prior claims (for the title vectors); other claims are left out."""
        result: dict[int, str] = {}
        for chunk in _chunks(list(claim_ids)):
            marks = ",".join("?" * len(chunk))
            rows = self.db.conn.execute(
                f"SELECT c.id, a.title FROM claims c JOIN articles a ON a.id = c.article_id"
                f" WHERE c.kind = 'prior' AND a.title <> '' AND c.id IN ({marks})", chunk)
            result.update({int(r[0]): str(r[1]) for r in rows})
        return result

    def prior_title_state(self) -> tuple[int, int, int]:
        """(count, max id, total title length) of titled priors: changes when the titles change."""
        row = self.db.conn.execute(
            "SELECT COUNT(*), COALESCE(MAX(c.id), 0), COALESCE(SUM(LENGTH(a.title)), 0) FROM claims c"
            " JOIN articles a ON a.id = c.article_id WHERE c.kind = 'prior' AND a.title <> ''"
        ).fetchone()
        return int(row[0]), int(row[1]), int(row[2])

    # --- match queries ----------------------------------------------------------------------
    def match_lexical(self, match: str, k: int, title_weight: float = 1.0) -> list[tuple[int, float]]:
        """Top-k (claim id, bm25) for an FTS5 expression over claim text + prior titles."""
        if not match:
            return []
        rows = self.db.conn.execute(
            "SELECT rowid, bm25(match_fts, 1.0, ?) AS s FROM match_fts WHERE match_fts MATCH ?"
            " ORDER BY s LIMIT ?", (title_weight, match, k))
        return [(int(r[0]), float(r[1])) for r in rows]

    def keyword_claims(self, match: str, k: int) -> list[tuple[int, float]]:
        """Top-k (claim id, bm25) for an FTS5 expression over claim text and speaker."""
        if not match:
            return []
        rows = self.db.conn.execute(
            "SELECT rowid, bm25(claims_fts) AS s FROM claims_fts WHERE claims_fts MATCH ?"
            " ORDER BY s LIMIT ?", (match, k))
        return [(int(r[0]), float(r[1])) for r in rows]

    def claim_rows(self, claim_ids: Iterable[int]) -> dict[int, CandidateRow]:
        """Fields needed to filter, fuse and group candidates: claim, article and verdict facts."""
        wanted = sorted(set(claim_ids))
        current = self.current_verdicts(wanted)
        result: dict[int, CandidateRow] = {}
        for chunk in _chunks(wanted):
            marks = ",".join("?" * len(chunk))
            rows = self.db.conn.execute(
                f"SELECT c.id, c.kind, c.text, c.speaker, c.article_id, c.cluster_id, c.norm_sha256,"
                f" a.published, a.outlet, a.title, a.ingested_at FROM claims c"
                f" JOIN articles a ON a.id = c.article_id WHERE c.id IN ({marks})", chunk)
            for (cid, kind, text, speaker, article_id, cluster_id, norm_sha256, published, outlet,
                 title, ingested_at) in rows:  # by position: name lookups cost more than the query
                result[cid] = CandidateRow(
                    id=cid, kind=kind, text=text, speaker=speaker or "", article_id=article_id,
                    cluster_id=cluster_id, norm_sha256=norm_sha256 or "", published=published or "",
                    outlet=outlet or "", title=title or "", ingested_at=ingested_at or "",
                    has_verdict=cid in current)
        return result

    def claim_rows_light(self, claim_ids: Iterable[int]) -> dict[int, CandidateRow]:
        """``claim_rows`` with only the claim's own columns (id, kind, speaker, article, cluster,
        text hash; text, article and verdict facts left empty): enough to rank when a query has no
        filters and no date, and to group by quote cluster; one primary-key lookup each."""
        return {int(r[0]): CandidateRow(
            id=int(r[0]), kind=str(r[1]), text="", speaker=str(r[2] or ""), article_id=int(r[3]),
            cluster_id=r[4], norm_sha256=str(r[5] or ""), published="", outlet="", title="",
            ingested_at="", has_verdict=False) for r in _select_in(
                self.db.conn, "SELECT id, kind, speaker, article_id, cluster_id, norm_sha256 FROM claims"
                " WHERE id IN ({marks})", claim_ids)}

    def speaker_names(self, name: str) -> set[str]:
        """The speaker's canonical name and aliases, case-folded (for speaker filters and boosts)."""
        rows = self.db.conn.execute(
            "SELECT s.name FROM speakers s WHERE s.name = ?1 UNION"
            " SELECT s.name FROM speaker_aliases al JOIN speakers s ON s.id = al.speaker_id"
            " WHERE al.alias = ?1 UNION SELECT al.alias FROM speaker_aliases al"
            " JOIN speakers s ON s.id = al.speaker_id WHERE s.name = ?1", (name,))
        return {str(r[0]).casefold() for r in rows} | {name.casefold()}

    def claims_with_hashes(self, hashes: Iterable[str]) -> dict[str, list[int]]:
        """Claim ids sharing each normalised text hash (quote provenance)."""
        result: dict[str, list[int]] = {}
        for r in _select_in(self.db.conn, "SELECT norm_sha256, id FROM claims WHERE norm_sha256 IN ({marks})"
                            " ORDER BY id", hashes):
            result.setdefault(str(r[0]), []).append(int(r[1]))
        return result

    def appearance_dates(self, claim_ids: Iterable[int]) -> dict[int, str]:
        """When each claim appeared: its article's published date, else when it was ingested."""
        return {int(r[0]): str(r[1]) for r in _select_in(
            self.db.conn, "SELECT c.id, COALESCE(NULLIF(a.published, ''), a.ingested_at, '') FROM claims c"
            " JOIN articles a ON a.id = c.article_id WHERE c.id IN ({marks})", claim_ids)}

    def claims_in_clusters(self, cluster_ids: Iterable[int]) -> dict[int, list[int]]:
        result: dict[int, list[int]] = {}
        for r in _select_in(self.db.conn, "SELECT cluster_id, id FROM claims WHERE cluster_id IN ({marks})"
                            " ORDER BY id", cluster_ids):
            result.setdefault(int(r[0]), []).append(int(r[1]))
        return result

    def set_cluster_ids(self, assignment: dict[int, int | None]) -> None:
        with self.db.write() as conn:
            conn.executemany("UPDATE claims SET cluster_id = ? WHERE id = ?",
                             [(cluster, cid) for cid, cluster in assignment.items()])

    # --- reviewer feedback on matches -------------------------------------------------------
    def add_match_feedback(self, claim_id: int, other_id: int, same: bool, reviewer: str,
                           score: float | None = None) -> int:
        with self.db.write() as conn:
            cur = conn.execute(
                "INSERT INTO match_feedback (claim_id, other_id, same, score, reviewer, created_at)"
                " VALUES (?,?,?,?,?,?)", (claim_id, other_id, int(same), score, reviewer, utc_now()))
            return int(cur.lastrowid or 0)

    def match_feedback(self, claim_id: int) -> dict[int, bool]:
        """The latest same/different judgement per other claim, either direction."""
        rows = self.db.conn.execute(
            "SELECT claim_id, other_id, same FROM match_feedback WHERE claim_id = ?1 OR other_id = ?1"
            " ORDER BY id", (claim_id,))
        result: dict[int, bool] = {}
        for r in rows:
            other = int(r["other_id"]) if int(r["claim_id"]) == claim_id else int(r["claim_id"])
            result[other] = bool(r["same"])
        return result

    def all_match_feedback(self) -> list[tuple[int, int, bool]]:
        """Every stored judgement as (claim_id, other_id, same), oldest first."""
        rows = self.db.conn.execute("SELECT claim_id, other_id, same FROM match_feedback ORDER BY id")
        return [(int(r["claim_id"]), int(r["other_id"]), bool(r["same"])) for r in rows]

    def match_feedback_count(self) -> int:
        return int(self.db.conn.execute("SELECT COUNT(*) FROM match_feedback").fetchone()[0])


def _chunks(values: Sequence[Any], size: int = 900) -> list[list[Any]]:
    return [list(values[i:i + size]) for i in range(0, len(values), size)]


def _select_in(conn: sqlite3.Connection, sql: str, values: Iterable[Any]) -> Iterator[sqlite3.Row]:
    """The rows of ``sql`` for the distinct ``values``, whose ``{marks}`` is an IN list filled a
    chunk at a time (SQLite caps the parameters of one statement); an ORDER BY holds per chunk."""
    for chunk in _chunks(sorted(set(values))):
        yield from conn.execute(sql.format(marks=",".join("?" * len(chunk))), chunk)
