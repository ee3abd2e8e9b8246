"""Contract: append-only verdicts, conflicts, cluster batches, undo and THE current verdict."""

from __future__ import annotations

import pytest

from factcheck.errors import ConflictError, InputError, NotFoundError
from factcheck.records import Check, VerdictFilters
from factcheck.store.protocol import StoreBackend
from tests.store_contract.helpers import add_article, prior, verdict


def test_verdicts_append_and_the_latest_is_current(backend: StoreBackend) -> None:
    _, (a, b) = add_article(backend)
    first = backend.add_verdict(verdict(a, "False"))
    second = backend.add_verdict(verdict(a, "True", status="published"), based_on=first.id)
    assert second.supersedes == first.id and second.created_at
    assert backend.current_verdict(a) == second
    assert backend.current_verdict(b) is None
    assert backend.current_verdicts() == {a: second}
    assert backend.current_verdicts([b]) == {}
    assert [v.id for v in backend.verdict_history(a)] == [first.id, second.id]
    assert backend.get_verdict(first.id) == first
    with pytest.raises(NotFoundError):
        backend.get_verdict(999)
    assert backend.stats().verdicts == 2


def test_a_stale_view_is_refused_and_nothing_is_saved(backend: StoreBackend) -> None:
    _, (a, _) = add_article(backend)
    seen = backend.add_verdict(verdict(a, "False"))
    backend.add_verdict(verdict(a, "True"), based_on=seen.id)
    with pytest.raises(ConflictError, match="changed while you were editing"):
        backend.add_verdict(verdict(a, "Mostly true"), based_on=seen.id)
    with pytest.raises(ConflictError):
        backend.add_verdict(verdict(a, "Mostly true"), based_on=None)
    assert len(backend.verdict_history(a)) == 2
    with pytest.raises(NotFoundError):
        backend.add_verdict(verdict(999))


def test_undo_of_a_cluster_batch_restores_and_withdraws(backend: StoreBackend) -> None:
    _, (a, b) = add_article(backend)
    before = backend.add_verdict(verdict(a, "Half true", status="published"))
    batch_id, saved = backend.add_cluster_verdict(verdict(a, "False", status="published"), [a, b],
                                                  based_on=before.id)
    assert {v.claim_id for v in saved} == {a, b} and {v.batch_id for v in saved} == {batch_id}
    assert [v.id for v in backend.batch_verdicts(batch_id)] == [v.id for v in saved]
    assert backend.current_verdicts().keys() == {a, b}
    result = backend.undo_batch(batch_id, reviewer="bo")
    assert set(result.restored) == {a, b} and result.skipped == ()
    current = backend.current_verdicts()
    assert current[a].rating == "Half true"  # the verdict before the batch is current again
    assert b not in current  # b had none: the batch's verdict is withdrawn, not current
    assert backend.current_verdict(b) is None
    # exports of current verdicts never pick a withdrawn one, even filtered by status
    published = backend.verdict_log(VerdictFilters(status="published"))
    assert {v.claim_id for v in published} == {a}
    # unfiltered, an export's selection is exactly the current verdicts
    exported = {r.verdict.id for r in backend.iter_export_rows(VerdictFilters(include_priors=True))}
    assert exported == {v.id for v in current.values()}
    with pytest.raises(InputError, match="already undone"):
        backend.undo_batch(batch_id)
    with pytest.raises(NotFoundError):
        backend.undo_batch("nope")


def test_undo_leaves_claims_edited_after_the_batch(backend: StoreBackend) -> None:
    _, (a, b) = add_article(backend)
    batch_id, _ = backend.add_cluster_verdict(verdict(a, "False"), [a, b])
    later = backend.add_verdict(verdict(b, "True"), based_on=Check.SKIP)
    result = backend.undo_batch(batch_id)
    assert result.skipped == (b,) and backend.current_verdict(b) == later


def test_the_log_filters_and_exports_read_the_same_records(backend: StoreBackend) -> None:
    _, (a, b) = add_article(backend)
    backend.add_verdict(verdict(a, "False", reviewer="ana"))
    backend.add_verdict(verdict(a, "True", status="published", reviewer="bo"))
    backend.add_verdict(verdict(b, "False", status="published", reviewer="ana"))
    history = VerdictFilters(include_history=True)
    assert len(backend.verdict_log(history)) == 3
    assert len(backend.verdict_log(history, limit=1)) == 1
    assert [v.reviewer for v in backend.verdict_log(VerdictFilters(include_history=True, reviewer="ANA"))] == ["ana", "ana"]
    rows = list(backend.iter_export_rows(VerdictFilters()))
    assert [(r.claim_text, r.verdict.rating) for r in rows] == [
        ("crime fell by 20 percent last year", "True"), ("the budget doubled since 2019", "False")]
    records = list(backend.iter_review_records(VerdictFilters(status="published")))
    assert len(records) == 2 and records[0].appearances
    assert backend.appearances([records[0].row.cluster_key])[records[0].row.cluster_key]
    counts = {c.speaker: c.by_rating for c in backend.verdict_counts_by_speaker()}
    assert counts == {"Mayor Smith": {"True": 1}, "Jane Roe": {"False": 1}}


def test_prior_verdicts_are_kept_apart_unless_asked_for(backend: StoreBackend) -> None:
    _, cid = backend.upsert_prior(prior())
    assert backend.current_verdicts(include_priors=False) == {}
    assert backend.current_verdicts()[cid].rating == "Mostly false"
    assert backend.stats().verdicts == 0
