"""BM25 term pruning: document counts as the match index stems words, and which terms a query keeps."""

from __future__ import annotations

from pathlib import Path

from factcheck.match.lexical import prune_terms
from factcheck.store import Store
from tests.store_contract.helpers import add_article, prior


def test_a_query_within_budget_keeps_every_term():
    words = ["unemployment", "rate", "ohio"]
    assert prune_terms(words, {"unemployment": 40, "rate": 900, "ohio": 30}, budget=1_000) == words


def test_past_the_budget_the_rarest_terms_stay_in_their_order():
    words = ["says", "unemployment", "rate", "ohio", "highest"]
    counts = {"says": 90_000, "unemployment": 400, "rate": 30_000, "ohio": 300, "highest": 2_000}
    assert prune_terms(words, counts, budget=5_000) == ["unemployment", "ohio", "highest"]
    # the rarest stays even when it alone exceeds the budget (more only when asked for)
    assert prune_terms(words, counts, budget=100) == ["ohio"]
    assert prune_terms(words, counts, budget=100, keep=2) == ["unemployment", "ohio"]


def test_words_without_a_count_are_kept():
    assert prune_terms(["zyzzyva", "tax"], {"tax": 9_000}, budget=100) == ["zyzzyva"]
    assert prune_terms(["zyzzyva", "tax"], {"tax": 50}, budget=100) == ["zyzzyva", "tax"]


def test_store_counts_documents_as_the_index_stems_words(tmp_path: Path):
    store = Store(tmp_path / "ws")
    try:
        add_article(store)  # "crime fell by 20 percent last year", "the budget doubled since 2019"
        store.upsert_prior(prior(claim="Crime rates fell", title="Did crimes drop?"))
        counts = store.term_document_counts(["crimes", "budget", "zebra", "doubling"])
        # "crimes"/"crime" share the stem "crime"; the prior counts once (text and title)
        assert counts == {"crimes": 2, "budget": 1, "zebra": 0, "doubling": 1}
        store.upsert_prior(prior("cr-2", claim="A zebra escaped", title="Zebra?"))
        assert store.term_document_counts(["zebra"]) == {"zebra": 1}  # a commit refreshes the counts
        assert store.term_document_counts([]) == {}
    finally:
        store.close()


def test_the_matcher_drops_common_terms_when_the_index_holds_too_many(tmp_path: Path, fast_embedder,
                                                                     monkeypatch):
    from factcheck.workspace import Workspace

    ws = Workspace(tmp_path / "ws", embedder=fast_embedder)
    try:
        text = "Says unemployment in Ohio is the highest rate"
        assert ws.matcher.lexical_query(text) == '"unemployment" OR "ohio" OR "highest" OR "rate"'
        counts = {"unemployment": 400, "ohio": 300, "highest": 2_000, "rate": 30_000}
        monkeypatch.setattr(ws.store, "term_document_counts", lambda words: {w: counts[w] for w in words})
        assert ws.matcher.lexical_query(text) == '"unemployment" OR "ohio" OR "highest"'
    finally:
        ws.close()
