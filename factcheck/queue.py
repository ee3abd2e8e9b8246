"""The review queue: which claims a reviewer sees, in which order, and the progress over them."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from factcheck.models import Claim, QueueRow

ATTRIBUTION_KINDS: tuple[str, ...] = ("direct", "partial", "indirect", "belief")  # items with a confidence
QUEUE_STATUSES: tuple[str, ...] = ("any", "unreviewed", "in review", "reviewed")


def review_status(verdict_status: str | None, *, retracted: bool = False) -> str:
    """Queue status from a claim's latest verdict: none → unreviewed, published → reviewed."""
    if verdict_status is None or retracted:
        return "unreviewed"
    return "reviewed" if verdict_status == "published" else "in review"


@dataclass(frozen=True, slots=True)
class QueueFilters:
    """What the reviewer narrowed the queue to (all optional)."""

    article_id: int | None = None
    speaker_id: int | None = None
    kind: str | None = None
    min_checkworthiness: float = 0.0
    status: str = "any"
    prior_match: bool = False
    min_confidence: float | None = None  # attributions below it are hidden; None = the workspace setting


@dataclass(frozen=True, slots=True)
class Queue:
    """Claim ids in review order, and the progress over the filtered set (status filter aside)."""

    claim_ids: tuple[int, ...]
    total: int
    reviewed: int
    in_review: int

    def position(self, claim_id: int | None) -> int | None:
        try:
            return self.claim_ids.index(claim_id) if claim_id is not None else None
        except ValueError:
            return None

    def step(self, claim_id: int | None, delta: int) -> int | None:
        """The claim ``delta`` places from ``claim_id`` (clamped); the first one when not queued."""
        if not self.claim_ids:
            return None
        here = self.position(claim_id)
        if here is None:
            return self.claim_ids[0] if delta >= 0 else self.claim_ids[-1]
        return self.claim_ids[max(0, min(len(self.claim_ids) - 1, here + delta))]


def keep_claim(claim: Claim | QueueRow, filters: QueueFilters) -> bool:
    """Whether a claim passes every filter except status and prior match."""
    return not (
        (filters.article_id is not None and claim.article_id != filters.article_id)
        or (filters.speaker_id is not None and claim.speaker_id != filters.speaker_id)
        or (filters.kind is not None and claim.kind != filters.kind)
        or claim.checkworthiness < filters.min_checkworthiness
        or (claim.kind in ATTRIBUTION_KINDS and claim.confidence < (filters.min_confidence or 0.0))
    )


def build_queue(claims: Iterable[Claim | QueueRow], statuses: Mapping[int, str], filters: QueueFilters,
                prior_matched: set[int] | None = None, not_served: Collection[int] = ()) -> Queue:
    """Filter ``claims`` (claims or their light queue rows) and sort them by check-worthiness
    (highest first, then article order).

    ``statuses`` maps claim id → queue status (missing: unreviewed); ``prior_matched`` holds
    the ids with a likely prior match (needed only when that filter is on); ``not_served``:
    claims counted in the progress but never queued (blind double review: the reviewer's own
    and fully reviewed claims).
    """
    kept = [c for c in claims if keep_claim(c, filters)
            and (not filters.prior_match or (prior_matched is not None and c.id in prior_matched))]
    total = len(kept)
    reviewed = sum(statuses.get(c.id) == "reviewed" for c in kept)
    in_review = sum(statuses.get(c.id) == "in review" for c in kept)
    if filters.status != "any":
        kept = [c for c in kept if statuses.get(c.id, "unreviewed") == filters.status]
    if not_served:
        kept = [c for c in kept if c.id not in not_served]
    kept.sort(key=lambda c: (-c.checkworthiness, c.article_id, c.start, c.id))
    return Queue(tuple(c.id for c in kept), total, reviewed, in_review)
