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
# BM25 over FTS5 scores every claim holding any query term (about 1 µs a posting): past this many
# postings a query keeps only its rarest terms, which carry nearly all of the BM25 weight.
POSTINGS_BUDGET = 5_000
MIN_KEPT_TERMS = 1


def terms(text: str) -> list[str]:
    """Lower-case content words in order, without stopwords and one-letter words."""
    words = (w.lower() for w in _WORD.findall(text.replace("’", "'")))
    return [w for w in words if (len(w) > 1 and w not in STOPWORDS and not w.isdigit()) or
            (w.isdigit() and len(w) >= 2)]


def query_terms(text: str) -> list[str]:
    """The distinct terms of a query, in order, at most ``MAX_QUERY_TERMS``."""
    return list(dict.fromkeys(terms(text)))[:MAX_QUERY_TERMS]


def fts_query(text: str, *, require_all: bool = False) -> str:
    """An FTS5 MATCH expression for the text: quoted terms joined by OR (or AND for keywords)."""
    return fts_expression(query_terms(text), require_all=require_all)


def fts_expression(words: list[str], *, require_all: bool = False) -> str:
    """Quoted words joined by OR (or AND); every word is double-quoted, so user text can never
    inject FTS5 syntax."""
    if not words:
        return ""
    joiner = " AND " if require_all else " OR "
    return joiner.join('"' + t.replace('"', '""') + '"' for t in words)


def prune_terms(words: list[str], counts: dict[str, int], budget: int = POSTINGS_BUDGET,
                keep: int = MIN_KEPT_TERMS) -> list[str]:
    """The query's words whose postings fit ``budget``, rarest first (always the ``keep`` rarest),
    in their original order. ``counts`` maps a word to the documents holding it; a word without
    a count is kept. With every count known and their sum within budget, nothing is dropped."""
    if sum(counts.get(w, 0) for w in words) <= budget:
        return list(words)
    kept: set[str] = set()
    spent = 0
    for word in sorted(words, key=lambda w: counts.get(w, 0)):
        cost = counts.get(word, 0)
        if len(kept) >= keep and spent + cost > budget:
            break
        kept.add(word)
        spent += cost
    return [w for w in words if w in kept]


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
