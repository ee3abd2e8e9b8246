"""The learned attribution layer: shipped weights verified, calibrated confidences, workspace and CLI wiring."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from factcheck.errors import ModelError
from factcheck.learned.features import FEATURES, Tagged, item_features, proposals, rule_family
from factcheck.learned.layer import (
    WEIGHTS,
    WEIGHTS_SHA256,
    LearnedAttribution,
    load_model,
    reparent,
)
from factcheck.learned.states import windows
from factcheck.models import SegmentItem
from factcheck.segment import segment

ARTICLE = (
    "OTTAWA — The finance minister said on Tuesday that the deficit would shrink to $12 billion next year.\n\n"
    "“We are on track,” Chrystia Freeland told reporters. “Nobody should doubt that.”\n\n"
    "Critics believe the forecast is too rosy. The opposition leader wants to see the full numbers.\n\n"
    "Story continues below advertisement\n\n"
    "Stocks added 10 points, or 0.7 per cent, to 1,467 on the news."
)


@pytest.fixture(scope="module")
def layer(embedder) -> LearnedAttribution:
    return LearnedAttribution(embedder)


def test_windows_cover_every_piece_once() -> None:
    for n in (0, 1, 253, 254, 255, 700, 2000):
        kept = [k for _, _, a, b in windows(n) for k in range(a, b)]
        assert kept == list(range(n))
        assert all(e - s <= 254 for s, e, _, _ in windows(n))


def test_shipped_weights_load_and_changed_file_is_refused(tmp_path: Path) -> None:
    model = load_model()
    assert model.coef.shape == (len(FEATURES),)
    assert 0.0 <= model.drop_below < 1.0
    bad = tmp_path / "attribution.safetensors"
    shutil.copy(WEIGHTS, bad)
    with bad.open("ab") as handle:
        handle.write(b"\0")
    with pytest.raises(ModelError, match="sha256"):
        load_model(bad, WEIGHTS_SHA256)
    with pytest.raises(ModelError, match="missing"):
        load_model(tmp_path / "nope.safetensors", WEIGHTS_SHA256)


def test_apply_gives_calibrated_confidences_and_keeps_offsets(layer: LearnedAttribution) -> None:
    rules = segment(ARTICLE)
    items = layer.apply(ARTICLE, rules)
    attributions = [it for it in items if it.kind in ("direct", "partial", "indirect", "belief")]
    assert attributions
    assert all(0.0 <= it.confidence <= 1.0 for it in attributions)
    assert all(ARTICLE[it.start:it.end] == it.text for it in items)
    direct = [it for it in attributions if it.kind == "direct"]
    assert direct and all("Freeland" in it.speaker for it in direct)
    assert all("advertisement" not in it.text for it in items)
    assert all("10 points" not in it.text for it in attributions)  # a market report: a statement at most
    # the confidences come from the model, not the rules' fixed per-rule values
    assert {it.confidence for it in attributions} != {it.confidence for it in rules if it.kind in ("direct", "indirect")}
    beliefs = [it for it in attributions if it.kind == "belief"]
    assert beliefs and all(it.kind != "indirect" for it in beliefs)
    assert [it.parent for it in items] == [it.parent for it in reparent(items)]


def test_features_are_finite_and_rules_map_to_families(layer: LearnedAttribution) -> None:
    tagged = layer.tag(ARTICLE)
    assert tagged.probs.shape == (len(tagged.offsets), 9)
    np.testing.assert_allclose(tagged.probs.sum(axis=1), 1.0, atol=1e-4)
    for it in segment(ARTICLE, statements=False):
        values = item_features(ARTICLE, it, tagged)
        assert len(values) == len(FEATURES) and all(np.isfinite(values))
    assert rule_family("partial-in-said-that") == "partial-in"
    assert rule_family("according-to-tail") == "according-to"
    assert rule_family("something-new") == "other"


def test_proposals_never_overlap_rule_items() -> None:
    text = "Officials say the bridge will reopen in May after the repairs are done."
    offsets = np.array([[m, m + 1] for m in range(len(text))], dtype=np.int64)
    probs = np.zeros((len(text), 9), dtype=np.float32)
    probs[:, 0] = 1.0
    probs[0:9, :] = 0
    probs[0:9, 2] = 1.0  # "Officials" as source
    probs[14:, :] = 0
    probs[14:, 6] = 1.0  # content from "the bridge"
    tagged = Tagged(offsets, probs)
    found = proposals(text, [], tagged)
    assert len(found) == 1 and found[0].text.startswith("the bridge") and found[0].speaker == "Officials"
    taken = [SegmentItem(kind="indirect", text=text[14:71], start=14, end=71)]
    assert proposals(text, taken, tagged) == []


def test_workspace_segment_text_uses_the_layer(workspace) -> None:
    items = workspace.segment_text(ARTICLE)
    rules = segment(ARTICLE)
    assert [it.confidence for it in items if it.kind == "direct"] != [it.confidence for it in rules if it.kind == "direct"]
    off = type(workspace)(workspace.path, workspace.settings.with_overrides(learned_attribution=False))
    assert [(it.kind, it.start, it.confidence) for it in off.segment_text(ARTICLE)] == \
        [(it.kind, it.start, it.confidence) for it in rules]


def test_review_queue_hides_low_confidence_attributions(workspace) -> None:
    from factcheck.queue import QueueFilters

    workspace.ingest_text(ARTICLE, label="budget")
    claims = workspace.claims()
    shown = set(workspace.review_queue().claim_ids)
    cut = workspace.settings.min_confidence
    for c in claims:
        hidden = c.kind in ("direct", "partial", "indirect", "belief") and c.confidence < cut
        assert (c.id in shown) != hidden
    assert set(workspace.review_queue(QueueFilters(min_confidence=0.0)).claim_ids) == {c.id for c in claims}


@pytest.mark.model
def test_cli_segment_rules_only_flag(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from factcheck.cli import main

    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    runner = CliRunner()
    args = ["--workspace", str(tmp_path / "ws"), "segment", "--json", str(article)]
    learned = json.loads(runner.invoke(main, args, catch_exceptions=False).output)
    rules = json.loads(runner.invoke(main, [*args, "--rules-only"], catch_exceptions=False).output)
    assert all("confidence" in it for it in learned["items"])
    assert [it["confidence"] for it in rules["items"]] == [it.confidence for it in segment(ARTICLE)]
    assert [it["confidence"] for it in learned["items"]] != [it["confidence"] for it in rules["items"]]


def test_head_first_layer_equals_the_training_path() -> None:
    from factcheck.learned.head import with_context

    head = load_model().head
    rng = np.random.default_rng(0)
    for t in (1, 7, 8, 9, 33, 300):
        states = rng.standard_normal((t, 384)).astype(np.float32)
        expected = with_context(states) @ head.w1 + head.b1
        np.testing.assert_allclose(head._first_layer(states), expected, atol=1e-4)
