"""Article context (tokens, sentences, quotes, speakers) and subject/object finding around cues."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace

from factcheck.segment.lexicon import (
    ATTITUDE_VERBS,
    CUE_ADVERBS,
    DOCUMENT_HEADS,
    PRONOUNS,
    SPEECH_VERBS,
    TITLES,
)
from factcheck.segment.quotes import Quote, scan_quotes
from factcheck.segment.sentences import paragraphs
from factcheck.segment.speakers import (
    Mention,
    SpeakerTable,
    build_table,
    mention_from_tokens,
    np_chunk_left,
)
from factcheck.segment.tokens import (
    Token,
    fast_sentences,
    index_at,
    is_abbrev_dot,
    starts_of,
    tokenize,
)

_TIME_WORDS = frozenset(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "morning", "afternoon", "evening", "night", "week", "weekend", "month", "year", "today", "yesterday", "earlier", "later", "recently"]
)
_QUANTIFIERS = frozenset(
    ["most", "some", "many", "all", "both", "none", "each", "one", "two", "three", "several", "few", "half", "any", "either", "neither"]
)
_LOW_MODS = frozenset({"former", "retired", "late", "outgoing", "incoming", "acting", "then-candidate", "then-president"})
_CLAUSE_PUNCT = frozenset({",", ".", ";", ":", "!", "?", "(", ")", "—", "–", "“", "”", "\"", "''"})


@dataclass
class Doc:
    """Everything the rules need about one article, computed once."""

    text: str
    tokens: list[Token]
    starts: list[int]
    paras: list[tuple[int, int]]
    sents: list[tuple[int, int]]
    quotes: list[Quote]
    table: SpeakerTable
    sent_starts: list[int] = field(default_factory=list)
    used_cues: set[int] = field(default_factory=set)  # speaker-mention ends already used by quotes

    def sentence_of(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self.sent_starts, offset) - 1
        return self.sents[max(i, 0)] if self.sents else (0, len(self.text))

    def tok(self, offset: int) -> int:
        return index_at(self.starts, offset)


def build_doc(text: str) -> Doc:
    tokens = tokenize(text)
    paras = paragraphs(text)
    sents = fast_sentences(text, tokens, paras)
    doc = Doc(text, tokens, starts_of(tokens), paras, sents, scan_quotes(text, paras),
              build_table(text, tokens))
    doc.sent_starts = [s for s, _ in sents]
    return doc


def is_cue(tok: Token, attitudes: bool = False) -> bool:
    return tok.low in SPEECH_VERBS or (attitudes and tok.low in ATTITUDE_VERBS)


def _skip_adverbs_left(tokens: list[Token], j: int, lo: int) -> int:
    while j >= lo:
        low = tokens[j].low
        if low in CUE_ADVERBS and low not in PRONOUNS:
            j -= 1
        elif low in _TIME_WORDS and j - 1 >= lo and tokens[j - 1].low in ("on", "last", "this", "late", "early"):
            j -= 2
        else:
            break
    return j


def subject_of(doc: Doc, ci: int, lo: int) -> Mention | None:
    """The subject mention of the cue at token ``ci``, looking no further left than ``lo``."""
    tokens = doc.tokens
    j = ci - 1
    if ci >= 2 and tokens[ci - 1].low == "as" and tokens[ci - 2].low == "quoted":
        j = ci - 3
    j = _skip_adverbs_left(tokens, j, lo)
    if j < lo:
        return None
    if tokens[j].text == ",":
        return _appositive_subject(doc, j, lo)
    if tokens[j].low in ("who", "which", "that"):
        return _antecedent(doc, j, lo)
    if tokens[j].low in ("them", "us", "those") and j - 2 >= lo and tokens[j - 1].low == "of" and (
        tokens[j - 2].low in _QUANTIFIERS
    ):
        start, end = tokens[j - 2].start, tokens[j].end  # "most of them said"
        return Mention(start, end, doc.text[start:end], doc.text[start:end], "generic")
    rng = np_chunk_left(tokens, j, lo)
    if rng is None:
        return None
    return mention_from_tokens(doc.text, tokens[rng[0] : rng[1] + 1], doc.table)


def _appositive_subject(doc: Doc, comma: int, lo: int) -> Mention | None:
    tokens = doc.tokens
    k = comma - 1
    while k >= lo and (tokens[k].text not in _CLAUSE_PUNCT or is_abbrev_dot(tokens, k)) and comma - k <= 14:
        k -= 1
    if k < lo or tokens[k].text != "," or comma - k < 2:
        return None
    left = np_chunk_left(tokens, k - 1, lo)
    appos = np_chunk_left(tokens, comma - 1, k + 1)
    if left is None:
        return None
    left_toks = tokens[left[0] : left[1] + 1]
    if appos is not None and appos[0] == k + 1 and tokens[comma - 1].is_cap and not left_toks[-1].is_cap:
        return mention_from_tokens(doc.text, tokens[appos[0] : appos[1] + 1], doc.table)
    return mention_from_tokens(doc.text, left_toks, doc.table)


def _antecedent(doc: Doc, j: int, lo: int) -> Mention | None:
    tokens = doc.tokens
    k = j - 1
    if k >= lo and tokens[k].text == ",":
        k -= 1
    if tokens[j].low in ("that", "which"):
        for b in range(k, max(lo, k - 8), -1):  # "a resolution proposed by Russia that called for …": Russia
            if tokens[b].low == "by" and tokens[b - 1].low.endswith(("ed", "en", "wn")):
                agent = np_right(doc, b + 1, j)
                if agent is not None and agent.kind in ("person", "organization", "country", "generic"):
                    return agent
                break
        for m in range(k, max(lo - 1, k - 8), -1):
            if tokens[m].low in DOCUMENT_HEADS:
                rng = np_chunk_left(tokens, m, lo)
                if rng is not None:
                    return mention_from_tokens(doc.text, tokens[rng[0] : rng[1] + 1], doc.table)
    rng = np_chunk_left(tokens, k, lo)
    if rng is None:
        return None
    ante = mention_from_tokens(doc.text, tokens[rng[0] : rng[1] + 1], doc.table)
    # the mention runs to the relative pronoun: "Graham, who says" (PolNeAR marks "who" as source)
    return replace(ante, end=tokens[j].end, text=doc.text[ante.start : tokens[j].end])


def np_right(doc: Doc, i: int, hi: int) -> Mention | None:
    """A mention starting at token ``i`` (``said Kevin Madden``, ``said the Russian leader``)."""
    tokens = doc.tokens
    if i >= hi:
        return None
    tok = tokens[i]
    if tok.low in PRONOUNS and tok.low not in ("him", "them", "us", "me", "it", "you"):
        return mention_from_tokens(doc.text, [tok], doc.table)
    j = i
    lead = tok.low in _LOW_MODS and i + 1 < hi and tokens[i + 1].is_cap  # "said former Gov. Howard Dean"
    if (tok.is_cap and tok.is_word) or lead:
        while j + 1 < hi and (
            (tokens[j + 1].is_cap and tokens[j + 1].is_word)
            or (tokens[j + 1].low in TITLES and j + 2 < hi and tokens[j + 2].is_cap)
            or (tokens[j + 1].text == "." and (tokens[j].low in TITLES or len(tokens[j].text) == 1) and tokens[j].end == tokens[j + 1].start)
            or (tokens[j + 1].low in ("of", "de", "al", "bin") and j + 2 < hi and tokens[j + 2].is_cap)
        ):
            j += 1
        return mention_from_tokens(doc.text, tokens[i : j + 1], doc.table)
    if tok.low in ("the", "a", "an", "his", "her", "their", "its", "one", "another"):
        while j + 1 < hi and j - i < 6 and tokens[j + 1].is_word and tokens[j + 1].low not in (
            "that", "who", "which", "on", "in", "at", "to", "during", "after", "before", "and", "but", "when", "while", "as",
        ):
            j += 1
        if j > i:
            return mention_from_tokens(doc.text, tokens[i : j + 1], doc.table)
    return None


_GAP_STOP = frozenset({";", ":", "“", "”", "\"", "(", "that", "is", "are", "was", "were", "has", "have", "had", "will", "would", "and", "but"})


def long_subject(doc: Doc, ci: int, lo: int) -> Mention | None:
    """``Marley Anderson, 21, a junior from Las Vegas, said``: the noun phrase opening the clause."""
    tokens = doc.tokens
    first = lo
    if first < ci and tokens[first].low in ("but", "and", "still", "yet", "so", "meanwhile"):
        first += 1
    if ci - first > 40 or first >= ci:
        return None
    m = np_right(doc, first, ci)
    if m is None or m.kind not in ("person", "organization", "country", "generic", "document"):
        return None
    k = doc.tok(m.end)
    if k >= ci or not (tokens[k].text == "," or tokens[k].low in ("of", "to", "at", "in", "from", "for", "with")):
        return None
    if tokens[ci - 1].text != "," and tokens[k].text == ",":
        return None  # "X, meanwhile, the party said": the subject is next to the cue
    if any(t.low in _GAP_STOP or is_cue(t, True) for t in tokens[k:ci]):
        return None
    return m


def sentence_subject(doc: Doc, s_start: int, limit: int) -> Mention | None:
    """The first noun phrase of the sentence at ``s_start`` that is followed by a verb-like word."""
    tokens = doc.tokens
    i = doc.tok(s_start)
    hi = doc.tok(limit)
    # skip an introductory phrase ending with a comma ("On Monday, ...")
    for k in range(i, min(hi, i + 12)):
        if tokens[k].text == "," and k + 1 < hi and (tokens[k + 1].is_cap or tokens[k + 1].low in PRONOUNS):
            if tokens[i].low in ("on", "in", "at", "after", "before", "since", "during", "speaking", "asked", "when", "while", "last", "earlier", "later", "still", "but", "and", "meanwhile", "however", "yet", "for", "with", "as"):
                i = k + 1
            break
    if i < hi and tokens[i].low in ("but", "and", "still", "yet", "so", "meanwhile"):
        i += 1
    if i >= hi:
        return None
    if tokens[i].low in PRONOUNS:
        return mention_from_tokens(doc.text, [tokens[i]], doc.table)
    first = i
    if tokens[i].low == "the" and i + 1 < hi and tokens[i + 1].is_cap:
        i += 1
    if not (tokens[i].is_cap and tokens[i].is_word):
        return None
    j = i
    while j + 1 < hi:
        t = tokens[j + 1]
        if (t.is_word and t.is_cap) or (t.text == "." and tokens[j].low in TITLES and tokens[j].end == t.start):
            j += 1
        else:
            break
    nxt = tokens[j + 1] if j + 1 < hi else None
    if nxt is None or not nxt.is_word or nxt.is_cap:
        return None
    return mention_from_tokens(doc.text, tokens[first : j + 1], doc.table)


@dataclass
class Candidate:
    """An item before overlap resolution: offsets into the article, plus its attribution."""

    kind: str
    start: int
    end: int
    mention: Mention | None = None
    cue: str = ""
    rule: str = ""
    confidence: float = 0.5
    paragraph: int = -1
