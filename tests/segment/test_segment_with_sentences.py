"""segment_with_sentences: the items and the sentence spans ingest needs, in one job for a helper process."""

from __future__ import annotations

import pytest

from factcheck.segment import segment, segment_with_sentences, sentences

PLAIN = ('The council voted 7-2 on Monday to raise the levy. "We had no choice," Mayor Ann Lee said. '
         "She added that the budget would be balanced by 2026.")
WITH_BOILERPLATE = ('The mayor spoke on Monday.\nStory continues below advertisement\n'
                    '"Taxes will not rise," she said. The vote is on Friday.')


@pytest.mark.parametrize("text", [PLAIN, WITH_BOILERPLATE, "", "   "], ids=["plain", "boilerplate", "empty", "blank"])
def test_the_same_as_segment_and_sentences_apart(text: str) -> None:
    items, spans = segment_with_sentences(text)
    assert items == segment(text)
    assert spans == sentences(text)  # of the text as given: boilerplate lines are sentences too


def test_check_worthiness_from_given_spans_equals_splitting_again() -> None:
    import numpy as np

    from factcheck.config import Settings
    from factcheck.segment.checkworthy_head import load_head
    from factcheck.segment.checkworthy_score import score_items

    settings = Settings()
    head = load_head(settings.checkworthy_sha256)
    items, spans = segment_with_sentences(PLAIN)
    vectors = np.random.default_rng(0).normal(size=(len(items), head.dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    again = score_items(items, vectors, PLAIN, settings.checkworthy_sha256, head.encoder)
    given = score_items(items, vectors, PLAIN, settings.checkworthy_sha256, head.encoder, spans)
    assert [i.checkworthiness for i in given] == [i.checkworthiness for i in again]
    assert len(items) >= 2
