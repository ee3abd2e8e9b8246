"""Contract: prior fact-checks, candidate rows, lexical search, clusters, feedback, sources, feeds."""

from __future__ import annotations

import pytest

from factcheck.errors import NotFoundError
from factcheck.models import Article
from factcheck.records import PollState, SeenEntry
from factcheck.store.protocol import StoreBackend
from tests.store_contract.helpers import add_article, prior, quote, sha, source, verdict


def test_priors_upsert_by_external_id(backend: StoreBackend) -> None:
    status, cid = backend.upsert_prior(prior())
    assert status == "added"
    assert backend.upsert_prior(prior()) == ("unchanged", cid)
    assert backend.upsert_prior(prior(rating="False")) == ("updated", cid)
    results = backend.upsert_priors([prior(claim="Crime fell by 25 percent"), prior("cr-2", claim="Taxes rose")])
    assert results[0] == ("updated", cid, True) and results[1][0] == "added" and not results[1][2]
    assert backend.prior_text("cr-1") == "Crime fell by 25 percent"
    assert backend.prior_ids_by_external(["cr-1", "zz"]) == {"cr-1": cid}
    assert sorted(backend.prior_claim_ids()) == sorted([cid, results[1][1]])
    assert backend.prior_titles([cid]) == {cid: "Did crime fall?"}
    state = backend.prior_title_state()
    backend.upsert_prior(prior(title="Did crime really fall?", claim="Crime fell by 25 percent"))
    assert backend.prior_title_state() != state
    assert [a.url for a in backend.prior_appearances(cid)] == ["https://news.example/a"]
    assert backend.get_claim(cid).kind == "prior" and backend.stats().prior_claims == 2


def test_candidate_rows_carry_what_filters_need(backend: StoreBackend) -> None:
    article_id, (a, b) = add_article(backend, outlet="Gazette", published="2024-02-03")
    backend.add_verdict(verdict(a))
    rows = backend.claim_rows([a, b, 999])
    assert rows.keys() == {a, b}
    assert (rows[a].kind, rows[a].speaker, rows[a].outlet, rows[a].published, rows[a].article_id) == (
        "direct", "Mayor Smith", "Gazette", "2024-02-03", article_id)
    assert rows[a].has_verdict and not rows[b].has_verdict
    assert rows[a].cluster_key.startswith("h")  # no cluster yet: keyed by its normalised text
    assert backend.appearance_dates([a, b, 999]) == {a: "2024-02-03", b: "2024-02-03"}
    text = 'Jo said "taxes rose by 5 percent" on Monday.'
    other_id, _, (undated,) = backend.add_article(
        Article(id=0, text=text, sha256=sha(text), origin="test"), [quote(text, "taxes rose by 5 percent", "Jo")])
    ingested = backend.get_article(other_id).ingested_at
    assert ingested and backend.appearance_dates([undated]) == {undated: ingested}  # undated: when ingested
    light = backend.claim_rows_light([a, b, 999])
    assert light.keys() == {a, b}
    assert (light[a].kind, light[a].speaker, light[a].article_id) == ("direct", "Mayor Smith", article_id)
    assert light[a].cluster_key == rows[a].cluster_key  # enough to group candidates by quote


def test_lexical_search_clusters_and_feedback(backend: StoreBackend) -> None:
    _, (a, b) = add_article(backend)
    _, pid = backend.upsert_prior(prior())
    assert {cid for cid, _ in backend.match_lexical('"crime"', 10)} == {a, pid}
    assert [cid for cid, _ in backend.keyword_claims('"budget"', 10)] == [b]
    assert backend.match_lexical("", 10) == []
    backend.set_cluster_ids({a: 7, b: 7})
    assert backend.claims_in_clusters([7]) == {7: [a, b]}
    assert backend.cluster_claim_ids(a) == [a, b]
    norm = backend.claim_rows([a])[a].norm_sha256
    assert backend.claims_with_hashes([norm]) == {norm: [a, pid]}  # same quote, any case
    backend.add_match_feedback(a, pid, True, "ana")
    backend.add_match_feedback(pid, a, False, "bo")
    assert backend.match_feedback(a) == {pid: False}  # the latest judgement, either direction
    assert backend.all_match_feedback() == [(a, pid, True), (pid, a, False)]
    assert backend.match_feedback_count() == 2


def test_sources_passages_and_the_provider_cache(backend: StoreBackend) -> None:
    new = source()
    source_id, created, passage_ids = backend.add_source(new, [(0, 22), (23, len(new.text))])
    assert created and len(passage_ids) == 2
    assert backend.add_source(new, [(0, 5)]) == (source_id, False, [])
    assert backend.source_id_by_sha(new.sha256) == source_id
    stored = backend.get_source(source_id)
    assert (stored.title, stored.kind, stored.published_precision) == ("Police report", "report", "day")
    assert backend.get_sources([source_id]) == {source_id: stored}
    assert backend.list_sources() == [(stored, 2)]
    passages = backend.get_passages(passage_ids)
    assert passages[passage_ids[0]].text == "Crime statistics 2023."
    assert backend.passages_of(source_id) == [passages[i] for i in passage_ids]
    assert [p.id for batch in backend.iter_passages(batch=1) for p in batch] == passage_ids
    assert backend.passage_ids() == set(passage_ids)
    assert backend.passages_generation() == (max(passage_ids), 2)
    assert [pid for pid, _ in backend.search_passages_lexical('"violent"', 5)] == [passage_ids[1]]
    assert backend.search_passages_lexical('"police"', 5, title_weight=0.0) == []  # title only
    with pytest.raises(ValueError, match="outside"):
        backend.add_source(source("short"), [(0, 99)])
    with pytest.raises(NotFoundError):
        backend.get_source(999)
    backend.provider_cache_put("wiki", "q", "body", ttl_s=60)
    assert backend.provider_cache_get("wiki", "q") == "body"
    backend.provider_cache_put("wiki", "old", "x", ttl_s=-1)
    assert backend.provider_cache_get("wiki", "old") is None
    assert backend.provider_cache_purge() == 1


def test_feeds_polls_and_seen_entries(backend: StoreBackend) -> None:
    feed = backend.add_feed("https://example.org/feed.xml", "Daily", 30)
    assert backend.get_feed(feed.id) == feed and backend.list_feeds() == [feed]
    assert backend.due_feeds("2999-01-01T00:00:00+00:00") == [feed]
    backend.record_poll(feed.id, PollState(status="ok", message="3 new", new=3, etag='"v1"',
                                           next_poll_at="2999-01-01T00:00:00+00:00"))
    polled = backend.get_feed(feed.id)
    assert (polled.last_status, polled.last_new, polled.etag) == ("ok", 3, '"v1"')
    assert backend.due_feeds("2000-01-01T00:00:00+00:00") == []
    article_id, _ = add_article(backend, url="https://example.org/a")
    entry = SeenEntry(feed_id=feed.id, entry_id="e1", url="https://example.org/a", title="A",
                      article_id=article_id, status="new", message="article")
    backend.record_entry(entry)
    assert backend.entry_status(feed.id, "e1") == "new" and backend.entry_status(feed.id, "e2") == ""
    assert backend.feed_entries(feed.id)[0].entry_id == "e1"
    assert backend.article_for_url(["https://example.org/a"]) == article_id
    assert backend.article_for_url(["https://example.org/none"]) is None
    assert backend.remove_feed(feed.id).id == feed.id and backend.list_feeds() == []
    with pytest.raises(NotFoundError):
        backend.get_feed(feed.id)


def test_term_document_counts_are_exact_or_absent(backend: StoreBackend) -> None:
    # A backend that keeps no cheap document frequencies returns nothing (its lexical queries are
    # then never pruned); one that does counts claims holding the word as its index stems it.
    add_article(backend)
    counts = backend.term_document_counts(["crime", "budgets", "zebra"])
    assert counts in ({}, {"crime": 1, "budgets": 1, "zebra": 0})
    assert backend.term_document_counts([]) == {}
