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


# pysbd is super-linear in the length of what it is given (a 400 kB one-line paragraph took
# minutes), so a long paragraph is cut into windows at a sentence-like boundary first.
MAX_WINDOW = 5_000
_BOUNDARY_RE = re.compile(r"[.!?][\"'”’)\]]*\s+")


def _windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` into spans of at most ``MAX_WINDOW`` characters."""
    spans: list[tuple[int, int]] = []
    while end - start > MAX_WINDOW:
        limit = start + MAX_WINDOW
        cut = 0
        for m in _BOUNDARY_RE.finditer(text, start + MAX_WINDOW // 2, limit):
            cut = m.end()
        if not cut:
            space = text.rfind(" ", start + MAX_WINDOW // 2, limit)
            cut = space + 1 if space > 0 else limit
        spans.append((start, cut))
        start = cut
    spans.append((start, end))
    return spans


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in ``text``: pysbd run per paragraph, offsets exact."""
    out: list[tuple[int, int]] = []
    for start, end in paragraphs(text):
        for w_start, w_end in _windows(text, start, end):
            out.extend(_split_paragraph(text, w_start, w_end))
    return out
