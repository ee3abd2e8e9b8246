"""DoubleReview: the workspace's blind double review mode, independent reviews, disputes, adjudication, agreement."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from factcheck.blind_review import (
    AgreementReport,
    ClaimReviews,
    Dispute,
    agreed_verdict,
    agreement_report,
)
from factcheck.config import Settings
from factcheck.errors import InputError
from factcheck.models import VERDICT_STATUSES, Evidence, Review, Verdict
from factcheck.records import BasedOn, Check
from factcheck.store.protocol import StoreBackend
from factcheck.store.reviews import QUORUM, latest_by_reviewer
from factcheck.workspace.verdicts import VerdictLog, _evidence

MODE_KEY = "review.double"  # meta key: "on" = blind double review (shared by every process of a team)


class Reviewer(Protocol):
    """Who reviews or adjudicates: a stable identity and a name (the workspace's principal)."""

    @property
    def issuer(self) -> str: ...
    @property
    def subject(self) -> str: ...
    @property
    def label(self) -> str: ...


@dataclass(eq=False)
class DoubleReview:
    """Blind double review: the mode (in the store, so every process of a team agrees), reviews
    hidden from the other reviewer until both are in, agreement, the adjudication queue, alpha."""

    store: StoreBackend
    settings: Settings
    verdicts: VerdictLog

    # --- the mode ---------------------------------------------------------------------------
    def enabled(self) -> bool:
        """Whether blind double review is on for this workspace."""
        return self.store.get_meta(MODE_KEY, "off") == "on"

    def set_enabled(self, on: bool) -> None:
        """Turn blind double review on or off (the Workspace lets only an editor call this).

        Claims that already have a verdict keep it; reviews in progress stay stored either way.
        """
        self.store.set_meta(MODE_KEY, "on" if on else "off")

    def review_count(self) -> int:
        """Independent reviews stored (every revision counts; a cheap cache key for views)."""
        return self.store.review_count()

    # --- independent reviews ------------------------------------------------------------------
    def review(self, claim_id: int, rating: str, *, by: Reviewer, explanation: str = "",
               evidence: Iterable[Evidence | str] = (), status: str = "draft") -> tuple[Review, Verdict | None]:
        """Save ``by``'s independent review; returns it and, when it was the second and both
        agree, the claim's verdict (``origin='agreed'``). A reviewer may revise their review
        until the other's is in; a third reviewer is refused (:class:`ConflictError`)."""
        if not self.enabled():
            raise InputError("blind double review is off in this workspace: record a verdict "
                             "instead (an editor turns it on with `factcheck double-review on`)")
        if not by.subject.strip():
            raise InputError("blind double review needs to know who reviews: give your name "
                             "(--reviewer or FACTCHECK_REVIEWER, the app's name box) or sign in")
        label, value, best, worst = self._rating(rating, status)
        new = Review(id=0, claim_id=claim_id, rating=label, reviewer=by.label,
                     reviewer_issuer=by.issuer, reviewer_subject=by.subject,
                     explanation=explanation.strip(), evidence=_evidence(evidence), status=status,
                     rating_value=value, best_rating=best, worst_rating=worst)
        return self.store.add_review(new, agreed_verdict)

    def _rating(self, rating: str, status: str) -> tuple[str, float | None, float | None, float | None]:
        """The scale's label for ``rating`` with its value, best and worst (None off the scale)."""
        if status not in VERDICT_STATUSES:
            raise InputError(f"status {status!r} is not one of: {', '.join(VERDICT_STATUSES)}")
        scale = self.verdicts.rating_scale()
        chosen = scale.resolve(rating)
        if chosen.value is None:
            return chosen.label, None, None, None
        return chosen.label, chosen.value, scale.best, scale.worst

    def claim_reviews(self, claim_id: int, viewer: tuple[str, str] | None) -> ClaimReviews:
        """What ``viewer`` (issuer, subject) may see of the claim's reviews: their own, and the
        other's only once both are in (None: a viewer who reviewed nothing sees both once in)."""
        latest = latest_by_reviewer(self.store.reviews_of([claim_id]).get(claim_id, []))
        current = self.store.current_verdict(claim_id)
        mine = next((r for r in latest if r.reviewer_key == viewer), None)
        both_in = len(latest) >= QUORUM
        others = tuple(r for r in latest if r is not mine) if both_in else ()
        return ClaimReviews(claim_id=claim_id, count=min(len(latest), QUORUM),
                            state=_state(len(latest), current), mine=mine, others=others)

    def not_for(self, viewer: tuple[str, str] | None, settled: Iterable[int]) -> set[int]:
        """Claims the queue must not serve to ``viewer``: ``settled`` ones (with a verdict), those
        with two reviewers, and those the viewer reviewed already (one light query)."""
        blocked = set(settled)
        for claim_id, reviewers in self.store.reviewers_by_claim().items():
            if len(reviewers) >= QUORUM or viewer in reviewers:
                blocked.add(claim_id)
        return blocked

    # --- disputes and adjudication --------------------------------------------------------------
    def disputes(self) -> list[Dispute]:
        """Claims whose two reviews disagree and that have no verdict yet, oldest dispute first."""
        both_in = [claim_id for claim_id, reviewers in self.store.reviewers_by_claim().items()
                   if len(reviewers) >= QUORUM]
        settled = self.store.current_verdicts(both_in, include_priors=False)
        found = []
        for claim_id, items in self.store.reviews_of([c for c in both_in if c not in settled]).items():
            latest = latest_by_reviewer(items)
            found.append(Dispute(claim_id, latest[0], latest[1]))
        return sorted(found, key=lambda d: max(d.first.id, d.second.id))

    def adjudicate(self, claim_id: int, rating: str, *, by: Reviewer, explanation: str = "",
                   evidence: Iterable[Evidence | str] = (), status: str = "draft",
                   based_on: BasedOn = Check.SKIP) -> Verdict:
        """An editor's verdict on a claim with both reviews in (``origin='adjudicated'``, ``inputs``
        = the two reviews); ``based_on`` as for verdicts (a second adjudication at once conflicts).

        The two reviewers cannot adjudicate their own claim (the Workspace checks the editor role).
        """
        self.store.get_claim(claim_id)
        latest = latest_by_reviewer(self.store.reviews_of([claim_id]).get(claim_id, []))
        if len(latest) < QUORUM:
            raise InputError(f"claim {claim_id} has {len(latest)} of {QUORUM} independent reviews: "
                             "adjudication settles a claim once both reviews are in")
        first, second = latest[0], latest[1]
        if (by.issuer, by.subject) in (first.reviewer_key, second.reviewer_key):
            raise InputError(f"{by.label} reviewed claim {claim_id} and cannot adjudicate it: "
                             "another editor settles it")
        label, value, best, worst = self._rating(rating, status)
        verdict = Verdict(id=0, claim_id=claim_id, rating=label, explanation=explanation.strip(),
                          evidence=_evidence(evidence), reviewer=by.label, reviewer_issuer=by.issuer,
                          reviewer_subject=by.subject, status=status,
                          rating_value=value, best_rating=best, worst_rating=worst,
                          origin="adjudicated", inputs=(first.id, second.id))
        return self.store.add_verdict(verdict, based_on=based_on)

    # --- agreement ------------------------------------------------------------------------------
    def agreement(self) -> AgreementReport:
        """Krippendorff's alpha (ordinal) overall and per reviewer pair, with the items behind each."""
        return agreement_report(self.store.reviews_of())


def _state(reviewers: int, current: Verdict | None) -> str:
    if current is not None:
        return "agreed" if current.origin == "agreed" else "settled"
    return ("open", "waiting")[reviewers] if reviewers < QUORUM else "disputed"

