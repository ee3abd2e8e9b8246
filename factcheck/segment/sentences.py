"""Paragraph and sentence splitting with exact code-point offsets (pysbd, one paragraph at a time)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_PARA_RE = re.compile(r"[^\n]+")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines of ``text`` (a line is a paragraph), whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    for m in _PARA_RE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def _split_paragraph(text: str, start: int, end: int) -> list[tuple[int, int]]:
    chunk = text[start:end]
    try:
        spans = _segmenter().segment(chunk)
    except Exception:  # pysbd can fail on odd input; a paragraph is then one sentence
        return [(start, end)]
    out: list[tuple[int, int]] = []
    pos = 0
    for span in spans:
        piece = span.sent
        s = int(span.start)
        if chunk[s : s + len(piece)] != piece:
            found = chunk.find(piece, pos)
            if found < 0:
                return [(start, end)]
            s = found
        e = s + len(piece)
        while s < e and chunk[s].isspace():
            s += 1
        while e > s and chunk[e - 1].isspace():
            e -= 1
        if e > s and s >= pos:
            out.append((start + s, start + e))
            pos = e
    return out or [(start, end)]


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in ``text``: pysbd run per paragraph, offsets exact."""
    out: list[tuple[int, int]] = []
    for start, end in paragraphs(text):
        out.extend(_split_paragraph(text, start, end))
    return out
