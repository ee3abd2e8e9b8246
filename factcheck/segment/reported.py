"""Indirect (reported) speech: ``X said (that) …``, ``…, X said.``, ``according to X, …``, attitudes."""

from __future__ import annotations

from factcheck.segment.clauses import (
    Candidate,
    Doc,
    long_subject,
    np_right,
    sentence_subject,
    subject_of,
)
from factcheck.segment.evidential import evidential
from factcheck.segment.lexicon import (
    ADDRESSEE_VERBS,
    ATTITUDE_VERBS,
    BELIEF_VERBS,
    CLAUSE_CUES,
    MARKET_HEADS,
    OBJECT_CUES,
    QUOTE_CUES,
)
from factcheck.segment.spans import SpanIndex
from factcheck.segment.speakers import Mention, mention_from_tokens
from factcheck.segment.tokens import Token

_BE = frozenset({"was", "were", "is", "are", "be", "been", "being", "am", "'s", "’s"})
_BEFORE_THAT_STOP = frozenset(
    [",", ".", ";", ":", "!", "?", "(", ")", "—", "–", "is", "are", "was", "were", "be", "been", "will", "would", "could", "should", "can", "may", "might", "must", "do", "does", "did", "not", "who", "which", "what", "how", "why", "when", "where", "if", "whether"]
)
_POSSESSIVE_DETS = frozenset({"his", "her", "their", "its", "our", "my", "your", "whose"})
_NOT_POSSESSIVE = frozenset({"he's", "she's", "it's", "that's", "who's", "there's", "what's", "he’s", "she’s",
                             "it’s", "that’s", "who’s", "there’s", "what’s"})
_OBJECT_PRONOUNS = frozenset({"him", "her", "them", "us", "me", "you", "reporters", "it"})
_WEAK_ATTITUDES = frozenset(
    {"see", "saw", "sees", "seeing", "seen", "know", "knew", "knows", "knowing", "known",
     "feel", "felt", "feels", "feeling", "learn", "learned", "learns", "learning", "figure",
     "figured", "figures", "figuring", "decide", "decided", "decides", "deciding",
     "consider", "considered", "considers", "considering", "determine", "determined",
     "understand", "understood", "understands", "understanding", "bet", "bets", "betting"}
)


def _in_quote(quotes: SpanIndex[None], offset: int) -> bool:
    return any(quotes.containing(offset))


def _content_end(tokens: list[Token], start_i: int, hi: int) -> int:
    """Token index (exclusive) where a content starting at ``start_i`` ends in its sentence."""
    end = hi
    for c in range(start_i + 1, hi):
        tok = tokens[c]
        if tokens[c - 1].text == "," and (
            tok.low in QUOTE_CUES  # ", saying …" / "…, tweeted on Monday" (the clause of a relative subject ends)
            or (tok.low == "according" and c + 1 < hi and tokens[c + 1].low == "to")
        ):
            end = c - 1
            break
    while end > start_i and tokens[end - 1].text in (".", "!", "?", ";", ",", ":"):
        end -= 1
    return end


def _object_end(doc: Doc, j: int, hi: int) -> int:
    """Skip the addressee after ``told``: a pronoun, a name or a short noun phrase."""
    tokens = doc.tokens
    if j >= hi:
        return j
    if tokens[j].low in _OBJECT_PRONOUNS:
        return j + 1
    m = np_right(doc, j, hi)
    if m is not None and m.kind != "unknown":
        k = j
        while k < hi and tokens[k].end <= m.end:
            k += 1
        return k
    return j


def _content_start(doc: Doc, ci: int, hi: int) -> int:
    """Token index where the reported content begins after the cue at ``ci``."""
    tokens = doc.tokens
    j = ci + 1
    if tokens[ci].low in ADDRESSEE_VERBS:
        j = _object_end(doc, j, hi)
    for k in range(j, min(hi, j + 9)):
        low = tokens[k].low
        if low == "that":
            return k
        if low in _BEFORE_THAT_STOP or tokens[k].text in ("“", "\"", "''", "‘"):
            break
    while j < hi and tokens[j].text in (",", ":", "—", "–"):
        j += 1
    return j


def _possessive_noun(tokens: list[Token], i: int, lo: int) -> bool:
    """``the mayor's claims …`` / ``his claims …``: after a possessive the cue word is a noun."""
    if i <= lo:
        return False
    low = tokens[i - 1].low
    return low in _POSSESSIVE_DETS or (low.endswith(("'s", "’s", "s'", "s’")) and low not in _NOT_POSSESSIVE)


_NOT_SPEAKERS = frozenset(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
     "april", "may", "june", "july", "august", "september", "october", "november", "december", "whenever",
     "however", "meanwhile", "chances", "six", "five", "four", "three", "two", "one", "seven", "eight", "nine", "ten"]
)


def _not_a_source(doc: Doc, m: Mention) -> bool:
    """Readers ("you think of ride-hailing"), market figures ("stocks added 10 points") and words that a
    bad subject guess lands on ("December", "Originally", "Six") say nothing."""
    words = doc.text[m.start : m.end].lower().split()
    if not words or words[0] in ("you", "your") or words[-1].strip(".,") in MARKET_HEADS:
        return True
    return len(words) == 1 and (words[0] in _NOT_SPEAKERS or words[0].endswith("ly"))


def _cand(doc: Doc, s: int, e: int, m: Mention | None, cue: str, rule: str, conf: float,
          kind: str = "indirect") -> Candidate | None:
    tokens = doc.tokens
    if e <= s or m is None or _not_a_source(doc, m):
        return None
    start, end = tokens[s].start, tokens[e - 1].end
    if sum(1 for t in tokens[s:e] if t.is_word) < 2:
        return None
    # content that is just a quotation is handled by the quote rules
    for q in doc.quotes:
        if not q.nested and q.start <= start + 1 and q.end >= end - 1:
            return None
    return Candidate(kind, start, end, m, cue, rule, conf)


def reported_speech(doc: Doc, attitudes: bool = True) -> list[Candidate]:
    """Indirect-speech candidates, sentence by sentence."""
    tokens = doc.tokens
    quotes: SpanIndex[None] = SpanIndex((q.start, q.end, None) for q in doc.quotes if not q.nested)
    out: list[Candidate] = []
    for s_start, s_end in doc.sents:
        lo, hi = doc.tok(s_start), doc.tok(s_end)
        last_speaker: Mention | None = None
        i = lo
        while i < hi:
            tok = tokens[i]
            low = tok.low
            cand: Candidate | None = None
            if low == "according" and i + 1 < hi and tokens[i + 1].low == "to":
                cand = _according(doc, i, lo, hi)
            elif (low in CLAUSE_CUES or low in OBJECT_CUES or (attitudes and low in ATTITUDE_VERBS)) and not _in_quote(
                quotes, tok.start
            ):
                cand = _from_cue(doc, i, lo, hi, last_speaker)
            if cand is not None:
                out.append(cand)
                last_speaker = cand.mention
                if cand.mention is not None and cand.mention.kind == "person":
                    doc.table.add_subject(cand.mention.start, cand.mention.name)
            i += 1
    taken: SpanIndex[None] = SpanIndex((c.start, c.end, None) for c in out)
    for q in doc.quotes:
        taken.add(q.start, q.end, None)
    return out + evidential(doc, taken)


def _according(doc: Doc, i: int, lo: int, hi: int) -> Candidate | None:
    tokens = doc.tokens
    m = np_right(doc, i + 2, hi) or _source_phrase(doc, i + 2, hi)
    if m is None:
        return None
    k = i + 2
    while k < hi and tokens[k].text != ",":
        k += 1
    if i > lo and tokens[i - 1].text == "," and sum(t.is_word for t in tokens[k:hi]) >= 4:
        # mid-sentence "X, according to Y, Z": PolNeAR's content spans the sentence
        e = hi
        while e > lo and tokens[e - 1].text in (".", "!", "?", ";", ",", ":"):
            e -= 1
        return _cand(doc, lo, e, m, "according to", "according-to-mid", 0.7)
    if i > lo and tokens[i - 1].text == ",":
        return _cand(doc, lo, _content_end(tokens, lo, i - 1) if i - 1 > lo else lo, m,
                     "according to", "according-to-tail", 0.8)
    k = i + 2
    while k < hi and tokens[k].text != ",":
        k += 1
    if k + 1 >= hi:
        return None
    return _cand(doc, k + 1, _content_end(tokens, k + 1, hi), m, "according to", "according-to", 0.8)


def _source_phrase(doc: Doc, k: int, hi: int) -> Mention | None:
    """``according to [him | sources | early results of exit polls …]``: words up to a comma."""
    tokens = doc.tokens
    e = k
    while e < hi and e - k < 12 and (tokens[e].is_word or tokens[e].text in ("-", "'s", "’s", "’", "&")):
        e += 1
    if e == k:
        return None
    m = mention_from_tokens(doc.text, tokens[k:e], doc.table)
    return m if m.name else None


def _from_cue(doc: Doc, i: int, lo: int, hi: int, last: Mention | None) -> Candidate | None:
    tokens = doc.tokens
    tok = tokens[i]
    attitude = tok.low in ATTITUDE_VERBS and tok.low not in CLAUSE_CUES
    kind = "belief" if tok.low in BELIEF_VERBS and tok.low not in CLAUSE_CUES else "indirect"
    if _possessive_noun(tokens, i, lo):
        return None
    obj = tok.low in OBJECT_CUES and tok.low not in CLAUSE_CUES and not attitude
    if i > lo and tokens[i - 1].low in _BE and not (i >= 2 and tokens[i - 1].low == "as"):
        return None  # passive: "was told", "is expected"
    if i > lo and tokens[i - 1].low in ("the", "a", "an"):
        return None
    if i > lo and tokens[i - 1].low == "to" and not attitude:
        return _infinitive(doc, i, lo, hi, obj)
    if i + 1 < hi and tokens[i + 1].low == "by":
        return None  # passive participle: "proposed by Russia"
    if tok.is_cap and i > lo and tokens[i - 1].is_cap and not (i + 1 < hi and tokens[i + 1].is_cap):
        return None  # part of a name ("the United States has"), not a title-case headline

    rest = hi - i
    m = subject_of(doc, i, lo)
    if m is None and tok.low in CLAUSE_CUES and not tok.low.endswith("ing"):
        m = long_subject(doc, i, lo)
    if m is not None and m.end in doc.used_cues:
        return None  # this cue already attributes a quote
    # tail: "CLAUSE, X said (on Monday)." / "CLAUSE, said X."
    if tok.low in QUOTE_CUES and rest <= 10:
        if m is not None:
            si = doc.tok(m.start)
            if si - 1 > lo and tokens[si - 1].text == "," and _short_tail(tokens, i + 1, hi):
                return _cand(doc, lo, _content_end(tokens, lo, si - 1), m, tok.text, "tail-said", 0.8)
        elif i - 1 > lo and tokens[i - 1].text == ",":
            inv = np_right(doc, i + 1, hi)
            if inv is not None and _short_tail(tokens, doc.tok(inv.end), hi):
                return _cand(doc, lo, _content_end(tokens, lo, i - 1), inv, tok.text, "tail-inverted", 0.8)
    # parenthetical: "The plan, he said, is dead."
    if m is not None and tok.low in QUOTE_CUES and i + 1 < hi and tokens[i + 1].text == ",":
        si = doc.tok(m.start)
        if si - 1 > lo and tokens[si - 1].text == ",":
            return _cand(doc, lo, _content_end(tokens, lo, hi), m, tok.text, "parenthetical", 0.7)
    if m is None and tok.low.endswith("ing") and i > lo and tokens[i - 1].text == ",":
        m = last or sentence_subject(doc, tokens[lo].start, tok.start)
        rule = "participle"
    else:
        rule = "attitude" if attitude else "object" if obj else "said-that"
    if m is None:
        return None
    if attitude and tok.low in _WEAK_ATTITUDES:
        k = i + 1
        if not (k < hi and tokens[k].low == "that"):
            return None
    s = i + 1 if obj else _content_start(doc, i, hi)  # an object, never a relative "that"
    if s >= hi:
        return None
    e = _content_end(tokens, s, hi)
    if tokens[s].low in _TAIL_START and e - s <= 4:
        return None  # only an adverbial: "tweeted on Monday"
    if kind == "indirect" and rule == "said-that" and tokens[s].text[:1].isdigit() and tok.low not in QUOTE_CUES:
        return None  # "… gained 10 points": a figure, not reported speech
    return _cand(doc, s, e, m, tok.text, rule, 0.55 if attitude or obj else 0.8, kind)


def _infinitive(doc: Doc, i: int, lo: int, hi: int, obj: bool) -> Candidate | None:
    """``X promised to back [Cruz]`` / ``prompted Cooper to accuse [Bondi]``: the noun phrase before ``to``."""
    tokens = doc.tokens
    m = subject_of(doc, i - 1, lo)
    if m is not None and doc.tok(m.start) - 1 >= lo and tokens[doc.tok(m.start) - 1].low in ("in", "of", "at", "from", "for", "on"):
        m = None  # "the first Democrat in Congress to endorse": the sentence subject endorses
    if m is None and i - 2 >= lo and (tokens[i - 2].low in _CONTROL_VERBS or tokens[i - 2].is_cap):
        m = sentence_subject(doc, tokens[lo].start, tokens[i].start)  # "Cruz vowed to defend …"
    if m is None or m.kind == "unknown":
        return None
    s = i + 1 if obj else _content_start(doc, i, hi)
    if s >= hi:
        return None
    # "wants to / plans to / hopes to accuse X": an intention, not something said
    kind = "belief" if i - 2 >= lo and tokens[i - 2].low in BELIEF_VERBS else "indirect"
    return _cand(doc, s, _content_end(tokens, s, hi), m, tokens[i].text, "infinitive", 0.5 if obj else 0.6, kind)


_CONTROL_VERBS = frozenset(
    ["want", "wants", "wanted", "promised", "promises", "vowed", "vows", "pledged", "refused", "refuses",
     "declined", "decided", "plans", "planned", "tried", "tries", "agreed", "threatened", "hopes",
     "hoped", "intends", "intended", "sought", "seeks", "continues", "continued", "began", "begins",
     "moved", "rushed", "went", "came", "used", "urged", "asked", "called", "prompted", "forced", "helped", "first"]
)
_TAIL_START = frozenset(
    ["on", "in", "at", "during", "to", "last", "this", "after", "before", "from", "with", "via", "earlier", "later", "late", "early", "today", "yesterday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "recently", "privately", "publicly", "repeatedly", "also", "again", "afterward", "afterwards", "when", "while", "according"]
)


def _short_tail(tokens: list[Token], k: int, hi: int) -> bool:
    """Whether what follows an attribution is only a short adverbial before the sentence end."""
    words = 0
    for n, t in enumerate(tokens[k:hi]):
        if t.text in (",", ";", "“", "\"") or t.low == "that":
            return False
        if n == 0 and t.is_word and t.low not in _TAIL_START:
            return False
        words += t.is_word
    return words <= 8
