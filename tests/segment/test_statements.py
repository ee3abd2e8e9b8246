"""Author statements: check-worthy factual sentences, hedges, bylines, skips and offsets."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.segment.checkworthy import checkworthy_report
from factcheck.segment.statements import (
    STATEMENT_THRESHOLD,
    is_boilerplate,
    is_byline,
    is_hedged,
    statement_items,
)

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_df7939084b441783.txt"


def spans(text: str) -> list[tuple[int, int]]:
    return [(s, e) for s, e, _, _ in checkworthy_report(text, lines=False)]


def items_of(text: str, taken: list[tuple[int, int]] | None = None):  # type: ignore[no-untyped-def]
    return statement_items(text, spans(text), taken or [])


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED.read_text(encoding="utf-8")


def find(items, prefix: str):  # type: ignore[no-untyped-def]
    return next((it for it in items if it.text.startswith(prefix)), None)


def test_seed_vote_sentence_is_a_statement(seed: str) -> None:
    items = items_of(seed)
    item = find(items, "China, the United Arab Emirates, Mozambique and Gabon joined Russia")
    assert item is not None
    assert item.text.endswith("which would have needed nine “yes” votes to pass.")
    assert item.kind == "statement"
    assert item.hedged is False
    assert "vote" in item.rule
    assert item.speaker == "" and item.speaker_type == "unknown"


def test_seed_hedged_statement(seed: str) -> None:
    item = find(items_of(seed), "In addition, Russia has established several military bases in Syria")
    assert item is not None
    assert item.hedged is True
    assert item.checkworthiness >= STATEMENT_THRESHOLD


def test_seed_byline_and_headlines_dropped(seed: str) -> None:
    texts = [it.text for it in items_of(seed)]
    assert not any("All Israel News Staff" in t for t in texts)
    assert not any(t.startswith("Putin condemns Israeli actions") for t in texts)


def test_seed_offsets_exact_and_ordered(seed: str) -> None:
    items = items_of(seed)
    assert len(items) >= 5
    for it in items:
        assert seed[it.start : it.end] == it.text
        assert it.text == it.text.strip()
        assert 0.0 <= it.checkworthiness <= 1.0
    assert [it.start for it in items] == sorted(it.start for it in items)


def test_taken_spans_are_skipped(seed: str) -> None:
    target = "The U.S., Britain, France and Japan voted against it"
    start = seed.index(target)
    assert find(items_of(seed), target) is not None
    # any overlap with a quote/reported-speech span removes the sentence
    assert find(items_of(seed, [(start + 10, start + 20)]), target) is None


@pytest.mark.parametrize(
    "text",
    [
        "Israel reportedly coordinated 40 air strikes in Syria with the Russian military in 2023.",
        "The group is said to have 5,000 fighters in the region.",
        "According to unconfirmed reports, 30 soldiers were killed.",
        "The minister allegedly received $2 million in 2019.",
    ],
)
def test_hedged(text: str) -> None:
    assert is_hedged(text)
    items = items_of(text)
    assert items and items[0].hedged


@pytest.mark.parametrize(
    "text",
    [
        "The Senate voted 52 to 48 on Tuesday to confirm the nominee.",
        "Unemployment rose to 7.8 percent in January, the highest level since 2009.",
        "Russia has established several military bases in Syria.",
    ],
)
def test_not_hedged_statements(text: str) -> None:
    items = items_of(text)
    assert len(items) == 1
    assert items[0].hedged is False
    assert items[0].text == text


@pytest.mark.parametrize(
    "text",
    [
        "The All Israel News Staff is a team of journalists in Israel.",
        "By John Smith and Jane Doe",
        "Jane Doe is a senior correspondent covering the Middle East.",
        "Reuters contributed to this report.",
    ],
)
def test_bylines_dropped(text: str) -> None:
    assert is_byline(text)
    assert items_of(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Subscribe to our newsletter for $1 a week in 2024.",
        "Copyright 2023 The Times. All rights reserved.",
        "Click here to read the 10 most important stories of 2023.",
        "Photo: Soldiers in Gaza on Oct. 12, 2023 (Reuters/Ammar Awad)",
        "© 2024 Example News Ltd.",
    ],
)
def test_boilerplate_dropped(text: str) -> None:
    assert is_boilerplate(text)
    assert items_of(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Did the Senate really vote 52 to 48 in 2019?",
        "Thank you very much.",
        "I think this is a wonderful day.",
        "Breaking News From The Middle East\nThe story continues.",
    ],
)
def test_non_statements_dropped(text: str) -> None:
    assert items_of(text) == []


def test_headline_with_a_figure_is_kept() -> None:
    text = "Unemployment falls to 3.5% as economy adds 263,000 jobs\nBody text follows here."
    items = items_of(text)
    assert items and items[0].text.startswith("Unemployment falls")


def test_trailing_whitespace_trimmed_in_given_spans() -> None:
    text = "  The Senate voted 52 to 48 in 2019 to pass the bill.   \nMore."
    items = statement_items(text, [(0, text.index("\n"))], [])
    assert len(items) == 1
    assert text[items[0].start : items[0].end] == items[0].text == items[0].text.strip()


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300), st.lists(st.tuples(st.integers(-5, 400), st.integers(-5, 400)), max_size=4))
def test_any_text_offsets_exact(text: str, taken: list[tuple[int, int]]) -> None:
    for it in statement_items(text, spans(text), taken):
        assert text[it.start : it.end] == it.text
        assert 0.0 <= it.checkworthiness <= 1.0
        assert not any(it.start < e and s < it.end for s, e in taken)
