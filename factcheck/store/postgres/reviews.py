"""Independent reviews of blind double review on PostgreSQL: the SQLite store's semantics under a claim row lock."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from factcheck.models import Review, Verdict
from factcheck.store.db import utc_now
from factcheck.store.postgres.db import Conn, PgDatabase, as_row
from factcheck.store.postgres.verdicts import PgVerdictStore
from factcheck.store.reviews import QUORUM, Settle, admit, latest_by_reviewer, row_to_review
from factcheck.store.verdicts import evidence_to_json


class PgReviewStore:
    """Independent reviews (see :class:`factcheck.store.reviews.ReviewStore`). Mixed into
    :class:`PostgresStore`; the claim's row lock orders two reviewers saving at once, so a third
    review is refused and the claim is settled exactly once."""

    db: PgDatabase

    def add_review(self, review: Review, settle: Settle) -> tuple[Review, Verdict | None]:
        with self.db.write() as conn:
            PgVerdictStore._lock_claims(conn, [review.claim_id])
            existing = [row_to_review(as_row(r)) for r in conn.execute(
                "SELECT * FROM reviews WHERE claim_id = %s ORDER BY id", (review.claim_id,))]
            admit(review, existing, PgVerdictStore._current_in(conn, review.claim_id))
            saved = self._insert_review(conn, review)
            both = latest_by_reviewer([*existing, saved])
            verdict = None
            if len(both) == QUORUM and len({r.reviewer_key for r in existing}) < QUORUM:
                settled = settle(both[0], both[1])
                if settled is not None:
                    verdict = PgVerdictStore._insert(conn, replace(
                        settled, supersedes=PgVerdictStore._latest_id_in(conn, review.claim_id)))
            return saved, verdict

    def reviews_of(self, claim_ids: Iterable[int] | None = None) -> dict[int, list[Review]]:
        if claim_ids is None:
            rows = self.db.rows("SELECT * FROM reviews ORDER BY id")
        else:
            rows = self.db.rows("SELECT * FROM reviews WHERE claim_id = ANY(%s) ORDER BY id",
                                (sorted(set(claim_ids)),))
        result: dict[int, list[Review]] = {}
        for review in (row_to_review(as_row(r)) for r in rows):
            result.setdefault(review.claim_id, []).append(review)
        return result

    def reviewers_by_claim(self) -> dict[int, set[tuple[str, str]]]:
        result: dict[int, set[tuple[str, str]]] = {}
        for row in self.db.rows("SELECT DISTINCT claim_id, reviewer_issuer, reviewer_subject FROM reviews"):
            result.setdefault(int(row["claim_id"]), set()).add(
                (str(row["reviewer_issuer"]), str(row["reviewer_subject"])))
        return result

    def review_count(self) -> int:
        return int(self.db.scalar("SELECT COUNT(*) FROM reviews") or 0)

    @staticmethod
    def _insert_review(conn: Conn, r: Review) -> Review:
        created_at = utc_now()
        row = conn.execute(
            "INSERT INTO reviews (claim_id, rating, rating_value, best_rating, worst_rating,"
            " explanation, evidence, reviewer, reviewer_issuer, reviewer_subject, status, created_at)"
            " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) RETURNING id",
            (r.claim_id, r.rating, r.rating_value, r.best_rating, r.worst_rating, r.explanation,
             evidence_to_json(r.evidence), r.reviewer, r.reviewer_issuer, r.reviewer_subject, r.status,
             created_at)).fetchone()
        assert row is not None
        return replace(r, id=int(row["id"]), created_at=created_at)
