"""Contract: articles, claims, speakers, stats, metadata, vectors and lifecycle of any backend."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from factcheck.errors import NotFoundError
from factcheck.models import Article
from factcheck.store.protocol import StoreBackend
from factcheck.store.schema import SCHEMA_VERSION
from tests.store_contract.helpers import TEXT, add_article, sha


def test_migrations_bring_a_fresh_backend_to_the_current_schema(backend: StoreBackend) -> None:
    assert backend.schema_version() == SCHEMA_VERSION


def test_an_article_and_its_claims_round_trip(backend: StoreBackend) -> None:
    article_id, claim_ids = add_article(backend, title="Council", published="2024-01-02")
    article = backend.get_article(article_id)
    assert (article.text, article.title, article.published, article.origin) == (TEXT, "Council", "2024-01-02", "test")
    assert article.ingested_at  # assigned by the backend
    assert backend.article_id_by_sha(sha(TEXT)) == article_id
    assert backend.article_id_by_sha(sha("other")) is None
    claims = backend.get_claims(claim_ids)
    assert [claims[i].text for i in claim_ids] == ["crime fell by 20 percent last year",
                                                   "the budget doubled since 2019"]
    first = backend.get_claim(claim_ids[0])
    assert TEXT[first.start:first.end] == first.text and first.speaker == "Mayor Smith"
    assert backend.get_articles([article_id, 999]) == {article_id: article}
    assert [a.id for a in backend.list_articles()] == [article_id]
    assert [c.id for c in backend.list_claims(article_id=article_id)] == claim_ids
    assert backend.list_claims(kind="partial") == []
    assert backend.claim_ids() == set(claim_ids)
    assert backend.claims_generation() == (max(claim_ids), 2)
    assert [pair for batch in backend.iter_claim_texts(batch=1) for pair in batch] == [
        (cid, claims[cid].text) for cid in claim_ids]


def test_queue_rows_are_the_news_claims_queue_columns(backend: StoreBackend) -> None:
    from factcheck.models import QueueRow
    from tests.store_contract.helpers import prior

    _, claim_ids = add_article(backend)
    backend.upsert_prior(prior())  # prior fact-checks are never queued
    claims = backend.get_claims(claim_ids)
    expected = [QueueRow(c.id, c.article_id, c.speaker_id, c.kind, c.checkworthiness, c.confidence, c.start)
                for c in (claims[i] for i in claim_ids)]
    assert sorted(backend.queue_rows(), key=lambda r: r.id) == expected


def test_the_same_text_is_stored_once(backend: StoreBackend) -> None:
    article_id, _ = add_article(backend)
    again = Article(id=0, text=TEXT, sha256=sha(TEXT))
    assert backend.add_article(again, []) == (article_id, False, [])


def test_a_batch_of_articles_is_stored_in_order_in_one_call(backend: StoreBackend) -> None:
    first, second = (Article(id=0, text=t, sha256=sha(t)) for t in ("One text.", "Another text."))
    results = backend.add_articles([(first, [], {}), (second, [], {}), (first, [], {})])
    assert [created for _, created, _ in results] == [True, True, False]
    assert results[2][0] == results[0][0]  # the repeat is the first copy
    assert backend.get_article(results[1][0]).text == "Another text."


def test_offsets_that_do_not_match_the_text_are_refused(backend: StoreBackend) -> None:
    from factcheck.models import SegmentItem

    bad = SegmentItem(kind="direct", text="nope", start=0, end=4)
    with pytest.raises(ValueError, match="offsets"):
        backend.add_article(Article(id=0, text=TEXT, sha256=sha(TEXT)), [bad])
    assert backend.article_id_by_sha(sha(TEXT)) is None  # nothing half-stored


def test_missing_records_raise_not_found_with_a_hint(backend: StoreBackend) -> None:
    with pytest.raises(NotFoundError, match="factcheck claims"):
        backend.get_claim(42)
    with pytest.raises(NotFoundError):
        backend.get_article(42)


def test_speakers_keep_their_aliases_and_names_resolve(backend: StoreBackend) -> None:
    add_article(backend)
    speakers = {s.name: s for s in backend.list_speakers()}
    assert set(speakers) == {"Jane Roe", "Mayor Smith"}
    assert speakers["Mayor Smith"].aliases == ("The mayor",)
    assert backend.speaker_names("The mayor") >= {"mayor smith", "the mayor"}


def test_stats_count_what_was_stored(backend: StoreBackend) -> None:
    add_article(backend)
    stats = backend.stats()
    assert (stats.articles, stats.claims, stats.speakers, stats.verdicts, stats.prior_claims) == (1, 2, 2, 0, 0)
    assert stats.by_kind == {"direct": 2}


def test_vectors_and_metadata_are_kept(backend: StoreBackend) -> None:
    vector = np.arange(4, dtype=np.float32)
    backend.cache_vectors("m1", {"h1": vector})
    assert backend.cached_vectors("m1", {"h1", "h2"}).keys() == {"h1"}
    np.testing.assert_array_equal(backend.cached_vectors("m1", {"h1"})["h1"], vector)
    assert backend.cached_vectors("m2", {"h1"}) == {}
    assert backend.get_meta("k", "none") == "none"
    backend.set_meta("k", "v")
    assert backend.get_meta("k") == "v"


def test_data_version_moves_on_every_commit(backend: StoreBackend) -> None:
    before = backend.data_version()
    backend.set_meta("k", "v")
    assert backend.data_version() != before


def test_a_backup_is_a_complete_copy(backend: StoreBackend, factory, tmp_path: Path) -> None:
    article_id, _ = add_article(backend)
    target = tmp_path / "copy"
    target.mkdir()
    backend.backup_to(target / "factcheck.sqlite3")
    copy = factory(target)
    try:
        assert copy.get_article(article_id).text == TEXT
    finally:
        copy.close()
