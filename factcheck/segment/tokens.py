"""Word/punctuation tokens with offsets and a fast rule-based sentence splitter used inside segment()."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from factcheck.segment.lexicon import ABBREVIATIONS

_TOKEN_RE = re.compile(r"\w(?:[\w&]|[’'.\-](?=\w))*|''|[^\w\s]")
_MONTHS = frozenset(["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"])


@dataclass(frozen=True, slots=True)
class Token:
    """One token: ``text == article[start:end]``; ``low`` is its lower-cased text."""

    start: int
    end: int
    text: str
    low: str

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()

    @property
    def is_cap(self) -> bool:
        return self.text[0].isupper()


def tokenize(text: str) -> list[Token]:
    """All word and punctuation tokens of ``text``."""
    return [Token(m.start(), m.end(), m.group(), m.group().lower()) for m in _TOKEN_RE.finditer(text)]


def token_index(tokens: list[Token], offset: int) -> int:
    """Index of the first token starting at or after ``offset``."""
    lo, hi = 0, len(tokens)
    while lo < hi:
        mid = (lo + hi) // 2
        if tokens[mid].start < offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


def starts_of(tokens: list[Token]) -> list[int]:
    return [t.start for t in tokens]


def index_at(starts: list[int], offset: int) -> int:
    """Index of the first token starting at or after ``offset`` (``starts`` from :func:`starts_of`)."""
    return bisect_left(starts, offset)


def is_abbrev_dot(tokens: list[Token], k: int) -> bool:
    """Whether token ``k`` is the period of a title or an initial (``Mr.``, ``M.``)."""
    if k <= 0 or tokens[k].text != "." or tokens[k - 1].end != tokens[k].start:
        return False
    prev = tokens[k - 1].text
    return prev.lower() in ABBREVIATIONS or (len(prev) == 1 and prev.isupper())


def _is_boundary(text: str, tokens: list[Token], i: int) -> bool:
    """Whether the terminal punctuation token ``i`` ends a sentence."""
    tok = tokens[i]
    if tok.text not in ".!?":
        return False
    j = i + 1
    # closing quote marks and brackets belong to the sentence they end
    while j < len(tokens) and tokens[j].text in ("”", "’", "\"", "'", "''", ")", "»") and tokens[j].start == tokens[j - 1].end:
        j += 1
    if j >= len(tokens):
        return True
    nxt = tokens[j]
    if nxt.start == tokens[j - 1].end:
        return False
    if not (nxt.text[0].isupper() or nxt.text[0].isdigit() or nxt.text in ("“", "\"", "''", "‘", "'", "(", "«")):
        return False
    if tok.text == "." and i > 0 and tokens[i - 1].end == tok.start:
        prev = tokens[i - 1].low
        if prev in ABBREVIATIONS and prev not in ("u.s", "u.k", "d.c", "inc", "co", "corp"):
            return False
        if len(prev) == 1 and prev.isalpha():
            return False
        if prev in _MONTHS and nxt.text[0].isdigit():
            return False
    return True


def fast_sentences(text: str, tokens: list[Token], paras: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans by punctuation rules, never crossing a paragraph (fast; for attribution)."""
    out: list[tuple[int, int]] = []
    for pstart, pend in paras:
        i = token_index(tokens, pstart)
        start = pstart
        while i < len(tokens) and tokens[i].start < pend:
            if _is_boundary(text, tokens, i):
                end = tokens[i].end
                while i + 1 < len(tokens) and tokens[i + 1].start == end and tokens[i + 1].end <= pend and tokens[i + 1].text in ("”", "’", "\"", "'", "''", ")", "»"):
                    i += 1
                    end = tokens[i].end
                out.append((start, end))
                if i + 1 < len(tokens) and tokens[i + 1].start < pend:
                    start = tokens[i + 1].start
                else:
                    start = pend
            i += 1
        if start < pend:
            out.append((start, pend))
    return out
