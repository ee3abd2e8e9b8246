"""The Workspace's blind double review calls: who acts (identity and role) in front of :class:`DoubleReview`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from factcheck.auth import Action
from factcheck.blind_review import ClaimReviews
from factcheck.errors import InputError
from factcheck.models import Evidence, Review, Verdict
from factcheck.queue import Queue, QueueFilters
from factcheck.records import BasedOn, Check
from factcheck.workspace.guard import RoleGuard

if TYPE_CHECKING:
    from factcheck.workspace.double_review import DoubleReview
    from factcheck.workspace.review import ReviewQueue


class DoubleReviewCalls(RoleGuard):
    """Mixed into :class:`Workspace`: blind double review under the acting principal's identity
    and role (reviewer: independent reviews; editor: the mode, adjudication, settled verdicts)."""

    double_review: DoubleReview
    queue: ReviewQueue

    def set_double_review(self, on: bool) -> None:
        """Turn blind double review on or off for the workspace (a setting: editor)."""
        self.require(Action.SETTINGS)
        self.double_review.set_enabled(on)

    def review(self, claim_id: int, rating: str, *, explanation: str = "",
               evidence: Iterable[Evidence | str] = (), reviewer: str = "",
               status: str = "draft") -> tuple[Review, Verdict | None]:
        """Save the acting reviewer's independent review (reviewer role; ``published`` needs
        editor); returns it and, when it completes an agreeing pair, the claim's verdict."""
        by = self._verdict_author(reviewer, status)
        return self.double_review.review(claim_id, rating, by=by, explanation=explanation,
                                         evidence=evidence, status=status)

    def claim_reviews(self, claim_id: int, *, reviewer: str = "") -> ClaimReviews:
        """The claim's independent reviews as the acting reviewer may see them (blind until both are in)."""
        return self.double_review.claim_reviews(claim_id, self.author(reviewer).key)

    def review_queue(self, filters: QueueFilters | None = None, *, reviewer: str = "",
                     reviewer_key: tuple[str, str] | None = None) -> Queue:
        """Claims to review, most check-worthy first; in blind double review only those the acting
        reviewer may still review (fewer than two reviews, none of them theirs, no verdict yet).

        ``reviewer_key`` (issuer, subject) names the reviewer directly (the app's shared queue
        cache, keyed by it); otherwise it is the acting principal's (``reviewer``: a typed name).
        """
        key = None
        if self.double_review.enabled():
            key = reviewer_key if reviewer_key is not None else self.author(reviewer).key
        return self.queue.review_queue(filters, reviewer=key)

    def adjudicate(self, claim_id: int, rating: str, *, explanation: str = "",
                   evidence: Iterable[Evidence | str] = (), reviewer: str = "",
                   status: str = "draft", based_on: BasedOn = Check.SKIP) -> Verdict:
        """Settle a claim whose two reviews are in with the acting editor's verdict (editor)."""
        self.require(Action.ADJUDICATE)
        return self.double_review.adjudicate(claim_id, rating, by=self.author(reviewer),
                                             explanation=explanation, evidence=evidence,
                                             status=status, based_on=based_on)

    # --- verdicts while blind double review is on ------------------------------------------------
    def record_verdict(self, claim_id: int, rating: str, *, explanation: str = "",
                       evidence: Iterable[Evidence | str] = (), reviewer: str = "",
                       status: str = "draft", based_on: BasedOn = Check.SKIP) -> Verdict:
        """Append a verdict (see :meth:`RoleGuard.record_verdict`). In blind double review a claim
        gets its verdict from two independent reviews (:meth:`review`); once it has one, only an
        editor changes it (e.g. to publish it)."""
        if self.double_review.enabled():
            if self.double_review.store.current_verdict(claim_id) is None:
                raise InputError(
                    f"blind double review is on: claim {claim_id} gets its verdict from two "
                    "independent reviews; save yours as a review (factcheck verdict does this "
                    "for you; library: Workspace.review)")
            self.require(Action.ADJUDICATE)
        return super().record_verdict(claim_id, rating, explanation=explanation, evidence=evidence,
                                      reviewer=reviewer, status=status, based_on=based_on)

    def apply_verdict_to_cluster(self, claim_id: int, rating: str, *, explanation: str = "",
                                 evidence: Iterable[Evidence | str] = (), reviewer: str = "",
                                 status: str = "draft", based_on: BasedOn = Check.SKIP) -> str:
        """Record the verdict on every appearance of the quote; off in blind double review."""
        if self.double_review.enabled():
            raise InputError("cluster verdicts are off in blind double review: each appearance "
                             "gets two independent reviews; review this claim on its own")
        return super().apply_verdict_to_cluster(claim_id, rating, explanation=explanation,
                                                evidence=evidence, reviewer=reviewer,
                                                status=status, based_on=based_on)
