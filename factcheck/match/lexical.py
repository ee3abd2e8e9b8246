"""Lexical side of matching: terms, SQLite FTS5 query strings (BM25) and a word-overlap score."""

from __future__ import annotations

import re

_STOPWORD_TEXT = """
a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has
have having he her here hers herself him himself his how i if in into is it its itself just me
more most my myself no nor not of off on once only or other our ours ourselves out over own same
she should so some such than that the their theirs them themselves then there these they this
those through to too under until up very was we were what when where which while who whom why
will with would you your yours yourself yourselves s t don now also says said say just like get
got going go know think well really us let yes oh okay ve ll re d m one way thing things
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_QUERY_TERMS = 48


def terms(text: str) -> list[str]:
    """Lower-case content words in order, without stopwords and one-letter words."""
    words = (w.lower() for w in _WORD.findall(text.replace("’", "'")))
    return [w for w in words if (len(w) > 1 and w not in STOPWORDS and not w.isdigit()) or
            (w.isdigit() and len(w) >= 2)]


def fts_query(text: str, *, require_all: bool = False) -> str:
    """An FTS5 MATCH expression for the text: quoted terms joined by OR (or AND for keywords).

    Every term is double-quoted, so user text can never inject FTS5 syntax.
    """
    unique = list(dict.fromkeys(terms(text)))[:MAX_QUERY_TERMS]
    if not unique:
        return ""
    joiner = " AND " if require_all else " OR "
    return joiner.join('"' + t.replace('"', '""') + '"' for t in unique)


def _stem(word: str) -> str:
    """A tiny suffix stripper so "taxes"/"tax", "cuts"/"cut" meet in the overlap score."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def overlap(query: str, candidate: str) -> float:
    """Share of the query's content words found in the candidate (0..1, stemmed)."""
    q = {_stem(t) for t in terms(query)}
    if not q:
        return 0.0
    c = {_stem(t) for t in terms(candidate)}
    return len(q & c) / len(q)


def lexical_scores(raw: list[tuple[int, float]]) -> dict[int, float]:
    """FTS5 bm25() values (lower is better) → scores in 0..1 relative to the best hit of the query."""
    if not raw:
        return {}
    best = min(score for _, score in raw)
    if best >= 0:
        return {cid: 0.0 for cid, _ in raw}
    return {cid: max(0.0, score / best) for cid, score in raw}


_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.IGNORECASE)
_SOCIAL = re.compile(r"(?<!\w)[@#](\w)")


def clean_query(text: str) -> str:
    """Query text without links, and with @handles/#hashtags as plain words (pasted posts)."""
    text = _SOCIAL.sub(r"\1", _URL.sub(" ", text))
    return " ".join(text.split())
