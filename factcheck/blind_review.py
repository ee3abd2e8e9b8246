"""Blind double review, the pure part: when two reviews agree, the agreed verdict, and agreement figures.

Two independent reviews *agree* when they give the same rating: the same label of the scale (labels
are resolved by the scale first, so aliases and shortcut digits count as their label; on a free
scale, the same text up to case and spacing). Notes, evidence and status may differ.

Agreement figures use Krippendorff's alpha for ordinal data (:mod:`factcheck.alpha`) over the
ratings' scale values. Ratings without a value (Misleading, Unproven, Not a checkable claim, any
free-text rating) are not on the ordinal scale: in the alpha they count as missing, so an item
where either review has one is left out of it (``non_ordinal`` counts them); the exact-agreement
share (same rating) covers every double-reviewed item, those included.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from factcheck.alpha import ordinal_alpha
from factcheck.models import VERDICT_STATUSES, Evidence, Review, Verdict
from factcheck.store.reviews import QUORUM, latest_by_reviewer


def same_rating(first: Review, second: Review) -> bool:
    """Whether two reviews give the same rating (see the module docstring)."""
    def key(text: str) -> str:
        return " ".join(text.casefold().split())
    return key(first.rating) == key(second.rating)


def agreed_verdict(first: Review, second: Review) -> Verdict | None:
    """The verdict two agreeing reviews make final (None when they disagree): their rating, both
    notes, every evidence item once, the lower of their statuses, both names (the identity recorded
    is the second reviewer's, whose review made it final); ``inputs`` = both reviews' ids."""
    if not same_rating(first, second):
        return None
    notes = [r.explanation.strip() for r in (first, second) if r.explanation.strip()]
    evidence: dict[tuple[str, int | None, int | None, int | None], Evidence] = {}
    for item in (*first.evidence, *second.evidence):
        evidence.setdefault((item.url, item.source_id, item.start, item.end), item)
    status = min(first.status, second.status, key=lambda s: VERDICT_STATUSES.index(s)
                 if s in VERDICT_STATUSES else 0)
    names = " + ".join(r.reviewer or r.reviewer_subject for r in (first, second))
    return Verdict(id=0, claim_id=second.claim_id, rating=first.rating,
                   explanation="\n\n".join(dict.fromkeys(notes)), evidence=tuple(evidence.values()),
                   reviewer=names, reviewer_issuer=second.reviewer_issuer,
                   reviewer_subject=second.reviewer_subject, status=status, rating_value=first.rating_value,
                   best_rating=first.best_rating, worst_rating=first.worst_rating,
                   origin="agreed", inputs=(first.id, second.id))


@dataclass(frozen=True, slots=True)
class Dispute:
    """A claim whose two independent reviews disagree and that waits for an editor's adjudication."""

    claim_id: int
    first: Review
    second: Review


@dataclass(frozen=True, slots=True)
class ClaimReviews:
    """What one viewer may see of a claim's independent reviews.

    ``mine``: the viewer's own latest review; ``others``: the other reviewer's, only once both
    are in (empty before: blind); ``count``: reviewers so far (0, 1 or 2); ``state``: open (no
    review), waiting (one in), agreed, disputed (waits for adjudication) or settled (it has a
    verdict by adjudication or an editor's edit).
    """

    claim_id: int
    count: int
    state: str
    mine: Review | None = None
    others: tuple[Review, ...] = ()


@dataclass(frozen=True, slots=True)
class AgreementFigure:
    """Agreement over a set of double-reviewed items (all of them, or one reviewer pair's).

    ``alpha``: Krippendorff's alpha (ordinal), None when undefined (``reason`` says why);
    ``items``: items in the alpha (both ratings ordinal); ``double_reviewed``: items with two
    reviews; ``non_ordinal``: items left out of the alpha because a rating has no scale value;
    ``same_rating``: items whose two reviews gave the same rating (any rating).
    """

    reviewers: tuple[str, ...]
    alpha: float | None
    items: int
    double_reviewed: int
    non_ordinal: int
    same_rating: int
    reason: str = ""

    @property
    def label(self) -> str:
        return " & ".join(self.reviewers) if self.reviewers else "all reviewers"

    @property
    def percent_agreement(self) -> float | None:
        return self.same_rating / self.double_reviewed if self.double_reviewed else None


@dataclass(frozen=True, slots=True)
class AgreementReport:
    """Agreement overall and per reviewer pair (pairs with the most items first)."""

    overall: AgreementFigure
    pairs: tuple[AgreementFigure, ...]


def pairs_of(reviews_by_claim: Mapping[int, Iterable[Review]]) -> list[tuple[Review, Review]]:
    """The two independent reviews of every claim that has both (each reviewer's latest)."""
    result = []
    for reviews in reviews_by_claim.values():
        latest = latest_by_reviewer(reviews)
        if len(latest) >= QUORUM:
            result.append((latest[0], latest[1]))
    return result


def figure(pairs: list[tuple[Review, Review]], reviewers: tuple[str, ...] = ()) -> AgreementFigure:
    alpha = ordinal_alpha([(a.rating_value, b.rating_value) for a, b in pairs])
    non_ordinal = sum(a.rating_value is None or b.rating_value is None for a, b in pairs)
    return AgreementFigure(reviewers=reviewers, alpha=alpha.alpha, items=alpha.items,
                           double_reviewed=len(pairs), non_ordinal=non_ordinal,
                           same_rating=sum(same_rating(a, b) for a, b in pairs), reason=alpha.reason)


def agreement_report(reviews_by_claim: Mapping[int, Iterable[Review]]) -> AgreementReport:
    """Alpha overall and per reviewer pair (a pair: two stable identities, shown by their names)."""
    pairs = pairs_of(reviews_by_claim)
    by_pair: dict[tuple[tuple[str, str], ...], list[tuple[Review, Review]]] = {}
    names: dict[tuple[str, str], str] = {}
    for a, b in pairs:
        by_pair.setdefault(tuple(sorted((a.reviewer_key, b.reviewer_key))), []).append((a, b))
        for r in (a, b):
            names[r.reviewer_key] = r.reviewer or r.reviewer_subject
    per_pair = [figure(items, tuple(names[k] for k in key)) for key, items in by_pair.items()]
    per_pair.sort(key=lambda f: (-f.double_reviewed, f.label.casefold()))
    return AgreementReport(overall=figure(pairs), pairs=tuple(per_pair))
