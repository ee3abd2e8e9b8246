"""ReviewQueue: the review queue over the workspace's claims and their verdict statuses."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from factcheck.config import Settings
from factcheck.errors import InputError
from factcheck.models import Claim, Verdict
from factcheck.queue import (
    QUEUE_STATUSES,
    Queue,
    QueueFilters,
    build_queue,
    keep_claim,
    review_status,
)
from factcheck.store.protocol import StoreBackend

if TYPE_CHECKING:
    from factcheck.workspace.core import Claims
    from factcheck.workspace.double_review import DoubleReview
    from factcheck.workspace.matching import Matcher


@dataclass(eq=False)
class ReviewQueue:
    """Which claims a reviewer sees next: filters, check-worthiness order, progress, prior matches."""

    store: StoreBackend
    settings: Settings
    claims: Claims
    matcher: Matcher
    double: DoubleReview

    def claim_statuses(self) -> dict[int, str]:
        """Queue status of every claim that has a current verdict (no current verdict: unreviewed);
        in blind double review a claim with a review but no verdict yet is 'in review'."""
        return self._statuses(self.store.current_verdicts(include_priors=False))

    def _statuses(self, current: Mapping[int, Verdict]) -> dict[int, str]:
        statuses = {claim_id: review_status(verdict.status) for claim_id, verdict in current.items()}
        if self.double.enabled():
            for claim_id in self.store.reviewers_by_claim():
                statuses.setdefault(claim_id, "in review")
        return statuses

    def review_queue(self, filters: QueueFilters | None = None, *,
                     reviewer: tuple[str, str] | None = None) -> Queue:
        """Claims to review, most check-worthy first, with progress counts.

        In blind double review the queue serves a claim until it has two independent reviews,
        never to a ``reviewer`` (issuer, subject) who reviewed it, nor once it has a verdict.
        """
        filters = filters or QueueFilters()
        if filters.min_confidence is None:
            filters = replace(filters, min_confidence=float(self.settings.min_confidence))
        if filters.status not in QUEUE_STATUSES:
            raise InputError(f"unknown queue status {filters.status!r}; use one of {', '.join(QUEUE_STATUSES)}")
        rows = self.store.queue_rows()  # light rows (no text): 100k claims in a fraction of a second
        prior = None
        if filters.prior_match:  # search only the claims the other filters keep
            kept = self.store.get_claims(r.id for r in rows if keep_claim(r, filters))
            prior = self.prior_matched_ids(list(kept.values()))
        current = self.store.current_verdicts(include_priors=False)
        not_served = self.double.not_for(reviewer, current) if self.double.enabled() else set()
        return build_queue(rows, self._statuses(current), filters, prior, not_served)

    def prior_matched_ids(self, claims: Sequence[Claim] | None = None) -> set[int]:
        """Ids of claims whose best prior fact-check is 'likely the same claim' (one batched search)."""
        from factcheck.match.ranking import MatchFilters, Query

        todo = list(self.claims.claims() if claims is None else claims)
        if not todo or not self.store.stats().prior_claims:
            return set()
        only_priors = MatchFilters(kinds=("prior",))
        results = self.matcher.search_many([Query(text=c.text, speaker=c.speaker, k=1, filters=only_priors,
                                          exclude_claim_id=c.id) for c in todo])
        return {c.id for c, found in zip(todo, results, strict=True)
                if found and found[0].level == "same"}


__all__ = ["Queue", "QueueFilters", "ReviewQueue"]
