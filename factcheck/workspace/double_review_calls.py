"""The Workspace's blind double review calls: who acts (identity and role) in front of :class:`DoubleReview`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factcheck.blind_review import ClaimReviews
from factcheck.models import Evidence, Review, Verdict
from factcheck.queue import Queue, QueueFilters
from factcheck.records import BasedOn, Check

if TYPE_CHECKING:
    from factcheck.workspace.double_review import DoubleReview
    from factcheck.workspace.review import ReviewQueue


@dataclass(frozen=True, slots=True)
class _Named:
    """A reviewer known by a typed name (single-user mode)."""

    issuer: str
    subject: str
    label: str


class DoubleReviewCalls:
    """Mixed into :class:`Workspace`: blind double review under the acting user's identity."""

    double_review: DoubleReview
    queue: ReviewQueue

    def _who(self, reviewer: str) -> _Named:
        name = reviewer.strip()
        return _Named("local", name, name)

    def set_double_review(self, on: bool) -> None:
        """Turn blind double review on or off for the workspace (editor)."""
        self.double_review.set_enabled(on)

    def review(self, claim_id: int, rating: str, *, explanation: str = "",
               evidence: Iterable[Evidence | str] = (), reviewer: str = "",
               status: str = "draft") -> tuple[Review, Verdict | None]:
        """Save the acting reviewer's independent review (blind double review; reviewer role)."""
        return self.double_review.review(claim_id, rating, by=self._who(reviewer),
                                         explanation=explanation, evidence=evidence, status=status)

    def claim_reviews(self, claim_id: int, *, reviewer: str = "") -> ClaimReviews:
        """The claim's independent reviews as the acting reviewer may see them (blind until both are in)."""
        who = self._who(reviewer)
        return self.double_review.claim_reviews(claim_id, (who.issuer, who.subject))

    def review_queue(self, filters: QueueFilters | None = None, *, reviewer: str = "") -> Queue:
        """Claims to review, most check-worthy first; in blind double review, only those the
        acting reviewer may still review."""
        key = None
        if self.double_review.enabled():
            who = self._who(reviewer)
            key = (who.issuer, who.subject)
        return self.queue.review_queue(filters, reviewer=key)

    def adjudicate(self, claim_id: int, rating: str, *, explanation: str = "",
                   evidence: Iterable[Evidence | str] = (), reviewer: str = "",
                   status: str = "draft", based_on: BasedOn = Check.SKIP) -> Verdict:
        """Settle a claim whose two reviews are in with the acting editor's verdict."""
        return self.double_review.adjudicate(claim_id, rating, by=self._who(reviewer),
                                             explanation=explanation, evidence=evidence,
                                             status=status, based_on=based_on)
