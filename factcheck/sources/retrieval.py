"""Passage hits: the records a passage search returns (best sentence, hints, "likely relevant")."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from factcheck.models import Passage, Source
from factcheck.sources.agreement import AgreementHint, agreement_hints
from factcheck.sources.evidence import SentenceSpan, best_sentence
from factcheck.sources.ranking import LikelyLevel, RankedPassage

# bm25 weight of the source title (a second FTS5 column) next to the passage text: titles often
# paraphrase the claim (fitted on 2B train: recall@5 0.589 -> 0.617 with the old fixed fusion).
TITLE_WEIGHT = 1.0


@dataclass(frozen=True, slots=True)
class PassageHit:
    """A retrieved passage with its source, the sentence to highlight and agreement hints.

    ``score`` is the probability that the passage's source addresses the claim (the fitted
    passage model); ``likely`` says it reaches the "likely relevant" level, whose measured
    precision is ``likely_precision``. ``dense`` is the cosine of the claim with the passage,
    ``title`` with its source's title, ``lexical`` the BM25 score relative to the best hit.
    """

    passage: Passage
    source: Source
    sentence: SentenceSpan
    hints: tuple[AgreementHint, ...] = ()
    score: float = 0.0
    dense: float = 0.0
    lexical: float = 0.0
    title: float = 0.0
    likely: bool = False
    likely_precision: float = 0.0

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready view (the full source text is left out)."""
        src = self.source
        return {
            "passage_id": self.passage.id, "source_id": src.id, "text": self.passage.text,
            "start": self.passage.start, "end": self.passage.end,
            "sentence": {"text": self.sentence.text, "start": self.sentence.start, "end": self.sentence.end},
            "source": {"title": src.title, "publisher": src.publisher, "url": src.url, "kind": src.kind,
                       "published": src.published, "reliability_note": src.reliability_note,
                       "fetched_at": src.fetched_at, "sha256": src.sha256},
            "hints": [{"kind": h.kind, "status": h.status, "message": h.message} for h in self.hints],
            "score": round(self.score, 4), "dense": round(self.dense, 4), "lexical": round(self.lexical, 4),
            "title_dense": round(self.title, 4), "likely_relevant": self.likely,
            "likely_precision": round(self.likely_precision, 3),
        }


@dataclass(frozen=True, slots=True)
class EvidencePanel:
    """The passages shown beside a claim, and one-line notices (e.g. a provider that failed)."""

    hits: list[PassageHit] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def lexical_scores(raw: Sequence[tuple[int, float]]) -> dict[int, float]:
    """BM25 values from FTS5 (lower is better) -> 0..1 relative to the query's best hit."""
    if not raw:
        return {}
    best = min(score for _, score in raw)
    if best >= 0:
        return {pid: 0.0 for pid, _ in raw}
    return {pid: max(0.0, score / best) for pid, score in raw}


def build_hits(query: str, ranked: Sequence[RankedPassage], passages: Mapping[int, Passage],
               sources: Mapping[int, Source], level: LikelyLevel) -> list[PassageHit]:
    """Turn ranked passages into hits: best sentence by offsets, agreement hints, the level."""
    hits = []
    for item in ranked:
        passage = passages.get(item.passage_id)
        source = sources.get(passage.source_id) if passage is not None else None
        if passage is None or source is None:
            continue
        sentence = best_sentence(query, source.text, passage.start, passage.end)
        hints = tuple(agreement_hints(query, passage.text, sentence=sentence.text))
        hits.append(PassageHit(passage, source, sentence, hints, item.probability,
                               item.feature("dense"), item.feature("lexical"), item.feature("title"),
                               item.probability >= level.threshold, level.dev_precision))
    return hits
