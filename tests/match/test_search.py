"""Hybrid search: dense + lexical fused, filters, exclusions, levels and the short-text guard."""

import numpy as np
import pytest

from factcheck.errors import InputError
from factcheck.match.lexical import fts_query
from factcheck.match.ranking import Query
from factcheck.match.thresholds import Thresholds, match_level
from tests.match.conftest import by_external, claimreview, write_jsonl


def test_paraphrase_found_that_bm25_misses(prior_ws):
    query = "Joblessness decreased dramatically over the previous twelve months"
    assert all(m.claim.external_id != "pf-unemp" for m in prior_ws.keyword_search(query))
    lexical = dict(prior_ws.store.match_lexical(fts_query(query), 10))
    assert by_external(prior_ws, "pf-unemp").id not in lexical  # BM25 alone cannot find it
    top = prior_ws.search(query, k=3)[0]
    assert top.claim.external_id == "pf-unemp"
    assert top.lexical == 0.0 and top.dense > 0.4


def test_keyword_found_that_dense_misses(prior_ws, tmp_path):
    bills = [("sb-1070", "Arizona police may demand immigration papers under SB 1070."),
             ("sb-1062", "SB 1062 lets businesses refuse service to gay customers."),
             ("sb-1007", "SB 1007 expands school vouchers."),
             ("sb-1017", "Senate bill SB 1017 passed in 2019.")]
    path = write_jsonl(tmp_path / "bills.jsonl", [claimreview(i, t, "Gov", "2020-01-01", "True", "")
                                                  for i, t in bills])
    prior_ws.import_claimreview([path])
    target = by_external(prior_ws, "sb-1070").id
    _, dense_ids = prior_ws.claim_index.search(prior_ws.embedder.encode(["SB 1070"]), 1)
    assert dense_ids[0][0] != target  # the dense model confuses bill numbers
    top = prior_ws.search("SB 1070", k=3)[0]
    assert top.claim.id == target and top.lexical == 1.0


def test_results_carry_verdict_article_and_explanation(prior_ws):
    [m] = prior_ws.search("Mexico is going to pay for the wall on the border", k=1, explain=True)
    assert m.claim.external_id == "pf-wall"
    assert m.verdict is not None and m.verdict.rating == "False"
    assert m.article is not None and m.article.url == "https://fc.example/pf-wall"
    assert m.explanation is not None and m.explanation.alignment
    assert 0.0 <= m.score <= 1.0


def test_speaker_boosts_the_same_claimant(prior_ws, tmp_path):
    text = "Taxes for ordinary families will go down"
    plain = prior_ws.search(text, k=10, speaker="Somebody Else")
    boosted = prior_ws.search(text, k=10, speaker="JANE DOE")
    tax = by_external(prior_ws, "pf-tax").id
    score = {m.claim.id: m.score for m in plain}[tax]
    assert {m.claim.id: m.score for m in boosted}[tax] > score


def test_filters(prior_ws):
    text = "government spending and taxes"
    assert {m.claim.speaker for m in prior_ws.search(text, said_by="John Roe")} == {"John Roe"}
    dated = prior_ws.search(text, date_from="2019-01-01", date_to="2019-12-31")
    assert dated and all(m.article.published[:4] == "2019" for m in dated)
    assert prior_ws.search(text, outlet="Snopes") == []
    assert len(prior_ws.search(text, outlet="politifact", k=20)) == 10
    assert prior_ws.search(text, has_verdict=False) == []
    assert prior_ws.search(text, kinds=["direct"]) == []
    with pytest.raises(InputError, match="unknown claim kind"):
        prior_ws.search(text, kinds=["bogus"])


def test_exclusions(prior_ws):
    wall = by_external(prior_ws, "pf-wall")
    found = prior_ws.search(wall.text, k=5, exclude_claim_id=wall.id)
    assert wall.id not in [m.claim.id for m in found]
    found = prior_ws.search(wall.text, k=5, exclude_article_id=wall.article_id)
    assert wall.id not in [m.claim.id for m in found]


def test_search_many_matches_single_searches(prior_ws):
    queries = [Query(text="Mexico pays for the wall", k=3), Query(text="vaccines and autism", k=3)]
    batch = prior_ws.search_many(queries)
    assert [m.claim.id for m in batch[0]] == [m.claim.id for m in prior_ws.search(queries[0].text, k=3)]
    assert batch[1][0].claim.external_id == "pf-vax"
    assert np.isclose(batch[1][0].score, prior_ws.search("vaccines and autism", k=1)[0].score)


def test_levels_and_short_text_guard(prior_ws):
    same = prior_ws.search("Our city cut violent crime by 20 percent in just two years.", k=1)[0]
    assert same.level == "same"
    short = prior_ws.search("Vaccines cause autism", k=1)[0]  # 3 words: never auto 'same'
    assert short.claim.external_id == "pf-vax" and short.level in {"related", "none"}
    t = Thresholds(same=0.8, related=0.5, min_words=5)
    assert match_level(0.9, "one two three four five", thresholds=t) == "same"
    assert match_level(0.9, "one two three", thresholds=t) == "related"
    assert match_level(0.9, "one two three four five", "too short", thresholds=t) == "related"
    assert match_level(0.6, "one two three four five", thresholds=t) == "related"
    assert match_level(0.1, "one two three four five", thresholds=t) == "none"
    with pytest.raises(InputError):
        Thresholds(same=0.4, related=0.6)

