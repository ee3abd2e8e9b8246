"""split_passages: exact offsets, paragraph boundaries, windows, long sentences."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.sources.passages import paragraph_spans, sentence_spans, split_passages

TEXT = (
    "Jobs report\n\n"
    "The unemployment rate fell to 3.5 percent in September. That is the lowest since 1969. "
    "Dr. Smith of the U.S. Bureau said wages rose. Economists expected less. Markets rallied.\n\n"
    "A second paragraph starts here. It has two sentences.\n"
)


def test_offsets_are_exact_and_windows_respect_paragraphs() -> None:
    passages = split_passages(TEXT, max_sentences=3, stride=2)
    assert passages
    for p in passages:
        assert TEXT[p.start:p.end] == p.text
        assert p.text == p.text.strip()
    # The short heading is glued to the first paragraph; no window crosses into the second one.
    assert passages[0].text.startswith("Jobs report\n\nThe unemployment rate")
    second = TEXT.index("A second paragraph")
    assert all(p.end <= second - 2 or p.start >= second for p in passages)
    assert any(p.text == "A second paragraph starts here. It has two sentences." for p in passages)
    # "Dr." and "U.S." do not end sentences.
    assert any("Dr. Smith of the U.S. Bureau said wages rose." in p.text for p in passages)


def test_windows_overlap_by_stride_and_cover_every_sentence() -> None:
    passages = split_passages(TEXT, max_sentences=3, stride=2)
    sentences = sentence_spans(TEXT)
    for start, end in sentences:
        assert any(p.start <= start and end <= p.end for p in passages), TEXT[start:end]
    first_para = [p for p in passages if p.start < TEXT.index("A second")]
    assert len(first_para) == 3  # 5 sentences (+ heading), windows of 3 starting every 2


def test_single_line_paragraphs_when_no_blank_lines() -> None:
    text = "First paragraph is this one, long enough to stand alone as its own passage.\nSecond one, equally long enough to be a passage on its own here."
    assert [text[s:e] for s, e in paragraph_spans(text)] == text.split("\n")


def test_overlong_sentence_is_cut_at_word_boundaries() -> None:
    text = " ".join(["word"] * 400)  # 2,000 characters, no punctuation
    passages = split_passages(text, max_chars=300)
    assert all(len(p.text) <= 300 for p in passages)
    assert all(text[p.start:p.end] == p.text for p in passages)
    assert " ".join(p.text for p in passages).split() == text.split()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("ab .?!\n\t\"'’é3,")), max_size=80), max_size=8))
def test_offsets_hold_for_arbitrary_text(parts: list[str]) -> None:
    text = "".join(parts)
    for p in split_passages(text, max_chars=40):
        assert text[p.start:p.end] == p.text
        assert p.text.strip()
