"""Passage ranking without a model: features, one passage per source, the "likely relevant" level, weights."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from factcheck.errors import ModelError
from factcheck.sources.ranking import (
    PASSAGE_FEATURES,
    WEIGHTS_FILE,
    PassageModel,
    best_per_source,
    candidate_features,
    date_closeness,
    load_passage_model,
    query_kind,
    save_passage_model,
    source_date,
    speaker_named,
)

pytestmark = pytest.mark.fast


def test_features_fall_back_to_the_plain_signals_without_context_or_title() -> None:
    source_of = {1: 10, 2: 10, 3: 20, 4: 30}
    cands = candidate_features({1: 0.9, 2: 0.5, 3: 0.4, 99: 0.8}, None, {10: 0.7}, None,
                               {3: 1.0, 4: 0.2}, source_of)
    assert cands.passage_ids == [1, 2, 3, 4]  # 99 has no passage row: left out
    assert cands.source_ids == [10, 10, 20, 30]
    rows = {pid: dict(zip(PASSAGE_FEATURES, row, strict=True))
            for pid, row in zip(cands.passage_ids, cands.features.tolist(), strict=True)}
    assert rows[1] == {"dense": 0.9, "context": 0.9, "title": 0.7, "title_context": 0.7, "lexical": 0.0,
                       "speaker": 0.0, "date": 0.0, "has_speaker": 0.0, "has_date": 0.0}
    assert rows[3]["title"] == 0.4  # untitled source: the passage's own cosine stands in
    assert rows[4] == {"dense": 0.0, "context": 0.0, "title": 0.0, "title_context": 0.0, "lexical": 0.2,
                       "speaker": 0.0, "date": 0.0, "has_speaker": 0.0, "has_date": 0.0}
    with_context = candidate_features({1: 0.9}, {1: 0.3}, {10: 0.7}, {10: 0.1}, {}, source_of)
    assert with_context.features.tolist() == [[0.9, 0.3, 0.7, 0.1, 0.0, 0.0, 0.0, 0.0, 0.0]]
    named = candidate_features({1: 0.9}, None, {}, None, {}, source_of, {1: 1.0}, {10: 0.5})
    assert named.features[0, PASSAGE_FEATURES.index("speaker")] == 1.0
    assert named.features[0, PASSAGE_FEATURES.index("date")] == 0.5
    assert named.features[0, PASSAGE_FEATURES.index("has_speaker")] == 1.0
    assert named.features[0, PASSAGE_FEATURES.index("has_date")] == 1.0


def test_source_date_from_its_metadata_or_url() -> None:
    url = "https://www.politifact.com/factchecks/2019/oct/30/someone/a-title/"
    assert source_date("", url) == "2019-10-30"
    assert source_date("2020-01-02", url) == "2020-01-02"
    assert source_date("", "https://example.org/about") == ""


def test_date_closeness() -> None:
    assert date_closeness("2019-10-30", "2019-10-30") == 1.0
    assert date_closeness("2019-10-20", "2019-10-30") == pytest.approx(0.70, abs=0.01)
    assert date_closeness("2019-10-30", "2018-10-30") == pytest.approx(0.26, abs=0.01)
    assert date_closeness("2019-10-30", "2001-01-01") == 0.0
    assert date_closeness("2019-10-30", "") == 0.0 and date_closeness("", "2019-10-30") == 0.0


def test_speaker_named_by_surname() -> None:
    assert speaker_named("TRUMP", "Trump 'dead wrong' about murders") == 1.0
    assert speaker_named("Donald Trump", "What Mr. Trump's aides said") == 1.0
    assert speaker_named("CLINTON", "Trumpet players") == 0.0
    assert speaker_named("", "Trump") == 0.0 and speaker_named("Ed", "Ed said") == 0.0


def test_one_passage_per_source_best_first() -> None:
    cands = candidate_features({1: 0.9, 2: 0.95, 3: 0.4, 4: 0.3}, None, {}, None, {},
                               {1: 10, 2: 10, 3: 20, 4: 30})
    model = PassageModel(weights=(10.0,) + (0.0,) * 8, bias=-5.0)
    ranked = best_per_source(cands, model.scores(cands.features).tolist(), 2)
    assert [(r.passage_id, r.source_id) for r in ranked] == [(2, 10), (3, 20)]
    assert ranked[0].probability > ranked[1].probability
    assert ranked[0].feature("dense") == 0.95


def test_likely_level_comes_from_the_train_curve() -> None:
    model = PassageModel(weights=(1.0,) * 9, bias=0.0, curves={
        "contextual": ((0.2, 0.6, 0.55, 0.5), (0.4, 0.8, 0.78, 0.3), (0.7, 0.9, 0.88, 0.1)),
        "plain": ((0.5, 0.8, 0.6, 0.05),)})
    level = model.likely(0.75)
    assert (level.threshold, level.train_precision, level.dev_precision, level.dev_recall) == (
        0.4, 0.8, 0.78, 0.3)
    assert model.likely(0.5).threshold == 0.2
    assert model.likely(0.8, "plain").dev_precision == 0.6
    assert query_kind("", "", "") == "plain" and query_kind("TRUMP", "", "") == "contextual"
    assert query_kind("", "the moderator asked", "") == "contextual"
    unreachable = model.likely(0.99)
    assert not unreachable.reachable and unreachable.threshold == float("inf")


def test_weights_round_trip_and_unreadable_file(tmp_path: Path) -> None:
    model = PassageModel(weights=tuple(float(n) for n in range(9)), bias=-1.5,
                         curves={"contextual": ((0.3, 0.8, 0.7, 0.4),)}, note="test")
    path = tmp_path / "w.json"
    save_passage_model(model, path)
    assert load_passage_model(path) == model
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match=r"bench/evidence\.py --fit"):
        load_passage_model(path)
    assert load_passage_model(tmp_path / "absent.json").note.startswith("hand-set default")


def test_a_changed_shipped_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import factcheck.sources.ranking as ranking

    assert load_passage_model().weights == load_passage_model(WEIGHTS_FILE).weights
    monkeypatch.setattr(ranking, "PASSAGE_WEIGHTS_SHA256", "0" * 64)
    with pytest.raises(ModelError, match="the file changed"):
        load_passage_model()


def test_shipped_weights_are_fitted_with_a_likely_level() -> None:
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert data["features"] == list(PASSAGE_FEATURES)
    model = load_passage_model()
    assert "2B train" in model.note and set(model.curves) == {"contextual", "plain"}
    for kind in model.curves:
        level = model.likely(0.75, kind)
        assert level.reachable and 0.0 < level.dev_precision <= 1.0
    scores = model.scores(np.asarray([[0.9, 0.9, 0.9, 0.9, 1.0, 1.0, 1.0, 1.0, 1.0],
                                      [0.1, 0.1, 0.1, 0.1, 0.0, 0.0, 0.0, 1.0, 1.0]]))
    assert scores[0] > scores[1]
