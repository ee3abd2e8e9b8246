"""Property tests: any text segments without errors, with valid offsets and no partial overlaps."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.segment import segment, sentences

MARKS = ["“", "”", "‘", "’", "'", "\"", "''", "«", "»"]
WORDS = ["Putin", "said", "told", "that", "the", "Kremlin", "he", "She", "according", "to",
         "Mr.", "Smith", "officials", "won’t", "Hamas'", "U.S.", "Oct.", "7", "added", "war", ","]


def _check(text: str) -> None:
    items = segment(text, statements=False)
    for it in items:
        assert 0 <= it.start < it.end <= len(text)
        assert text[it.start:it.end] == it.text
        if it.speaker_start is not None:
            assert it.speaker_end is not None and 0 <= it.speaker_start < it.speaker_end <= len(text)
        if it.parent is not None:
            outer = items[it.parent]
            assert outer.start <= it.start and it.end <= outer.end
    for a in range(len(items)):
        for b in range(a + 1, len(items)):
            x, y = items[a], items[b]
            if x.start < y.end and y.start < x.end:
                assert (x.start <= y.start and y.end <= x.end) or (y.start <= x.start and x.end <= y.end)
    assert [it.start for it in items] == sorted(it.start for it in items)
    for s, e in sentences(text):
        assert 0 <= s < e <= len(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    _check(text)


article = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(MARKS), st.sampled_from([".", "\n", "\n\n", ":"])),
    max_size=120,
).map(lambda parts: " ".join(parts))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article)
def test_article_like_text_with_random_quote_marks(text: str) -> None:
    _check(text)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(MARKS), st.integers(min_value=0, max_value=30))
def test_stray_mark_never_swallows_the_article(mark: str, at: int) -> None:
    body = " ".join(f"Sentence number {i} is plain, officials said." for i in range(30))
    words = body.split(" ")
    words.insert(at, mark)
    text = " ".join(words)
    items = segment(text, statements=False)
    assert all(len(it.text) < len(text) // 2 for it in items)
