"""One learned check-worthiness probability for transcripts (CLI) and ingested claims (queue)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from factcheck.embed import Embedder
from factcheck.errors import ModelError
from factcheck.models import SegmentItem
from factcheck.segment.checkworthy import line_spans, score_sentences
from factcheck.segment.checkworthy_head import load_head, score_lines

__all__ = ["AUTHOR", "item_speaker", "score_items", "split_speaker", "transcript_report"]

AUTHOR = ""  # the article's own voice (statements, plain sentences): no speaker
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


def score_items(items: Sequence[SegmentItem], vectors: npt.NDArray[np.float32],
                expected_sha256: str, encoder_id: str) -> list[SegmentItem]:
    """``items`` (in article order) with ``checkworthiness`` set by the learned head.

    ``vectors`` are the items' embeddings, already computed for the claim index by the
    encoder ``encoder_id``. The head was fitted on the bundled encoder's vectors; with any
    other encoder (a custom ``model_path``) every item gets the model-free score instead.
    """
    if not items:
        return []
    head = load_head(expected_sha256)
    texts = [i.text for i in items]
    if encoder_id != head.encoder:
        probs = score_sentences(texts)
    else:
        probs = score_lines(head, texts, [item_speaker(i) for i in items], vectors)
    return [replace(item, checkworthiness=p) for item, p in zip(items, probs, strict=True)]


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
        from factcheck.segment.sentences import sentences

        spans = sentences(text)
        parts = [(AUTHOR, text[s:e]) for s, e in spans]
    if not spans:
        return []
    head = load_head(expected_sha256)
    if embedder.model_id != head.encoder:
        raise ModelError(f"the check-worthiness head was fitted on {head.encoder} vectors, the "
                         f"configured encoder is {embedder.model_id}; unset model_path or use "
                         "--lexical")
    utterances = [u for _, u in parts]
    probs = score_lines(head, utterances, [s for s, _ in parts], embedder.encode(utterances))
    return [(s, e, text[s:e], p) for (s, e), p in zip(spans, probs, strict=True)]
