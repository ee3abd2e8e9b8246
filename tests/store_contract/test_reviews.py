"""Contract: independent reviews (blind double review) are append-only, at most two reviewers per
claim, and the second review settles the claim exactly once in the same write, even under concurrency."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from factcheck.errors import ConflictError, NotFoundError
from factcheck.models import Review, Verdict
from factcheck.store.protocol import StoreBackend
from tests.store_contract.conftest import BackendFactory
from tests.store_contract.helpers import add_article, verdict


def review(claim_id: int, who: str, rating: str = "False", value: float | None = 1.0) -> Review:
    return Review(id=0, claim_id=claim_id, rating=rating, reviewer=who.title(), reviewer_issuer="idp",
                  reviewer_subject=who, explanation=f"{who} says {rating}", rating_value=value,
                  best_rating=5.0 if value is not None else None, worst_rating=1.0 if value is not None else None)


def agree(first: Review, second: Review) -> Verdict | None:
    if first.rating != second.rating:
        return None
    return Verdict(id=0, claim_id=second.claim_id, rating=first.rating, reviewer="both", origin="agreed",
                   inputs=(first.id, second.id))


def test_reviews_are_stored_and_listed_by_claim(backend: StoreBackend) -> None:
    _, (crime, budget) = add_article(backend)
    first, settled = backend.add_review(review(crime, "ana"), agree)
    assert settled is None and first.id > 0 and first.created_at
    revised, _ = backend.add_review(review(crime, "ana", "Half true", 3.0), agree)  # ana revises hers
    other, _ = backend.add_review(review(budget, "bo"), agree)
    assert backend.reviews_of([crime]) == {crime: [first, revised]}
    assert backend.reviews_of() == {crime: [first, revised], budget: [other]}
    assert backend.review_count() == 3
    assert backend.reviewers_by_claim() == {crime: {("idp", "ana")}, budget: {("idp", "bo")}}
    assert backend.current_verdict(crime) is None and backend.verdict_history(crime) == []
    with pytest.raises(NotFoundError):
        backend.add_review(review(999_999, "ana"), agree)


def test_the_second_review_settles_once_and_a_third_is_refused(backend: StoreBackend) -> None:
    _, (crime, budget) = add_article(backend)
    a, _ = backend.add_review(review(crime, "ana"), agree)
    b, settled = backend.add_review(review(crime, "bo"), agree)
    assert settled is not None and settled.id > 0 and settled.inputs == (a.id, b.id)
    assert backend.current_verdict(crime) == settled and backend.get_verdict(settled.id).inputs == (a.id, b.id)
    with pytest.raises(ConflictError, match="already has its verdict"):
        backend.add_review(review(crime, "cy"), agree)
    backend.add_review(review(budget, "ana"), agree)
    _, none = backend.add_review(review(budget, "bo", "True", 5.0), agree)  # a dispute: no verdict
    assert none is None and backend.current_verdict(budget) is None
    for who in ("ana", "cy"):
        with pytest.raises(ConflictError, match="independent reviews"):
            backend.add_review(review(budget, who), agree)
    assert backend.review_count() == 4


def test_a_claim_with_a_verdict_takes_no_review(backend: StoreBackend) -> None:
    _, (crime, _budget) = add_article(backend)
    backend.add_verdict(verdict(crime))
    with pytest.raises(ConflictError, match="already has its verdict"):
        backend.add_review(review(crime, "ana"), agree)


def test_concurrent_second_reviews_settle_exactly_once(backend: StoreBackend, factory: BackendFactory,
                                                       tmp_path: Path) -> None:
    _, (crime, _budget) = add_article(backend)
    backend.add_review(review(crime, "ana"), agree)
    outcomes: list[object] = []
    lock = threading.Lock()
    start = threading.Barrier(4)

    def second(n: int) -> None:
        store = factory(tmp_path / "store")  # each reviewer: its own store object on the same data
        try:
            start.wait()
            try:
                outcome: object = store.add_review(review(crime, f"r{n}"), agree)
            except ConflictError as exc:
                outcome = exc
            with lock:
                outcomes.append(outcome)
        finally:
            store.close()

    threads = [threading.Thread(target=second, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    saved = [o for o in outcomes if isinstance(o, tuple)]
    assert len(saved) == 1 and len(outcomes) == 4
    assert backend.review_count() == 2
    assert len(backend.verdict_history(crime)) == 1 and backend.current_verdict(crime) == saved[0][1]
