"""Prior fact-checks (ClaimReview) on PostgreSQL: synthetic articles + claims + verdicts, upserted."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from factcheck.models import Evidence
from factcheck.records import PriorAppearance, PriorRecord
from factcheck.store.articles import normalized_hash
from factcheck.store.db import utc_now
from factcheck.store.postgres.articles import PgArticleStore
from factcheck.store.postgres.db import Conn, PgDatabase
from factcheck.store.priors import PRIOR_ORIGIN
from factcheck.store.verdicts import evidence_to_json


class PgPriorStore(PgArticleStore):
    """Mixed into :class:`PostgresStore`: prior fact-checks, found again by their external id."""

    db: PgDatabase

    def upsert_priors(self, records: Sequence[PriorRecord]) -> list[tuple[str, int, bool]]:
        result = []
        with self.db.write() as conn:
            self._lock_priors(conn, records)
            for rec in records:
                before = self.prior_text(rec.external_id)
                status, claim_id = self.upsert_prior(rec)
                result.append((status, claim_id, before is not None and before != rec.claim))
        return result

    def upsert_prior(self, rec: PriorRecord) -> tuple[str, int]:
        """Store or update one prior fact-check; returns (``added|updated|unchanged``, claim id)."""
        with self.db.write() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"prior:{rec.external_id}",))
            row = conn.execute(
                "SELECT c.id, c.text, c.speaker, c.article_id, a.title, a.url, a.outlet, a.published"
                " FROM claims c JOIN articles a ON a.id = c.article_id"
                " WHERE c.external_id = %s AND c.external_id <> ''",  # <> '': the partial index applies
                (rec.external_id,)).fetchone()
            article_id = self._prior_article(conn, rec)
            if rec.claimant:
                self._lock_speakers(conn, [rec.claimant], {})
            speaker_id = (self._upsert_speaker(conn, rec.claimant, rec.claimant_type, ())
                          if rec.claimant else None)
            if row is None:
                new = conn.execute(
                    'INSERT INTO claims (article_id, kind, text, start, "end", speaker, speaker_id,'
                    " rule, external_id, norm_sha256) VALUES (%s, 'prior', %s, 0, %s, %s, %s, %s, %s, %s)"
                    " RETURNING id",
                    (article_id, rec.claim, len(rec.claim), rec.claimant, speaker_id, PRIOR_ORIGIN,
                     rec.external_id, normalized_hash(rec.claim))).fetchone()
                assert new is not None
                claim_id = int(new["id"])
                self._replace_appearances(conn, claim_id, rec)
                self._append_prior_verdict(conn, claim_id, rec)
                return "added", claim_id
            claim_id = int(row["id"])
            changed = (row["text"] != rec.claim or row["speaker"] != rec.claimant
                       or int(row["article_id"]) != article_id)
            if changed:
                conn.execute(
                    'UPDATE claims SET article_id = %s, text = %s, "end" = %s, speaker = %s,'
                    " speaker_id = %s, norm_sha256 = %s WHERE id = %s",
                    (article_id, rec.claim, len(rec.claim), rec.claimant, speaker_id,
                     normalized_hash(rec.claim), claim_id))
                conn.execute(
                    "DELETE FROM articles WHERE id = %s AND origin = %s AND NOT EXISTS"
                    " (SELECT 1 FROM claims WHERE article_id = %s)",
                    (int(row["article_id"]), PRIOR_ORIGIN, int(row["article_id"])))
            after = conn.execute("SELECT title, url, outlet, published FROM articles WHERE id = %s",
                                 (article_id,)).fetchone()
            assert after is not None
            if (row["title"], row["url"], row["outlet"], row["published"]) != tuple(after.values()):
                changed = True
            if self._replace_appearances(conn, claim_id, rec):
                changed = True
            if self._append_prior_verdict(conn, claim_id, rec):
                changed = True
            return ("updated" if changed else "unchanged"), claim_id

    @staticmethod
    def _lock_priors(conn: Conn, records: Sequence[PriorRecord]) -> None:
        """Take every lock an import needs up front, in one global order (the lock keys' hashes):
        its external ids, the synthetic articles of its claim texts and its claimants. Two imports
        of overlapping records in different orders would otherwise each hold some of them and wait
        for the other's (a deadlock); this way one waits for the other to commit."""
        keys = sorted({f"prior:{rec.external_id}" for rec in records}
                      | {f"prior-article:{_sha(rec.claim)}" for rec in records}
                      | {f"speaker:{rec.claimant.lower()}" for rec in records if rec.claimant})
        if keys:
            conn.execute("SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtext(k) AS h"
                         " FROM unnest(%s::text[]) AS k ORDER BY h) AS ordered", (keys,))

    @staticmethod
    def _prior_article(conn: Conn, rec: PriorRecord) -> int:
        """The synthetic article holding the claim text (shared by priors with the same text)."""
        sha = _sha(rec.claim)
        published = rec.claim_date or rec.review_date
        conn.execute(
            "INSERT INTO articles (sha256, text, title, author, published, outlet, url, origin,"
            " ingested_at) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s) ON CONFLICT (sha256) DO NOTHING",
            (sha, rec.claim, rec.title, rec.reviewer, published, rec.reviewer, rec.review_url,
             PRIOR_ORIGIN, utc_now()))
        row = conn.execute("SELECT id, origin FROM articles WHERE sha256 = %s", (sha,)).fetchone()
        assert row is not None
        article_id = int(row["id"])
        if row["origin"] == PRIOR_ORIGIN:  # metadata follows the review unless the text is shared
            conn.execute(
                "UPDATE articles SET title = %s, author = %s, published = %s, outlet = %s, url = %s"
                " WHERE id = %s AND (title, author, published, outlet, url)"
                " IS DISTINCT FROM (%s, %s, %s, %s, %s)"
                " AND NOT EXISTS (SELECT 1 FROM claims WHERE article_id = %s AND external_id <> %s)",
                (rec.title, rec.reviewer, published, rec.reviewer, rec.review_url, article_id,
                 rec.title, rec.reviewer, published, rec.reviewer, rec.review_url, article_id,
                 rec.external_id))
        return article_id

    @staticmethod
    def _replace_appearances(conn: Conn, claim_id: int, rec: PriorRecord) -> bool:
        wanted = [(a.url, a.headline, a.date, a.description) for a in rec.appearances]
        have = [(r["url"], r["headline"], r["published"], r["description"]) for r in conn.execute(
            "SELECT url, headline, published, description FROM claim_appearances"
            " WHERE claim_id = %s ORDER BY position", (claim_id,))]
        if have == wanted:
            return False
        conn.execute("DELETE FROM claim_appearances WHERE claim_id = %s", (claim_id,))
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO claim_appearances (claim_id, position, url, headline, published, description)"
                " VALUES (%s, %s, %s, %s, %s, %s)", [(claim_id, n, *row) for n, row in enumerate(wanted)])
        return True

    def prior_appearances(self, claim_id: int) -> list[PriorAppearance]:
        return [PriorAppearance(url=str(r["url"]), headline=str(r["headline"]), date=str(r["published"]),
                                description=str(r["description"])) for r in self.db.rows(
            "SELECT url, headline, published, description FROM claim_appearances"
            " WHERE claim_id = %s ORDER BY position", (claim_id,))]

    @staticmethod
    def _append_prior_verdict(conn: Conn, claim_id: int, rec: PriorRecord) -> bool:
        last = conn.execute(
            "SELECT id, rating, rating_value, best_rating, worst_rating FROM verdicts"
            " WHERE claim_id = %s AND origin = %s ORDER BY id DESC LIMIT 1",
            (claim_id, PRIOR_ORIGIN)).fetchone()
        values = (rec.rating, rec.rating_value, rec.best_rating, rec.worst_rating)
        if last is not None and (last["rating"], last["rating_value"], last["best_rating"],
                                 last["worst_rating"]) == values:
            return False
        if last is None and not rec.rating and rec.rating_value is None:
            return False
        evidence = [Evidence(url=rec.review_url, title=rec.title)] if rec.review_url else []
        conn.execute(
            "INSERT INTO verdicts (claim_id, rating, rating_value, best_rating, worst_rating,"
            " explanation, evidence, reviewer, status, created_at, supersedes, origin,"
            " reviewer_issuer, reviewer_subject) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
            (claim_id, rec.rating, rec.rating_value, rec.best_rating, rec.worst_rating, "",
             evidence_to_json(evidence), rec.reviewer, "published", rec.review_date or utc_now(),
             None if last is None else int(last["id"]), PRIOR_ORIGIN, PRIOR_ORIGIN, rec.reviewer))
        return True

    def prior_text(self, external_id: str) -> str | None:
        found = self.db.scalar("SELECT text FROM claims WHERE external_id = %s AND external_id <> ''",
                               (external_id,))
        return None if found is None else str(found)

    def prior_ids_by_external(self, external_ids: Sequence[str]) -> dict[str, int]:
        rows = self.db.rows("SELECT id, external_id FROM claims WHERE kind = 'prior' AND external_id <> ''"
                            " AND external_id = ANY(%s)",
                            (list(external_ids),))
        return {str(r["external_id"]): int(r["id"]) for r in rows}

    def prior_claim_ids(self) -> list[int]:
        return [int(r["id"]) for r in self.db.rows("SELECT id FROM claims WHERE kind = 'prior'")]

    def prior_titles(self, claim_ids: Sequence[int]) -> dict[int, str]:
        rows = self.db.rows(
            "SELECT c.id, a.title FROM claims c JOIN articles a ON a.id = c.article_id"
            " WHERE c.kind = 'prior' AND a.title <> '' AND c.id = ANY(%s)", (list(claim_ids),))
        return {int(r["id"]): str(r["title"]) for r in rows}

    def prior_title_state(self) -> tuple[int, int, int]:
        row = self.db.row(
            "SELECT COUNT(*) AS n, COALESCE(MAX(c.id), 0) AS m, COALESCE(SUM(LENGTH(a.title)), 0) AS t"
            " FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.kind = 'prior' AND a.title <> ''")
        assert row is not None
        return int(row["n"]), int(row["m"]), int(row["t"])


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
