"""Attributions without a verb of saying: ``X seems to …``, ``X is expected to …``, ``Asked whether …``, noun cues."""

from __future__ import annotations

from factcheck.segment.clauses import Candidate, Doc, np_right, sentence_subject
from factcheck.segment.lexicon import BELIEF_NOUNS, NOUN_CUES
from factcheck.segment.spans import SpanIndex
from factcheck.segment.speakers import Mention, mention_from_tokens, np_chunk_left
from factcheck.segment.tokens import Token

# Cue forms annotated in PolNeAR train with no Source (seemed 0.64, appears 0.56, "expected to" 0.83,
# of their occurrences are cues; see bench/quote_errors.py --mine).
_SEEM = frozenset({"seem", "seems", "seemed", "appear", "appears", "appeared"})
_BE = frozenset({"is", "are", "was", "were", "be", "been", "’s", "'s"})
_STOP = frozenset({";", ":", "—", "–", "(", ")", "“", "”", "\""})


def _clause_start(tokens: list[Token], ci: int, lo: int) -> int:
    """Token index where the clause holding the cue at ``ci`` begins (after ``;``/``,`` or the sentence start)."""
    k = ci - 1
    while k >= lo and tokens[k].text not in (";", ",") and tokens[k].text not in _STOP:
        k -= 1
    if k >= lo and ci - k <= 1:  # "X, which …, is expected to": the subject is further left
        k = lo - 1
    return k + 1


def _clause_end(tokens: list[Token], ci: int, hi: int) -> int:
    """Token index (exclusive) where the clause ends: ``;``, ``, but``, ``, with`` or the sentence end."""
    for k in range(ci + 1, hi):
        t = tokens[k]
        if t.text in (";",) or (t.text == "," and k + 1 < hi and tokens[k + 1].low in ("but", "with", "while", "although")):
            hi = k
            break
    while hi > ci and tokens[hi - 1].text in (".", "!", "?", ",", ":", ";"):
        hi -= 1
    return hi


def _cue(tokens: list[Token], i: int, lo: int, hi: int) -> bool:
    low = tokens[i].low
    if low in _SEEM:
        nxt = tokens[i + 1] if i + 1 < hi else None
        return nxt is not None and nxt.is_word and nxt.low not in ("in", "on", "at", "before", "with", "as", "and")
    if low == "expected":
        return i > lo and tokens[i - 1].low in _BE and i + 1 < hi and tokens[i + 1].low == "to"
    return False  # "reportedly" stays in the author's statement, flagged hedged (issue 3)


_ASKED_BEFORE = frozenset({"when", "was", "were", "is", "are", "be", "been", "being", "after", "if", "once"})
_ASKED_CONTENT = frozenset({"about", "whether", "if", "why", "what", "how", "who", "when", "where", "which", "for"})


def _asked(doc: Doc, i: int, lo: int, hi: int) -> Candidate | None:
    """``Asked (by X) whether …, Y said`` / ``X was asked about …``: the question is the content."""
    tokens = doc.tokens
    if tokens[i].low != "asked" or not (i == lo or tokens[i - 1].low in _ASKED_BEFORE):
        return None
    j, who = i + 1, None
    if j < hi and tokens[j].low == "by":
        who = np_right(doc, j + 1, hi)
        if who is None:
            return None
        j = doc.tok(who.end)
    if j >= hi or tokens[j].low not in _ASKED_CONTENT:
        return None
    opening = i == lo or (i - 1 == lo and tokens[lo].low == "when")
    if opening:
        commas = [k for k in range(j + 1, hi) if tokens[k].text == ","]
        e = commas[-1] if commas else hi
    else:
        e = _clause_end(tokens, j, hi)
    if e - j < 2:
        return None
    return Candidate("indirect", tokens[j].start, tokens[e - 1].end, who, tokens[i].text, "asked", 0.5)


def _noun_cue(doc: Doc, i: int, lo: int, hi: int) -> Candidate | None:
    """``Trump's claim that …`` / ``his criticism of …``: the holder is the possessive before the noun."""
    tokens = doc.tokens
    after = NOUN_CUES.get(tokens[i].low)
    if after is None or i + 2 >= hi or tokens[i + 1].low not in after:
        return None
    j = i + 1 if tokens[i + 1].low == "that" else i + 2
    if tokens[i + 1].low == "that" and (not tokens[j + 1].is_word or tokens[j + 1].low in _RELATIVE_NEXT):
        return None  # "the statement that he issued": a relative clause, not the content
    who = _possessor(doc, i, lo)
    if who is None:
        subj = sentence_subject(doc, tokens[lo].start, tokens[i].start)
        who = subj if subj is not None and subj.kind in ("person", "organization", "country") else None
    e = _clause_end(tokens, j, hi) if tokens[i + 1].low in ("that", "to") else _np_end(tokens, j, hi)
    if e - j < 1 or (tokens[i + 1].low == "that" and e - j < 4):
        return None
    kind = "belief" if tokens[i].low in BELIEF_NOUNS else "indirect"
    return Candidate(kind, tokens[j].start, tokens[e - 1].end, who, tokens[i].text, "noun-cue", 0.45)


_RELATIVE_NEXT = frozenset({"he", "she", "they", "we", "i", "you", "it", "was", "is", "were", "are", "has", "had"})


def _possessor(doc: Doc, i: int, lo: int) -> Mention | None:
    """The owner in ``X's NOUN`` / ``his NOUN`` (an adjective or two may come between)."""
    tokens = doc.tokens
    for k in range(i - 1, max(lo - 1, i - 4), -1):
        t = tokens[k]
        if t.low in ("his", "her", "their"):
            m = mention_from_tokens(doc.text, [t], doc.table)
            return m if m.kind == "person" else None
        if t.low.endswith(("’s", "'s")) and t.is_cap:
            rng = np_chunk_left(tokens, k, lo)
            return mention_from_tokens(doc.text, tokens[rng[0] if rng else k : k + 1], doc.table)
        if not t.is_word or t.low in ("the", "a", "an", "of", "that"):
            return None
    return None


def _np_end(tokens: list[Token], j: int, hi: int) -> int:
    """End of a short object noun phrase: the first punctuation, at most 15 tokens."""
    e = j
    while e < hi and e - j < 15 and (tokens[e].is_word or tokens[e].text in ("’", "'", "-", "$", "%")):
        e += 1
    return e


def evidential(doc: Doc, taken: SpanIndex[None]) -> list[Candidate]:
    """Noun cues, ``asked …`` and evidential clauses held by a named person (beliefs); skips spans ``taken`` overlaps.

    An evidential with no person before it ("the returns seemed a reminder …", "it appears …") is the
    writer's own hedge: no attribution (the statement layer may still offer it as an author statement).
    """
    tokens = doc.tokens
    out: list[Candidate] = []
    for s_start, s_end in doc.sents:
        lo, hi = doc.tok(s_start), doc.tok(s_end)
        for i in range(lo, hi):
            if tokens[i].low in NOUN_CUES:
                cand = _noun_cue(doc, i, lo, hi)
                if cand is not None and not any(taken.overlapping(cand.start, cand.end)):
                    out.append(cand)
                    taken.add(cand.start, cand.end, None)
                continue
            asked = _asked(doc, i, lo, hi) if tokens[i].low == "asked" else None
            if asked is not None and not any(taken.overlapping(asked.start, asked.end)):
                out.append(asked)
                break
            if not _cue(tokens, i, lo, hi):
                continue
            cue_i = i - 1 if tokens[i].low == "expected" else i
            s = _clause_start(tokens, cue_i, lo)
            if s < cue_i and tokens[s].low == "it" and cue_i - s == 1:
                s = i + 1 + (i + 1 < hi and tokens[i + 1].low == "that")  # "It seems [Trump …]"
            e = _clause_end(tokens, i, hi)
            if e - s < 3 or s >= hi:
                continue
            start, end = tokens[s].start, tokens[e - 1].end
            if any(taken.overlapping(start, end)):
                continue
            m = np_right(doc, s, cue_i)
            bare = tokens[s].low in ("it", "the", "a", "an", "this", "that", "there")
            if m is None or m.kind != "person" or bare:
                continue  # no source: the writer's own hedge, an author statement, not an attribution
            out.append(Candidate("belief", start, end, m, tokens[i].text, "evidential", 0.4))  # "Trump seems to think …"
            break
    return out
