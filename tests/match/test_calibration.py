"""Calibrated match levels: query types, probabilities, thresholds from precision, refit and rollback."""

from __future__ import annotations

import json

import pytest

from factcheck.errors import InputError, NotFoundError
from factcheck.match.calibration import (
    CALIBRATION_FILE,
    QUERY_TYPES,
    Curve,
    TypeCalibration,
    calibration_from_json,
    load_calibration,
    precision_curve,
    query_type,
)
from factcheck.workspace.calibrate import CALIBRATION_NAME, PREVIOUS_NAME

ARTICLE = (
    "The mayor spoke at the town hall on Monday. "
    "Our city cut violent crime by 20 percent in just two years, the mayor said. "
    "She added that unemployment fell sharply last year across the region. "
    "Critics said the gasoline tax rises by 12 cents a gallon under House Bill 2417. "
    "A council member claimed that vaccines cause autism in children, which doctors dispute. "
    "The governor said the state spends less on schools than it did ten years ago. "
    "Road repair funding doubled since 2015, according to the transport office. "
)


def test_pair_features():
    from factcheck.match.calibration import pair_features

    coverage, other, numbers, prior = pair_features("We lost 300,000 factory jobs", "300,000 jobs lost")
    assert prior == 1.0 and pair_features("a b", "a b", prior=False)[3] == 0.0
    assert coverage == pytest.approx(4 / 5) and other == 1.0 and numbers == 1.0  # 300, 000 are terms
    assert pair_features("crime fell 10 percent", "crime fell 20 percent")[2] == -1.0
    assert pair_features("crime fell", "taxes rose")[:2] == (0.0, 0.0)


def test_query_types():
    assert query_type("Vaccines cause autism") == "short"
    assert query_type("Vaccines cause autism", speaker="Jane Doe") == "sentence"
    assert query_type("Our city cut violent crime by 20 percent in just two years.") == "sentence"
    assert query_type("wow look at this https://t.co/abc — Someone (@someone) May 1, 2020") == "post"
    assert query_type("#FakeNews the wall is paid") == "post"
    assert set(QUERY_TYPES) == {"sentence", "post", "short"}


def test_shipped_calibration_has_every_type_and_meets_its_train_targets():
    calibration = load_calibration()
    assert set(calibration.types) == set(QUERY_TYPES)
    for kind in QUERY_TYPES:
        same, related = calibration.thresholds(kind)
        assert 0.0 < related <= same <= 1.0
        precision, _ = calibration.for_type(kind).curve.at(related)
        assert precision >= calibration.label_precision
    assert json.loads(CALIBRATION_FILE.read_text())["report"]["train"]


def test_probabilities_never_increase_down_the_list():
    calibration = load_calibration().for_type("sentence")
    fused = [0.9, 0.89, 0.3, 0.29, 0.28, 0.01]
    signals = [(0.8, 0.7, 0.9, 0.0, 0.8, 0.0, 0.8, 0.7, 1.0, 1.0),
               (0.9, 0.8, 0.2, 0.0, 0.8, 0.0, 0.5, 0.5, 0.0, 1.0)] + [
        (0.5, 0.5, 0.1, 0.0, 0.5, 0.0, 0.2, 0.2, 0.0, 1.0)] * 4
    probs = calibration.probabilities(fused, signals)
    assert all(0.0 <= p <= 1.0 for p in probs)
    assert probs == sorted(probs, reverse=True)
    # A clear winner is more probable than the first of two near-ties.
    two = signals[:2]
    assert calibration.probabilities([0.9, 0.05], two)[0] > calibration.probabilities([0.9, 0.89], two)[0]


def test_curve_thresholds_from_precision_targets():
    pairs = [(0.9, True), (0.8, True), (0.7, False), (0.6, True), (0.5, False), (0.4, False)]
    curve = precision_curve(pairs, total_relevant=4, steps=10)
    assert curve.lowest_for(1.0) == pytest.approx(0.8)
    assert curve.lowest_for(0.75) == pytest.approx(0.6)
    assert curve.at(0.6) == (0.75, 0.75)
    assert Curve((0.1, 0.5), (0.2, 0.4), (1.0, 0.5)).lowest_for(0.9) == 1.0  # never reached


def test_malformed_calibration_is_refused_with_the_fix():
    with pytest.raises(InputError, match="rollback"):
        calibration_from_json('{"features": ["x"], "types": {}}', origin="x.json")


def test_search_reports_probability_level_and_query_type(prior_ws):
    match = prior_ws.search("Our city cut violent crime by 20 percent in just two years.", k=3)
    assert match[0].claim.external_id == "pf-crime"
    assert match[0].query_type == "sentence"
    assert 0.0 <= match[-1].score <= match[0].score <= 1.0
    assert match[0].fused > 0
    same, related = prior_ws.thresholds_for("sentence").same, prior_ws.thresholds_for("sentence").related
    for m in match:
        expected = "same" if m.score >= same else "related" if m.score >= related else "none"
        assert m.level == expected
    assert prior_ws.search("vaccines autism", k=1)[0].query_type == "short"


def test_precision_targets_come_from_settings(prior_ws):
    text = "Our city cut violent crime by 20 percent in just two years."
    strict = prior_ws.settings.with_overrides(match_same_precision=1.01,
                                              match_sentence_label_precision=1.01)
    prior_ws.settings = strict  # a sentence: its own labelled-precision target applies
    assert prior_ws.search(text, k=1)[0].level == "none"  # a precision never reached labels nothing
    assert prior_ws.thresholds_for("sentence").related == 1.0
    assert prior_ws.thresholds_for("post").related < 1.0  # posts keep match_label_precision


def _labelled_workspace(ws):
    """An article whose claims get one same/not-the-same label against every prior."""
    ws.ingest_text(ARTICLE, title="Town hall", published="2021-03-11")
    claims = [c for c in ws.claims() if c.kind != "prior"]
    priors = {c.external_id: c for c in ws.claims(kind="prior")}
    truth = {"crime": "pf-crime", "unemployment": "pf-unemp", "gasoline": "pf-gas",
             "vaccines": "pf-vax", "schools": "pf-school", "road": "pf-roads"}
    count = 0
    for claim in claims:
        right = next((ext for word, ext in truth.items() if word in claim.text.lower()), None)
        for ext, prior in priors.items():
            ws.record_match_feedback(claim.id, prior.id, ext == right, "tester")
            count += 1
    return count


def test_calibrate_refuses_without_enough_labels_and_says_how_many(prior_ws):
    with pytest.raises(InputError, match=r"at least 60 .*has 0"):
        prior_ws.calibrate_levels(dry_run=True)


def test_calibrate_refit_keeps_previous_and_rolls_back(prior_ws):
    labels = _labelled_workspace(prior_ws)
    assert labels >= 50
    prior_ws.settings = prior_ws.settings.with_overrides(match_calibration_min_labels=40)
    dry = prior_ws.calibrate_levels(dry_run=True)
    assert not dry.applied and dry.labels == labels
    assert dry.train_labels + dry.held_out_labels == labels
    assert not (prior_ws.path / CALIBRATION_NAME).exists()
    assert prior_ws.calibration.origin == "shipped"

    first = prior_ws.calibrate_levels()
    assert first.applied and (prior_ws.path / CALIBRATION_NAME).exists()
    assert prior_ws.calibration.origin == "workspace feedback"
    assert prior_ws.calibration.report["labels"] == labels
    second = prior_ws.calibrate_levels()
    assert second.applied and (prior_ws.path / PREVIOUS_NAME).exists()

    assert "previous" in prior_ws.rollback_calibration()
    assert prior_ws.calibration.origin == "workspace feedback"
    assert "shipped" in prior_ws.rollback_calibration()
    assert prior_ws.calibration.origin == "shipped"
    with pytest.raises(NotFoundError):
        prior_ws.rollback_calibration()


def test_refit_weights_only_with_enough_labels(prior_ws):
    from factcheck.workspace.calibrate import feedback_labels, refit_type

    _labelled_workspace(prior_ws)
    labels = feedback_labels(prior_ws)
    base = prior_ws.calibration.for_type("sentence")
    same_weights = refit_type(base, labels, refit_weights=False)
    assert same_weights.coef == base.coef and "thresholds" in same_weights.note
    new_weights = refit_type(base, labels, refit_weights=True)
    assert new_weights.coef != base.coef
    assert isinstance(new_weights, TypeCalibration)
