"""Check-worthiness scorer: cue ordering, bounds, report offsets and the MAP quality gate."""

from __future__ import annotations

import importlib.util
import json
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.segment.checkworthy import (
    CUE_NAMES,
    WEIGHTS_RESOURCE,
    checkworthy_report,
    contributions,
    features,
    rank_lines,
    score_sentence,
    score_sentences,
)

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data"
# Quality floors on the 10 held-out debates (bench/checkworthy.py split); only raise them.
# Reached when pinned: score_sentences 0.1424, rank_lines 0.1404 MAP.
FLOOR_MAP_SENTENCES = 0.135
FLOOR_MAP_LINES = 0.13

FACTUAL = [
    "In 2002, the Senate voted 77 to 23 to authorize the war in Iraq.",
    "The unemployment rate fell to 3.5 percent last year.",
    "We spend $700 billion a year on our military, more than the next ten countries combined.",
    "China, the United Arab Emirates, Mozambique and Gabon joined Russia in voting in favor "
    "of the resolution.",
    "Russia has established several military bases in Syria.",
    "African-American youth unemployment is 51 percent.",
]
NOT_WORTHY = [
    "Thank you very much.",
    "Good evening, everyone.",
    "I think he is a wonderful man.",
    "What would you do about that?",
    "(CROSSTALK)",
    "Well, let me just say this.",
]


@pytest.mark.parametrize("factual", FACTUAL)
@pytest.mark.parametrize("chatter", NOT_WORTHY)
def test_factual_sentences_outscore_chatter(factual: str, chatter: str) -> None:
    assert score_sentence(factual) > score_sentence(chatter)


@pytest.mark.parametrize("text", FACTUAL)
def test_factual_sentences_score_high(text: str) -> None:
    assert score_sentence(text) >= 0.5


@pytest.mark.parametrize("text", NOT_WORTHY)
def test_chatter_scores_low(text: str) -> None:
    assert score_sentence(text) < 0.5


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The bill passed 51 to 49.", "vote"),
        ("Taxes rose 12% in 2019.", "percent"),
        ("Taxes rose 12% in 2019.", "year"),
        ("It costs $5 million.", "money"),
        ("Crime is higher than ever.", "comparative"),
        ("It was the largest cut ever.", "superlative"),
        ("Russia has established several bases.", "action_claim"),
        ("Israel reportedly coordinates its strikes.", "hedge"),
        ("Why would you say that?", "question"),
        ("Thank you.", "greeting"),
        ("Thank you.", "short"),
        ("I think that is wonderful.", "opinion"),
        ("[crosstalk]", "crosstalk"),
        ("He met Vladimir Putin and Benjamin Netanyahu in Moscow.", "named_entity"),
    ],
)
def test_features_fire(text: str, cue: str) -> None:
    assert features(text)[cue] > 0


def test_features_have_every_cue_in_unit_range() -> None:
    values = features("In 2019 the Senate voted 51-49, reportedly.")
    assert set(values) == set(CUE_NAMES)
    assert all(0.0 <= v <= 1.0 for v in values.values())


def test_contributions_sum_to_the_logit() -> None:
    import math

    text = "The U.S. deficit doubled to $1 trillion in 2020."
    z = sum(contributions(text).values())
    assert 1 / (1 + math.exp(-z)) == pytest.approx(score_sentence(text), abs=1e-9)


def test_batch_matches_single() -> None:
    texts = FACTUAL + NOT_WORTHY
    assert score_sentences(texts) == [score_sentence(t) for t in texts]
    assert score_sentences([]) == []


def test_rank_lines_keeps_order_and_bounds() -> None:
    lines = NOT_WORTHY + FACTUAL
    scores = rank_lines(lines)
    assert len(scores) == len(lines)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert rank_lines([]) == []
    assert rank_lines(["Hi."]) == [score_sentence("Hi.")]


def test_weights_are_package_data_and_small() -> None:
    resource = resources.files("factcheck.segment").joinpath(WEIGHTS_RESOURCE)
    raw = resource.read_bytes()
    assert len(raw) < 2_000_000
    data = json.loads(raw)
    assert set(data["cues"]) == set(CUE_NAMES)
    assert "train" in data["note"]


def test_report_sentences_offsets_exact() -> None:
    text = "Thank you.  The deficit was $1.2 trillion in 2012.\n\nWhat now?  \nGen. Smith left on Oct. 7. Crime fell 3.5%."
    report = checkworthy_report(text, lines=False)
    assert [r[2] for r in report] == [
        "Thank you.", "The deficit was $1.2 trillion in 2012.", "What now?",
        "Gen. Smith left on Oct. 7.", "Crime fell 3.5%.",
    ]
    for start, end, chunk, score in report:
        assert text[start:end] == chunk
        assert 0.0 <= score <= 1.0
    assert report[1][3] > report[0][3]


def test_report_lines() -> None:
    text = "  TRUMP: We lost 70,000 factory jobs.\r\n\nHOLT: Thank you.\n"
    report = checkworthy_report(text, lines=True)
    assert [r[2] for r in report] == ["TRUMP: We lost 70,000 factory jobs.", "HOLT: Thank you."]
    assert all(text[s:e] == c for s, e, c, _ in report)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_scores_in_unit_interval(text: str) -> None:
    assert 0.0 <= score_sentence(text) <= 1.0
    assert set(features(text)) == set(CUE_NAMES)
    for start, end, chunk, score in checkworthy_report(text, lines=True):
        assert text[start:end] == chunk
        assert 0.0 <= score <= 1.0


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=80), max_size=6))
def test_any_paragraphs_report_offsets_exact(paragraphs: list[str]) -> None:
    text = "\n".join(paragraphs)
    for start, end, chunk, score in checkworthy_report(text, lines=False):
        assert text[start:end] == chunk
        assert chunk == chunk.strip()
        assert 0.0 <= score <= 1.0


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_checkworthy", REPO / "bench" / "checkworthy.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.data
def test_quality_gate_map_on_held_out_debates() -> None:
    bench = _bench()
    if not (DATA / bench.DEBATES_FILE).is_file():
        pytest.skip(f"quality gate needs {DATA / bench.DEBATES_FILE} (../shared/data is absent)")
    debates = bench.load_debates(DATA)
    _, held = bench.split_debates(list(debates))
    assert len(held) == 10
    by_sentence = bench.evaluate(debates, held, score_sentences)["MAP"]
    by_line = bench.evaluate(debates, held, rank_lines)["MAP"]
    assert by_sentence >= FLOOR_MAP_SENTENCES, f"held-out MAP {by_sentence:.4f}"
    assert by_line >= FLOOR_MAP_LINES, f"held-out MAP (rank_lines) {by_line:.4f}"


def test_metric_matches_hand_computed_ap() -> None:
    bench = _bench()
    # positives at ranks 1 and 3 of 4: AP = (1/1 + 2/3) / 2
    assert bench.average_precision([1, 0, 1, 0]) == pytest.approx((1 + 2 / 3) / 2)
    assert bench.average_precision([0, 0]) == 0.0
    assert bench.r_precision([1, 0, 1, 0]) == 0.5
    assert bench.reciprocal_rank([0, 0, 1]) == pytest.approx(1 / 3)
