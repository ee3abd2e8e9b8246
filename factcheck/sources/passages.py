"""Split a source text into passages: sentence windows inside paragraphs, with exact offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_LINE_BREAK = re.compile(r"\n\s*")
_SENTENCE_END = (".", "!", "?", '"', "”", "’", "'", ":", ";")


@dataclass(frozen=True, slots=True)
class PassageSpan:
    """A passage before it is stored: ``text == source_text[start:end]``."""

    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Paragraphs as (start, end), whitespace trimmed.

    Texts with blank lines (Markdown, plain text, PDF pages) split on blank lines; texts
    without any (trafilatura's output: one paragraph per line) split on line breaks.
    """
    splitter = _PARAGRAPH_BREAK if _BLANK_LINE.search(text) else _LINE_BREAK
    spans: list[tuple[int, int]] = []
    cursor = 0
    for found in splitter.finditer(text):
        spans.append((cursor, found.start()))
        cursor = found.end()
    spans.append((cursor, len(text)))
    return [trimmed for start, end in spans if (trimmed := _trim(text, start, end))[0] < trimmed[1]]


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentences of ``text[start:end]`` as absolute (start, end) offsets, whitespace trimmed."""
    end = len(text) if end is None else end
    chunk = text[start:end]
    if not chunk.strip():
        return []
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _segmenter().segment(chunk):
        s, e = int(piece.start), int(piece.end)
        if chunk[s:e] != piece.sent or s < cursor:  # pysbd's spans can drift: re-anchor by search
            found = chunk.find(piece.sent.strip(), cursor)
            if found < 0:
                continue
            s, e = found, found + len(piece.sent.strip())
        cursor = max(cursor, e)
        trimmed = _trim(text, start + s, start + e)
        if trimmed[0] < trimmed[1]:
            spans.append(trimmed)
    if not spans:
        return [_trim(text, start, end)]
    # Whatever pysbd skipped (rare) is glued to the neighbouring sentence, so nothing is lost.
    spans[0] = (min(spans[0][0], _trim(text, start, end)[0]), spans[0][1])
    spans[-1] = (spans[-1][0], max(spans[-1][1], _trim(text, start, end)[1]))
    return spans


def split_passages(text: str, *, max_sentences: int = 3, max_chars: int = 600,
                   stride: int = 2, min_chars: int = 60) -> list[PassageSpan]:
    """Sentence windows of at most ``max_sentences`` sentences / about ``max_chars`` characters.

    Windows never cross a paragraph boundary, except that a paragraph shorter than
    ``min_chars`` without closing punctuation (a heading, a dateline) is joined to the next one. Windows start every
    ``stride`` sentences, so neighbouring windows overlap; a sentence longer than
    ``max_chars`` is cut at word boundaries. Invariant: ``text[p.start:p.end] == p.text``.
    """
    if max_sentences < 1 or stride < 1 or max_chars < 20:
        raise ValueError("max_sentences and stride must be >= 1, max_chars >= 20")
    passages: list[PassageSpan] = []
    seen: set[tuple[int, int]] = set()
    for para_start, para_end in _merge_short(paragraph_spans(text), text, min_chars):
        sentences = _cap_lengths(text, sentence_spans(text, para_start, para_end), max_chars)
        first = 0
        while first < len(sentences):
            last = first
            while (last + 1 < len(sentences) and last + 1 - first < max_sentences
                   and sentences[last + 1][1] - sentences[first][0] <= max_chars):
                last += 1
            span = (sentences[first][0], sentences[last][1])
            if span not in seen and not any(s <= span[0] and span[1] <= e for s, e in seen):
                seen.add(span)
                passages.append(PassageSpan(span[0], span[1], text[span[0]:span[1]]))
            if last == len(sentences) - 1:
                break
            first = min(first + stride, last + 1)
    return passages


def _merge_short(paragraphs: list[tuple[int, int]], text: str, min_chars: int) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    pending: int | None = None
    for start, end in paragraphs:
        begin = start if pending is None else pending
        if end - start < min_chars and not text[start:end].rstrip().endswith(_SENTENCE_END):
            pending = begin  # a heading or dateline: it belongs with what follows
            continue
        merged.append((begin, end))
        pending = None
    if pending is not None:
        merged.append((pending, paragraphs[-1][1]))
    return merged


def _cap_lengths(text: str, sentences: list[tuple[int, int]], max_chars: int) -> list[tuple[int, int]]:
    """Cut sentences longer than ``max_chars`` at whitespace into pieces of at most that size."""
    capped: list[tuple[int, int]] = []
    for start, end in sentences:
        while end - start > max_chars:
            cut = text.rfind(" ", start + max_chars // 2, start + max_chars)
            cut = start + max_chars if cut <= start else cut
            capped.append(_trim(text, start, cut))
            start = cut
            while start < end and text[start].isspace():
                start += 1
        if start < end:
            capped.append((start, end))
    return [span for span in capped if span[0] < span[1]]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
