"""The learned match re-ranker: shipped weights load sha256-checked, re-order the top, stay fast."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from factcheck import weights
from factcheck.errors import ModelError
from factcheck.match import rerank
from factcheck.match.ranking import Scored
from factcheck.match.rerank import (
    RERANK_SHA256,
    SCALARS,
    PairInput,
    input_names,
    load_reranker,
    pair_matrix,
    reorder,
)


def _scored(cid: int, score: float) -> Scored:
    return Scored(cid, score, (0.5, 0.5, 0.2, 0.0, 0.5, 0.0))


def test_shipped_weights_load_and_match_the_inputs():
    model = load_reranker(RERANK_SHA256)
    assert model.mean.shape == (len(input_names()),)
    assert model.hidden_w.shape[0] == len(SCALARS)
    assert "train" in model.note


def test_changed_weights_file_is_refused(tmp_path, monkeypatch):
    shipped = Path(rerank.__file__).with_name(rerank.RERANK_RESOURCE)
    package = tmp_path / "factcheck" / "match"
    package.mkdir(parents=True)
    raw = bytearray(shipped.read_bytes())
    raw[-1] ^= 1  # one flipped bit in the weights
    (package / rerank.RERANK_RESOURCE).write_bytes(bytes(raw))
    monkeypatch.setattr(weights.resources, "files", lambda _name: package)
    load_reranker.cache_clear()
    try:
        with pytest.raises(ModelError, match="sha256"):
            load_reranker(RERANK_SHA256)
    finally:
        load_reranker.cache_clear()


def test_pair_matrix_signals():
    item = PairInput(
        "The unemployment rate fell to 3.5 percent in 2019.", "We talked about jobs.", "sentence",
        [_scored(1, 0.9), _scored(2, 0.4)],
        ["Unemployment fell to 3.5 percent in 2019.", "Unemployment did not fall in 2012."],
        [True, True])
    x = pair_matrix(item)
    assert x.shape == (2, len(SCALARS))
    col = {name: i for i, name in enumerate(SCALARS)}
    assert x[0, col["numbers"]] == 1.0 and x[1, col["numbers"]] == -1.0
    assert x[0, col["negation_differs"]] == 0.0 and x[1, col["negation_differs"]] == 1.0
    assert x[0, col["year_differs"]] == 0.0 and x[1, col["year_differs"]] == 1.0
    assert x[0, col["type_sentence"]] == 1.0 and x[0, col["has_context"]] == 1.0
    assert x[0, col["gap_top"]] == 0.0 and x[1, col["gap_top"]] < 0.0


def test_reorder_keeps_the_rest_below_the_top():
    scored = [_scored(i, 0.9 - i * 0.01) for i in range(25)]
    probabilities = [0.1] * 19 + [0.8]
    out = reorder(scored, probabilities, depth=20)
    assert out[0].claim_id == 19 and out[0].score == pytest.approx(0.8)
    assert [s.claim_id for s in out[20:]] == list(range(20, 25))
    scores = [s.score for s in out]
    assert scores == sorted(scores, reverse=True)


def test_search_is_reranked_and_can_be_turned_off(prior_ws):
    query = "Mexico is going to pay for the wall on the border"
    on = prior_ws.search(query, k=5)
    assert on[0].claim.external_id == "pf-wall"
    ranked = prior_ws.rank_candidates(
        [rerank_query(query)], rerank=False)[0]
    reranked = prior_ws.rank_candidates([rerank_query(query)])[0]
    model = prior_ws.reranker
    inputs = prior_ws.rerank_inputs([rerank_query(query)], [ranked], rerank.RERANK_DEPTH)
    expected = model.scores(pair_matrix(inputs[0]))
    top = {s.claim_id: s.score for s in reranked[:len(expected)]}
    for s, p in zip(ranked, expected, strict=False):
        assert top[s.claim_id] == pytest.approx(float(p), rel=1e-5)
    assert np.all(np.diff([s.score for s in reranked]) <= 0)
    prior_ws.settings = prior_ws.settings.with_overrides(match_rerank=False)
    off = prior_ws.rank_candidates([rerank_query(query)])[0]
    assert [s.claim_id for s in off] == [s.claim_id for s in ranked]


def rerank_query(text: str):
    from factcheck.match.ranking import Query

    return Query(text=text, k=10)
