"""One learned check-worthiness probability for transcripts (CLI) and ingested claims (queue)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from factcheck.embed import Embedder
from factcheck.errors import ModelError
from factcheck.models import SegmentItem
from factcheck.segment.checkworthy import CUE_NAMES, line_spans, score_sentences
from factcheck.segment.checkworthy_encoder import LayerEncoder, TokenModel
from factcheck.segment.checkworthy_features import cue_rows, design, feature_names
from factcheck.segment.checkworthy_head import Head, load_head, score_lines
from factcheck.segment.sentences import sentences

__all__ = [
    "AUTHOR",
    "article_voices",
    "head_vectors",
    "item_speaker",
    "score_items",
    "split_speaker",
    "transcript_report",
]

AUTHOR = "(author)"  # the article's own voice (narration, statements): a voice like any other
_QUOTE_KINDS = frozenset({"direct", "partial", "indirect"})
# "TRUMP: ...", "Sen. Bernie Sanders: ...", "MODERATOR (Lester Holt): ..." at the start of a line.
_SPEAKER = re.compile(r"^\s*((?:[A-Z][\w.'’-]*\.?\s*){1,4}(?:\([^()\n]{1,40}\))?)\s*:\s+(?=\S)")


def split_speaker(line: str) -> tuple[str, str]:
    """(speaker, utterance) of a transcript line; speaker is "" when the line names none."""
    found = _SPEAKER.match(line)
    if found is None or len(found.group(1)) > 50:
        return "", line.strip()
    return found.group(1).strip().upper(), line[found.end():].strip()


def item_speaker(item: SegmentItem) -> str:
    """The voice of a claim: its named source for quotes, the author (``AUTHOR``) otherwise."""
    if item.kind in _QUOTE_KINDS:
        return item.speaker.strip() or "<unnamed source>"
    return AUTHOR


def article_voices(spans: Sequence[tuple[int, int]], items: Sequence[SegmentItem]) -> list[str]:
    """The voice of each sentence: the source of the quote covering most of it, else the author."""
    voices = [AUTHOR] * len(spans)
    best = [0] * len(spans)
    starts = [s for s, _ in spans]
    for item in items:
        if item.parent is not None or item.kind not in _QUOTE_KINDS:
            continue
        j = max(bisect.bisect_right(starts, item.start) - 1, 0)
        while j < len(spans) and spans[j][0] < item.end:
            overlap = min(spans[j][1], item.end) - max(spans[j][0], item.start)
            if overlap > best[j]:
                best[j], voices[j] = overlap, item_speaker(item)
            j += 1
    return voices


# Transcript structure the head learned from debates that has another meaning in an article:
# a debate claim often runs over two lines (neighbour embeddings and cues), the voice that holds
# the floor is a candidate (share of lines, main speaker, turns). A segmented news claim is
# complete in itself and the article's main voice is its narrator, so these columns are set to
# their training mean (no evidence either way) when scoring news claims.
_DEBATE_ONLY_CONTEXT = ("spk_share", "spk_is_main", "turn_start", "turn_end", "turn_len",
                        "turn_pos", "prev_short", "next_short")


def _debate_only_columns(dim: int) -> list[int]:
    names = feature_names(dim)
    return [j for j, n in enumerate(names) if n.startswith(("prev_emb", "next_emb", "prev_cue:",
                                                              "next_cue:"))
            or n.removeprefix("ctx:") in _DEBATE_ONLY_CONTEXT]


def score_items(items: Sequence[SegmentItem], vectors: npt.NDArray[np.float32], text: str,
                expected_sha256: str, encoder_id: str,
                spans: Sequence[tuple[int, int]] | None = None) -> list[SegmentItem]:
    """``items`` of the article ``text`` with ``checkworthiness`` set by the learned head.

    ``vectors`` are the items' embeddings, already computed for the claim index by the encoder
    ``encoder_id``. The article is read as a transcript of its own sentences, each said by a
    voice (the quoted source covering most of it, or the author): the voice's question rate,
    the position and the neighbouring questions come from those sentences, never from the list
    of items. Each item is scored by its own vector and cues in the place of the sentence that
    holds it; the debate-only columns (neighbour lines, ``_DEBATE_ONLY_CONTEXT``) are neutral.
    With another encoder than the bundled one (a custom ``model_path``) every item gets the
    model-free score instead. ``spans`` are the text's ``sentences`` when the caller has them.
    """
    if not items:
        return []
    head = load_head(expected_sha256)
    if encoder_id != head.encoder:
        lexical = score_sentences([i.text for i in items])
        return [replace(item, checkworthiness=p) for item, p in zip(items, lexical, strict=True)]
    spans = list(sentences(text) if spans is None else spans) or [(0, len(text))]
    sent_texts = [text[s:e] for s, e in spans]
    # the sentences' own vectors only feed neighbour columns, which are neutral here
    doc = design(sent_texts, article_voices(spans, items),
                 np.zeros((len(spans), head.dim), dtype=np.float32))
    starts = [s for s, _ in spans]
    first = [max(bisect.bisect_right(starts, i.start) - 1, 0) for i in items]
    rows = doc[first].copy()
    rows[:, :head.dim] = vectors  # the item's own words ...
    rows[:, 3 * head.dim:3 * head.dim + len(CUE_NAMES)] = cue_rows([i.text for i in items])  # cues
    neutral = _debate_only_columns(head.dim)
    rows[:, neutral] = head.mean[neutral]
    probs = head.probabilities(rows)
    return [replace(item, checkworthiness=float(p)) for item, p in zip(items, probs, strict=True)]


def transcript_report(text: str, *, lines: bool, embedder: Embedder,
                      expected_sha256: str) -> list[tuple[int, int, str, float]]:
    """(start, end, text, probability) per sentence or per non-blank line, in input order.

    With ``lines``, a leading ``SPEAKER:`` names the line's speaker; the model sees the
    speaker and the utterance apart. Offsets are code points (``text[start:end]`` is the span).
    """
    if lines:
        spans = line_spans(text)
        parts = [split_speaker(text[s:e]) for s, e in spans]
    else:
        spans = sentences(text)
        parts = [(AUTHOR, text[s:e]) for s, e in spans]
    if not spans:
        return []
    head = load_head(expected_sha256)
    if embedder.model_id != head.base_encoder:
        raise ModelError(f"the check-worthiness head was fitted on {head.encoder} vectors, the "
                         f"configured encoder is {embedder.model_id}; unset model_path or use "
                         "--lexical")
    utterances = [u for _, u in parts]
    probs = score_lines(head, utterances, [s for s, _ in parts],
                        head_vectors(head, embedder, utterances))
    return [(s, e, text[s:e], p) for (s, e), p in zip(spans, probs, strict=True)]


def head_vectors(head: Head, embedder: Embedder, texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """The vectors ``head`` reads: the first ``head.layers`` layers of the embedder's model,
    mean-pooled (``LayerEncoder``: large length-sorted bf16 batches)."""
    if isinstance(embedder, TokenModel):
        return LayerEncoder(embedder, head.layers).encode(texts)
    if head.layers >= 6:
        return embedder.encode(texts)
    raise ModelError(f"the check-worthiness head reads the first {head.layers} layers of "
                     f"{head.base_encoder}; pass the bundled SentenceTransformerEmbedder")
