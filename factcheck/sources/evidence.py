"""Pick the sentence of a passage that bears most on a claim, for highlighting (exact offsets)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from factcheck.match.lexical import STOPWORDS
from factcheck.sources.agreement import quantities, same_value
from factcheck.sources.passages import sentence_spans

_WORD = re.compile(r"[\w’']+")
_STOP = STOPWORDS | {"according", "percent"}


@dataclass(frozen=True, slots=True)
class SentenceSpan:
    """A sentence of a source: ``source_text[start:end] == text``; ``terms`` are the shared words."""

    start: int
    end: int
    text: str
    score: float
    terms: tuple[str, ...] = ()


def stem(word: str) -> str:
    """A deliberately crude suffix stripper: enough to match 'rates'/'rate', 'dropped'/'drop'."""
    word = word.lower().replace("’", "'").removesuffix("'s")
    for suffix in ("ing", "edly", "ed", "ies", "es", "s", "ly"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return word[:-1] if len(word) > 3 and word[-1] == word[-2] else word


def content_terms(text: str) -> dict[str, str]:
    """Stemmed content words -> one surface form."""
    terms: dict[str, str] = {}
    for token in _WORD.findall(text):
        lowered = token.lower()
        if lowered in _STOP or (len(lowered) < 3 and not lowered.isdigit()):
            continue
        terms.setdefault(stem(lowered), token)
    return terms


def best_sentence(claim: str, source_text: str, start: int, end: int,
                  idf: Mapping[str, float] | None = None) -> SentenceSpan:
    """The sentence of ``source_text[start:end]`` sharing the most (idf-weighted) terms and
    numbers with ``claim``; ties go to the earlier sentence."""
    wanted = content_terms(claim)
    claim_numbers = quantities(claim)
    best: SentenceSpan | None = None
    for s, e in sentence_spans(source_text, start, end) or [(start, end)]:
        sentence = source_text[s:e]
        have = content_terms(sentence)
        shared = [term for term in wanted if term in have]
        score = sum((idf or {}).get(term, 1.0) for term in shared)
        numbers = quantities(sentence)
        score += 2.0 * sum(
            1 for q in claim_numbers if any(n.unit == q.unit and same_value(n.value, q.value) for n in numbers))
        score /= (1.0 + len(have)) ** 0.3  # a long sentence should not win on length alone
        if best is None or score > best.score:
            best = SentenceSpan(s, e, sentence, round(score, 4), tuple(have[t] for t in shared))
    assert best is not None
    return best
