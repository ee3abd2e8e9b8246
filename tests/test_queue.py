"""The review queue: filters, order by check-worthiness, statuses from the latest verdict."""

from __future__ import annotations

import pytest

from factcheck.errors import InputError
from factcheck.models import Claim
from factcheck.queue import Queue, QueueFilters, build_queue, review_status


def _claim(cid: int, score: float, *, article: int = 1, kind: str = "direct", speaker: int | None = 1) -> Claim:
    return Claim(id=cid, article_id=article, kind=kind, text=f"c{cid}", start=cid, end=cid + 1,
                 speaker_id=speaker, checkworthiness=score)


CLAIMS = [_claim(1, 0.2), _claim(2, 0.9), _claim(3, 0.5, article=2, kind="statement", speaker=None),
          _claim(4, 0.9, article=2)]


def test_order_is_checkworthiness_then_article_order():
    queue = build_queue(CLAIMS, {}, QueueFilters())
    assert queue.claim_ids == (2, 4, 3, 1)
    assert (queue.total, queue.reviewed, queue.in_review) == (4, 0, 0)


@pytest.mark.parametrize(("filters", "expected"), [
    (QueueFilters(article_id=2), (4, 3)),
    (QueueFilters(kind="statement"), (3,)),
    (QueueFilters(speaker_id=1, min_checkworthiness=0.5), (2, 4)),
    (QueueFilters(status="reviewed"), (4,)),
    (QueueFilters(status="unreviewed"), (3, 1)),
    (QueueFilters(status="in review"), (2,)),
])
def test_filters(filters, expected):
    statuses = {4: "reviewed", 2: "in review"}
    assert build_queue(CLAIMS, statuses, filters).claim_ids == expected


def test_progress_counts_ignore_the_status_filter():
    queue = build_queue(CLAIMS, {4: "reviewed", 2: "in review"}, QueueFilters(status="unreviewed"))
    assert (queue.total, queue.reviewed, queue.in_review) == (4, 1, 1)


def test_step_is_clamped():
    queue = Queue((5, 6, 7), 3, 0, 0)
    assert queue.step(6, 1) == 7 and queue.step(7, 1) == 7 and queue.step(5, -1) == 5
    assert queue.step(99, 1) == 5 and queue.step(None, -1) == 7
    assert Queue((), 0, 0, 0).step(None, 1) is None


def test_review_status():
    assert review_status(None) == "unreviewed"
    assert review_status("published") == "reviewed"
    assert review_status("draft") == review_status("in review") == "in review"
    assert review_status("published", retracted=True) == "unreviewed"


def test_workspace_queue_follows_verdicts(seed_workspace):
    ws = seed_workspace
    queue = ws.review_queue()
    cut = ws.settings.min_confidence  # attributions below it are hidden from the queue
    shown = [c for c in ws.claims() if c.kind not in ("direct", "partial", "indirect", "belief") or c.confidence >= cut]
    assert queue.total == len(shown) < len(ws.claims()) and queue.reviewed == 0
    first, second = queue.claim_ids[:2]
    ws.record_verdict(first, "False", reviewer="ann", status="published")
    ws.record_verdict(second, "True", reviewer="ann", status="draft")
    queue = ws.review_queue()
    assert (queue.reviewed, queue.in_review) == (1, 1)
    assert first not in ws.review_queue(QueueFilters(status="unreviewed")).claim_ids
    assert ws.review_queue(QueueFilters(status="reviewed")).claim_ids == (first,)
    with pytest.raises(InputError, match="unknown queue status"):
        ws.review_queue(QueueFilters(status="done"))


def test_verdict_log_leaves_out_imported_prior_verdicts(seed_workspace, tmp_path):
    import json

    ws = seed_workspace
    record = {"@type": "ClaimReview", "identifier": "x-1", "url": "https://example.org/fc/1",
              "claimReviewed": "Russia called for a ceasefire.", "author": {"name": "Checker"},
              "reviewRating": {"alternateName": "True"}}
    path = tmp_path / "cr.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    ws.import_claimreview([path])
    claim_id = ws.review_queue().claim_ids[0]
    ws.record_verdict(claim_id, "False", reviewer="ann")
    assert [v.claim_id for v in ws.verdicts()] == [claim_id]
    assert len(ws.verdicts(include_priors=True)) == 2
    assert (ws.stats().verdicts, ws.stats().prior_claims) == (1, 1)
    assert not any("behind the store" in n for n in ws.notices)  # the import kept the index in step


def _scored(cid: int, kind: str, confidence: float) -> Claim:
    return Claim(id=cid, article_id=1, kind=kind, text=f"c{cid}", start=cid, end=cid + 1, confidence=confidence)


def test_min_confidence_hides_weak_attributions_only():
    claims = [_scored(1, "indirect", 0.2), _scored(2, "direct", 0.9), _scored(3, "belief", 0.45),
              _scored(4, "statement", 0.1), _scored(5, "partial", 0.5)]
    assert set(build_queue(claims, {}, QueueFilters(min_confidence=0.5)).claim_ids) == {2, 4, 5}
    assert set(build_queue(claims, {}, QueueFilters(min_confidence=0.0)).claim_ids) == {1, 2, 3, 4, 5}
    assert set(build_queue(claims, {}, QueueFilters()).claim_ids) == {1, 2, 3, 4, 5}  # None: no cut here
