"""The seed article, fully annotated by hand: exact spans, kinds, speakers, cues and negatives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.segment import segment, speaker_aliases

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = json.loads((Path(__file__).parent / "seed_annotations.json").read_text(encoding="utf-8"))
TEXT = (ROOT / FIXTURE["article"]).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def items():
    return segment(TEXT, statements=False)


def test_every_annotated_item_is_found_exactly(items) -> None:
    got = [
        {"kind": it.kind, "start": it.start, "end": it.end, "text": it.text, "speaker": it.speaker,
         "speaker_type": it.speaker_type,
         "speaker_mention": TEXT[it.speaker_start:it.speaker_end] if it.speaker_start is not None else "",
         "cue": it.cue, "parent": it.parent}
        for it in items
    ]
    assert got == FIXTURE["items"]


@pytest.mark.parametrize(("snippet", "speaker", "kind", "cue"), [
    ("'Israel won’t stop until Hamas is destroyed,'", "Benjamin Netanyahu", "direct", "tells"),
    ("'cruel methods'", "Vladimir Putin", "partial", "calling"),
    ("'humanitarian ceasefire'", "Vladimir Putin", "partial", "proposing"),
    ("“serious concern about", "Vladimir Putin", "partial", "expressed"),
    ("“The civilian casualties", "Vladimir Putin", "direct", "stated"),
    ("that the current tragic situation", "Vladimir Putin", "indirect", "added"),
    ("that Israel was going to war", "Benjamin Netanyahu", "indirect", "told"),
    ("In addition to his conversation", "the Kremlin", "indirect", "reported"),
    ("“an immediate, durable", "Russia", "partial", "called"),  # "a resolution proposed by Russia that called for"
])
def test_key_attributions(items, snippet: str, speaker: str, kind: str, cue: str) -> None:
    hit = [it for it in items if it.text.startswith(snippet)]
    assert len(hit) == 1, snippet
    assert (hit[0].speaker, hit[0].kind, hit[0].cue) == (speaker, kind, cue)


def test_speaker_types(items) -> None:
    types = {it.speaker: it.speaker_type for it in items}
    assert types["Vladimir Putin"] == "person"
    assert types["the Kremlin"] == "organization"
    assert types["Russia"] == "country"


def test_pronoun_mention_span_is_the_pronoun(items) -> None:
    he = next(it for it in items if it.text.startswith("that the current tragic"))
    assert TEXT[he.speaker_start:he.speaker_end] == "He"


def test_negatives(items) -> None:
    for neg in FIXTURE["negatives"]:
        assert all(it.text != neg for it in items), neg
    # no quote opens at an apostrophe
    assert all(it.text[0] not in "'’" or it.start in (0, 156, 186) for it in items)


def test_partial_inside_reported_speech_is_nested(items) -> None:
    inner = next(it for it in items if it.text == "“an attack unprecedented in its cruelty”")
    assert inner.parent is not None
    outer = items[inner.parent]
    assert outer.start <= inner.start and inner.end <= outer.end
    assert outer.kind == "indirect" and inner.speaker == outer.speaker == "Vladimir Putin"


def test_alias_table() -> None:
    aliases = speaker_aliases(TEXT)
    assert "Netanyahu" in aliases["Benjamin Netanyahu"]
    assert any(a == "Putin" for a in aliases["Vladimir Putin"])
