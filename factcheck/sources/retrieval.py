"""Passage retrieval records and fusion: dense (FAISS) + lexical (FTS5 BM25) -> ranked hits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from factcheck.models import Passage, Source
from factcheck.sources.agreement import AgreementHint, agreement_hints
from factcheck.sources.evidence import SentenceSpan, best_sentence

DENSE_WEIGHT = 0.8  # fitted on CheckThat! 2021-2B train queries (bench/evidence.py --sweep): recall@5 0.589
# bm25 weight of the source title (a second FTS5 column) next to the passage text: titles often
# paraphrase the claim. Fitted with DENSE_WEIGHT on 2B train (--sweep): recall@5 0.589 -> 0.617,
# MRR 0.499 -> 0.535; 1..4 is a plateau, 0 turns the title column off.
TITLE_WEIGHT = 1.0


@dataclass(frozen=True, slots=True)
class PassageHit:
    """A retrieved passage with its source, the sentence to highlight and agreement hints.

    ``score`` is the fused score in 0..1 used for ranking; ``dense`` is the cosine and
    ``lexical`` the BM25 score relative to the best lexical hit of the query.
    """

    passage: Passage
    source: Source
    sentence: SentenceSpan
    hints: tuple[AgreementHint, ...] = ()
    score: float = 0.0
    dense: float = 0.0
    lexical: float = 0.0

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


def fuse(dense: Mapping[int, float], lexical: Mapping[int, float], k: int,
         dense_weight: float = DENSE_WEIGHT) -> list[tuple[int, float, float, float]]:
    """Rank candidates by ``w * cosine + (1 - w) * relative BM25``: (id, fused, dense, lexical)."""
    ranked = []
    for pid in set(dense) | set(lexical):
        d, lex = max(0.0, dense.get(pid, 0.0)), lexical.get(pid, 0.0)
        ranked.append((pid, dense_weight * d + (1 - dense_weight) * lex, d, lex))
    ranked.sort(key=lambda row: (-row[1], row[0]))
    return ranked[:k]


def build_hits(query: str, ranked: Sequence[tuple[int, float, float, float]],
               passages: Mapping[int, Passage], sources: Mapping[int, Source]) -> list[PassageHit]:
    """Turn ranked ids into hits: best sentence by offsets, agreement hints."""
    hits = []
    for pid, score, dense, lexical in ranked:
        passage = passages.get(pid)
        source = sources.get(passage.source_id) if passage is not None else None
        if passage is None or source is None:
            continue
        sentence = best_sentence(query, source.text, passage.start, passage.end)
        hints = tuple(agreement_hints(query, passage.text, sentence=sentence.text))
        hits.append(PassageHit(passage, source, sentence, hints, score, dense, lexical))
    return hits
