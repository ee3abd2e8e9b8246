"""Independent reviews of blind double review (SQLite): append a review and settle the claim in one write."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from factcheck.errors import ConflictError
from factcheck.models import Evidence, Review, Verdict
from factcheck.store.db import Database, utc_now
from factcheck.store.verdicts import VerdictStore, evidence_to_json

# Decides a claim once both independent reviews are in: the verdict to append (agreement), or None.
Settle = Callable[[Review, Review], Verdict | None]
QUORUM = 2  # independent reviews per claim


def row_to_review(row: Mapping[str, Any] | sqlite3.Row) -> Review:
    evidence = tuple(Evidence(**item) for item in json.loads(row["evidence"] or "[]"))
    return Review(id=int(row["id"]), claim_id=int(row["claim_id"]), rating=row["rating"],
                  reviewer=row["reviewer"], reviewer_issuer=row["reviewer_issuer"],
                  reviewer_subject=row["reviewer_subject"],
                  explanation=row["explanation"], evidence=evidence, status=row["status"],
                  created_at=row["created_at"], rating_value=row["rating_value"],
                  best_rating=row["best_rating"], worst_rating=row["worst_rating"])


def latest_by_reviewer(reviews: Iterable[Review]) -> list[Review]:
    """Each reviewer's latest review (a reviewer may revise theirs until the other's is in), in
    the order the reviewers first reviewed the claim."""
    first: dict[tuple[str, str], int] = {}
    latest: dict[tuple[str, str], Review] = {}
    for review in sorted(reviews, key=lambda r: r.id):
        first.setdefault(review.reviewer_key, review.id)
        latest[review.reviewer_key] = review
    return sorted(latest.values(), key=lambda r: first[r.reviewer_key])


def admit(review: Review, existing: Sequence[Review], current: Verdict | None) -> None:
    """ConflictError when ``review`` may not be added to the claim's ``existing`` reviews:
    the claim already has its verdict, both reviews are in, or two other reviewers reviewed it."""
    if current is not None:
        raise ConflictError(
            f"claim {review.claim_id} already has its verdict #{current.id} {current.rating!r}"
            f" ({current.origin}); your review {review.rating!r} was NOT saved. In blind double"
            " review only an editor changes a claim's verdict (factcheck adjudicate)",
            current=current, attempted=review)
    reviewers = {r.reviewer_key for r in existing}
    if len(reviewers) >= QUORUM:
        names = " and ".join(r.reviewer or r.reviewer_subject for r in latest_by_reviewer(existing))
        state = ("both independent reviews are in" if review.reviewer_key in reviewers
                 else "it already has two independent reviews")
        raise ConflictError(
            f"claim {review.claim_id}: {state} ({names}); your review {review.rating!r} was NOT"
            " saved. The claim is settled by agreement or waits for an editor's adjudication",
            current=None, attempted=review)


class ReviewStore:
    """Independent reviews. Mixed into :class:`factcheck.store.Store`."""

    db: Database

    def add_review(self, review: Review, settle: Settle) -> tuple[Review, Verdict | None]:
        """Append ``review``; when it is the second reviewer's, ``settle(first, second)`` decides
        in the same transaction whether a verdict is appended (agreement) or not (a dispute)."""
        with self.db.write() as conn:
            VerdictStore._require_claims(conn, [review.claim_id])
            existing = [row_to_review(r) for r in conn.execute(
                "SELECT * FROM reviews WHERE claim_id = ? ORDER BY id", (review.claim_id,))]
            admit(review, existing, VerdictStore._current_in(conn, review.claim_id))
            saved = self._insert_review(conn, review)
            both = latest_by_reviewer([*existing, saved])
            verdict = None
            if len(both) == QUORUM and len({r.reviewer_key for r in existing}) < QUORUM:
                settled = settle(both[0], both[1])
                if settled is not None:
                    verdict = VerdictStore._insert(conn, replace(
                        settled, supersedes=VerdictStore._latest_id_in(conn, review.claim_id)))
            return saved, verdict

    def reviews_of(self, claim_ids: Iterable[int] | None = None) -> dict[int, list[Review]]:
        """Every review record of the claims (all claims when None), oldest first, by claim."""
        if claim_ids is None:
            rows = self.db.conn.execute("SELECT * FROM reviews ORDER BY id").fetchall()
        else:
            wanted = sorted(set(claim_ids))
            rows = [r for o in range(0, len(wanted), 900) for r in self.db.conn.execute(
                f"SELECT * FROM reviews WHERE claim_id IN ({','.join('?' * len(wanted[o:o + 900]))})"
                " ORDER BY id", wanted[o:o + 900])]
        result: dict[int, list[Review]] = {}
        for review in sorted((row_to_review(r) for r in rows), key=lambda r: r.id):
            result.setdefault(review.claim_id, []).append(review)
        return result

    def reviewers_by_claim(self) -> dict[int, set[tuple[str, str]]]:
        """Each reviewed claim's reviewers as stable identities (issuer, subject): the queue's light read."""
        result: dict[int, set[tuple[str, str]]] = {}
        for row in self.db.conn.execute(
                "SELECT DISTINCT claim_id, reviewer_issuer, reviewer_subject FROM reviews"):
            result.setdefault(int(row[0]), set()).add((str(row[1]), str(row[2])))
        return result

    def review_count(self) -> int:
        return int(self.db.conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0])

    @staticmethod
    def _insert_review(conn: sqlite3.Connection, r: Review) -> Review:
        created_at = utc_now()
        cur = conn.execute(
            "INSERT INTO reviews (claim_id, rating, rating_value, best_rating, worst_rating,"
            " explanation, evidence, reviewer, reviewer_issuer, reviewer_subject, status, created_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (r.claim_id, r.rating, r.rating_value, r.best_rating, r.worst_rating, r.explanation,
             evidence_to_json(r.evidence), r.reviewer, r.reviewer_issuer, r.reviewer_subject, r.status,
             created_at))
        return replace(r, id=int(cur.lastrowid or 0), created_at=created_at)
