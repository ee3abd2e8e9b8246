"""Quality gate: PolNeAR dev scores must stay at or above pinned floors (floors only go up)."""

from __future__ import annotations

import pytest

from bench.quote_scoring import DATA_DIR, evaluate, load_docs
from factcheck.segment import segment

pytestmark = pytest.mark.data

# measured on dev (see bench/quotes.py); pinned a little below; raise them, never lower them.
FLOORS = {
    ("direct", 0.3, "f1"): 0.895,  # measured 0.903 (0.902 before; first cut 0.894)
    ("direct", 0.8, "f1"): 0.87,  # measured 0.877 (0.874; 0.852)
    ("direct", 0.3, "speaker_acc"): 0.885,  # measured 0.891 (0.889; 0.834)
    ("all", 0.3, "f1"): 0.70,  # measured 0.708 (0.697; 0.633)
    ("all", 0.8, "f1"): 0.635,  # measured 0.645 (0.635; 0.561)
    ("all", 0.3, "speaker_acc"): 0.83,  # measured 0.838 (0.842 before the source-less/noun-cue items; 0.801)
}
MAX_MS_PER_5K = 60.0  # generous: shared CI machines; the bench reports the real figure


@pytest.fixture(scope="module")
def result():
    if not (DATA_DIR / "dev.jsonl").exists():
        pytest.skip(f"PolNeAR dev split absent at {DATA_DIR} (../shared/data not mounted)")
    return evaluate(load_docs("dev"), lambda t: segment(t, statements=False))


@pytest.mark.parametrize("key", list(FLOORS), ids=lambda k: "-".join(map(str, k)))
def test_floor(result, key) -> None:
    view, thr, metric = key
    assert result[view][thr][metric] >= FLOORS[key], (key, result[view][thr])


def test_speed(result) -> None:
    assert result["ms_per_5000_chars_median"] < MAX_MS_PER_5K


# GGT dev (../shared/tools/ggt_score.py protocol, via bench/quotes.py): model-free core, then the learned layer.
GGT_FLOORS = {
    ("0.3", "F1"): 0.79,  # measured 0.795 (0.742 before belief/boilerplate/false-positive rules)
    ("0.3", "P"): 0.755,  # measured 0.762 (0.667)
    ("0.3", "speaker_acc"): 0.905,  # measured 0.910 (0.902)
    ("0.8", "F1"): 0.765,  # measured 0.769 (0.715)
}


@pytest.fixture(scope="module")
def ggt_result():
    from bench.quotes import GGT_TOOL, run_ggt

    if not GGT_TOOL.exists():
        pytest.skip(f"GGT scorer absent at {GGT_TOOL} (../shared not mounted)")
    return run_ggt(lambda t: segment(t, statements=False))


@pytest.mark.parametrize("key", list(GGT_FLOORS), ids=lambda k: "ggt-" + "-".join(k))
def test_ggt_floor(ggt_result, key) -> None:
    thr, metric = key
    assert ggt_result["scores"][thr][metric] >= GGT_FLOORS[key], (key, ggt_result["scores"][thr])


# The learned layer (factcheck/learned, shipped weights) on GGT dev: F1, calibration, precision of what is shown.
LEARNED_FLOORS = {("0.3", "F1"): 0.80, ("0.3", "speaker_acc"): 0.90}  # measured 0.804, 0.908 (bench/quotes.py)
MAX_LEARNED_ECE = 0.05  # measured 0.032 (in-sample: calibrated on GGT dev; 0.028 cross-fitted by the training script)
MIN_SHOWN_PRECISION = 0.90  # at the min_confidence setting (0.75): measured 0.923 (442 items shown)


@pytest.fixture(scope="module")
def learned_ggt(embedder):
    from bench.quotes import GGT_TOOL, run_ggt
    from factcheck.learned.layer import LearnedAttribution

    if not GGT_TOOL.exists():
        pytest.skip(f"GGT scorer absent at {GGT_TOOL} (../shared not mounted)")
    layer = LearnedAttribution(embedder)
    return run_ggt(lambda t: layer.apply(t, segment(t, statements=False)), cuts=(DEFAULT_MIN_CONFIDENCE,))


DEFAULT_MIN_CONFIDENCE = 0.75


@pytest.mark.parametrize("key", list(LEARNED_FLOORS), ids=lambda k: "learned-ggt-" + "-".join(k))
def test_learned_ggt_floor(learned_ggt, key) -> None:
    thr, metric = key
    assert learned_ggt["scores"][thr][metric] >= LEARNED_FLOORS[key], (key, learned_ggt["scores"][thr])


def test_learned_calibration_and_shown_precision(learned_ggt) -> None:
    from factcheck.config import Settings

    assert Settings().min_confidence == DEFAULT_MIN_CONFIDENCE
    assert learned_ggt["ece"] <= MAX_LEARNED_ECE
    precision, shown = learned_ggt["shown"][DEFAULT_MIN_CONFIDENCE]
    assert precision >= MIN_SHOWN_PRECISION and shown > 300, learned_ggt["shown"]
