"""Attribution cascade for quotes: who said each quoted span, which cue, and which rule fired."""

from __future__ import annotations

from bisect import bisect_right

from factcheck.segment.clauses import (
    Candidate,
    Doc,
    is_cue,
    long_subject,
    np_right,
    sentence_subject,
    subject_of,
)
from factcheck.segment.lexicon import ATTITUDE_VERBS, QUOTE_CUES, SPEECH_VERBS, SUBJECT_PRONOUNS
from factcheck.segment.speakers import Mention, mention_from_tokens, np_chunk_left
from factcheck.segment.tokens import is_abbrev_dot

_PARTIAL_EXTRA = frozenset(
    ["express", "expressed", "expresses", "expressing", "propose", "proposed", "proposes", "proposing", "call", "called", "calls", "calling", "label", "labeled", "labelled", "labels", "labeling", "dub", "dubbed", "dubs", "dubbing", "term", "termed", "terms", "describe", "described", "describes", "describing", "brand", "branded", "refer", "referred", "refers", "referring", "promise", "promised", "vow", "vowed", "decry", "decried", "slam", "slammed", "blast", "blasted"]
)
_INVERTED_ONLY = frozenset({"read", "reads", "wrote", "writes", "tweeted", "posted"})  # ``…,” read the email``
_STOP_POST = frozenset({".", "!", "?", ";", "“", "«", "(", ")"})


def _para_index(doc: Doc, offset: int) -> int:
    return max(bisect_right(doc.paras, offset, key=lambda p: p[0]) - 1, 0)  # no per-call list: O(log n)


def _post_attribution(doc: Doc, k: int, hi: int) -> tuple[Mention, str, str] | None:
    """``…,” X said`` / ``…,” said X`` / headline ``'…,' X tells Y`` right after a quote."""
    tokens = doc.tokens
    while k < hi and tokens[k].text in (",", "—", "–", "-"):
        k += 1
    if k >= hi:
        return None
    if tokens[k].low in QUOTE_CUES or tokens[k].low in _INVERTED_ONLY:
        m = np_right(doc, k + 1, hi)
        if m is not None:
            return m, tokens[k].text, "post-inverted"
        return None
    if tokens[k].low.endswith("ed") and not tokens[k].is_cap and k + 1 < hi and tokens[k + 1].is_cap:
        m = np_right(doc, k + 1, hi)  # "…” reacted Trump." / "…,” remembered Roy Verley, HP's …"
        after = doc.tok(m.end) if m is not None else hi
        if m is not None and m.kind == "person" and (after >= hi or tokens[after].text in (",", ".")):
            return m, tokens[k].text, "post-inverted"
    for c in range(k + 1, min(hi, k + 25)):
        if tokens[c].low in QUOTE_CUES and tokens[c - 1].text == "," and c - k > 2:
            m = np_right(doc, c + 1, hi)  # "…” if she didn't win by more, said David Wasserman"
            if m is not None and m.kind == "person":
                return m, tokens[c].text, "post-inverted"
        if tokens[c].low in QUOTE_CUES or tokens[c].low in ("according", "read", "reads"):
            m = subject_of(doc, c, k)
            if m is not None and tokens[k].start <= m.start <= tokens[min(k + 2, c - 1)].start:
                return m, tokens[c].text, "post-said"
            if m is not None and m.kind == "person" and c - k <= 8 and all(t.is_word for t in tokens[k : doc.tok(m.start)]):
                return m, tokens[c].text, "post-said-far"  # "former George W. Bush speechwriter Noam Neusner wrote"
            # a long or appositive subject: "Jeffrey Lewis of the Center … wrote", "Blunt, after a pause, said"
            m = np_right(doc, k, c) if tokens[k].is_cap or tokens[k].low in ("the", "a", "an", "his", "her", "their") else None
            if m is not None and m.kind != "unknown":
                return m, tokens[c].text, "post-said-far"
            return None
        if tokens[c].text in (".", "!", "?", ";", ":", "“", "”", "\"", "(") and not is_abbrev_dot(tokens, c):
            break
    return _post_any_verb(doc, k, hi)


def _post_any_verb(doc: Doc, k: int, hi: int) -> tuple[Mention, str, str] | None:
    """``…,” he points out`` / ``…” Trump went on``: a subject and a past/present verb form."""
    tokens = doc.tokens
    m = np_right(doc, k, hi)
    if m is None or (m.kind not in ("person", "organization", "country", "generic") and tokens[k].low not in SUBJECT_PRONOUNS):
        return None
    v = k
    while v < hi and tokens[v].end <= m.end:
        v += 1
    if v >= hi:
        return None
    verb = tokens[v]
    if (verb.is_word and not verb.is_cap and verb.low.endswith(("s", "ed")) and not verb.low.endswith("ss")) or verb.low in ("went", "wrote", "spoke", "put", "shot", "fired", "took"):
        return m, verb.text, "post-verb"
    return None


def _colon_subject(doc: Doc, lo: int, colon: int) -> Mention | None:
    """Subject of a sentence ending with a colon: the name before its first ``-ed``/``-s`` verb."""
    tokens = doc.tokens
    for v in range(lo + 1, colon):
        t = tokens[v]
        if t.is_word and not t.is_cap and t.low.endswith(("ed", "s")) and tokens[v - 1].is_cap:
            rng = np_chunk_left(tokens, v - 1, lo)
            return mention_from_tokens(doc.text, tokens[rng[0] : rng[1] + 1], doc.table) if rng else None
        if t.text in (",", ";"):
            break
    return sentence_subject(doc, tokens[lo].start, tokens[colon].start)


def _dash_line(doc: Doc, para: int) -> tuple[Mention, str, str] | None:
    """A quote paragraph signed by the next one: ``- Hillary Clinton.`` / ``—President Obama, tweeting …``."""
    if para + 1 >= len(doc.paras):
        return None
    start, end = doc.paras[para + 1]
    k = doc.tok(start)
    tokens = doc.tokens
    if k + 1 >= len(tokens) or tokens[k].text not in ("-", "—", "–") or tokens[k].start >= end:
        return None
    m = np_right(doc, k + 1, doc.tok(end))
    return (m, "—", "post-dash") if m is not None and m.kind == "person" else None


def _pre_attribution(doc: Doc, lo: int, qi: int, cap: bool) -> tuple[Mention, str, str] | None:
    """``X said: “…”`` / ``X said, “…”`` / ``X: “…”`` / ``X said “Capitalised…”``."""
    tokens = doc.tokens
    if qi - 1 < lo:
        return None
    last = tokens[qi - 1]
    if last.text in (":", ","):
        for c in range(qi - 2, max(lo - 1, qi - 14), -1):
            if tokens[c].low in QUOTE_CUES or (last.text == ":" and tokens[c].low in SPEECH_VERBS):
                m = subject_of(doc, c, lo)
                if m is None and tokens[c].low.endswith("ing"):
                    m = sentence_subject(doc, tokens[lo].start, tokens[c].start)
                if m is None:
                    m = long_subject(doc, c, lo)  # "James A. Lewis, a former … expert, said, “…”"
                if m is not None:
                    return m, tokens[c].text, "pre-colon" if last.text == ":" else "pre-comma"
                break
        if last.text == ":":
            rng = np_chunk_left(tokens, qi - 2, lo)
            if rng is not None and rng[0] == lo:
                return mention_from_tokens(doc.text, tokens[rng[0] : rng[1] + 1], doc.table), ":", "colon-speaker"
            m = _colon_subject(doc, lo, qi - 1)  # "Trump issued the following statement:"
            if m is not None and m.kind in ("person", "organization") and qi - lo <= 25:
                return m, ":", "colon-subject"
        return None
    if cap and last.low in QUOTE_CUES:
        m = subject_of(doc, qi - 1, lo)
        if m is not None:
            return m, last.text, "pre-cue"
    return None


def _colon_inverted(doc: Doc, qi: int) -> tuple[Mention, str, str] | None:
    """``Stated Stone:`` / ``Said Trump:`` just before the quote."""
    tokens = doc.tokens
    lo = doc.tok(doc.sentence_of(tokens[qi - 1].start)[0])
    if tokens[lo].low in QUOTE_CUES and qi - 1 - lo <= 6:
        m = np_right(doc, lo + 1, qi - 1)
        if m is not None:
            return m, tokens[lo].text, "pre-inverted"
    return None


def _partial_speaker(doc: Doc, lo: int, qi: int) -> tuple[Mention, str, str] | None:
    """The clause subject for a quote embedded in a sentence (not the nearest name)."""
    tokens = doc.tokens
    participle = ""
    for c in range(qi - 1, lo - 1, -1):
        tok = tokens[c]
        if tok.low in SPEECH_VERBS or tok.low in ATTITUDE_VERBS or tok.low in _PARTIAL_EXTRA:
            m = subject_of(doc, c, lo)
            if m is None and (tok.low.endswith("ing") or tokens[c - 1].low in ("and", "but")):
                participle = participle or tok.text
                continue
            if m is not None:
                return m, participle or tok.text, "partial-cue"
    m = sentence_subject(doc, tokens[lo].start if lo < len(tokens) else 0, tokens[qi].start)
    if m is not None:
        return m, "", "partial-subject"
    return None


def _has_cue(doc: Doc, lo: int, hi: int) -> bool:
    return any(is_cue(doc.tokens[i], True) or doc.tokens[i].low in _PARTIAL_EXTRA for i in range(lo, hi))


def _is_title(inner: str) -> bool:
    words = [w for w in inner.split() if w[:1].isalpha()]
    if not words or len(words) > 8 or inner.rstrip()[-1:] in ".!?,":
        return False
    small = {"of", "the", "a", "an", "and", "in", "on", "for", "to", "with", "at", "by", "or"}
    return all(w[0].isupper() or w in small for w in words) and words[0][0].isupper()


def attribute_quotes(doc: Doc) -> list[Candidate]:
    """One candidate per quote (split and same-paragraph quotes joined), in text order."""
    tokens = doc.tokens
    out: list[Candidate] = []
    quotes = [q for q in doc.quotes if not q.nested]
    for n, q in enumerate(quotes):
        inner = doc.text[q.inner_start : q.inner_end].strip()
        if not inner:
            continue
        s_start, s_end = doc.sentence_of(q.start)
        para = _para_index(doc, q.end - 1)  # a multi-paragraph quote is attributed after its end
        pend = doc.paras[para][1]
        prev_q = quotes[n - 1] if n else None
        lo_off = max(s_start, prev_q.end if prev_q and prev_q.end <= q.start else 0)
        lo, qi, qend = doc.tok(lo_off), doc.tok(q.start), doc.tok(q.end)
        next_start = quotes[n + 1].start if n + 1 < len(quotes) else len(doc.text)
        hi = qend
        while hi < len(tokens) and tokens[hi].start < min(pend, next_start) and (
            tokens[hi].text not in _STOP_POST or is_abbrev_dot(tokens, hi)
        ):
            hi += 1
        cap = inner[:1].isupper() or not inner[:1].isalpha()
        n_words = len(inner.split())
        pre_empty = qi <= lo or all(not t.is_word for t in tokens[lo:qi])
        found = _post_attribution(doc, qend, hi) or _dash_line(doc, para)
        pre = _pre_attribution(doc, lo, qi, cap)
        if pre is None and pre_empty and qi > 0 and tokens[qi - 1].text == ":" and (prev_q is None or prev_q.end <= tokens[qi - 1].start):
            # "Stated Stone:" / "He told his audience:" closing the previous paragraph
            pre = _pre_attribution(doc, doc.tok(doc.sentence_of(tokens[qi - 1].start)[0]), qi, True) or _colon_inverted(doc, qi)
        before = tokens[qi - 1] if qi > 0 else None
        direct = pre_empty or pre is not None or (
            before is not None and (before.text == ":" or (cap and (before.text == "," or before.low in QUOTE_CUES)))
        )
        if not direct:
            s_lo, s_hi = doc.tok(s_start), doc.tok(s_end)
            if n_words <= 4 and not _has_cue(doc, s_lo, s_hi):
                continue  # scare quote or mention
            if _is_title(inner) and (qi == 0 or tokens[qi - 1].low not in QUOTE_CUES):
                continue
            got = found or _partial_speaker(doc, doc.tok(s_start), qi)
            cand = Candidate("partial", q.start, q.end, rule="partial", confidence=0.6, paragraph=para)
            if got is not None:
                cand.mention, cand.cue, cand.rule = got[0], got[1], got[2] if not found else "partial-post"
                cand.confidence = 0.75
            out.append(cand)
            continue
        if found is None and pre is None and _is_title(inner):
            continue
        if found is None and pre is None and n_words <= 2 and not inner.rstrip().endswith((",", ".", "?", "!")):
            continue
        got = found or pre
        if got is None and not pre_empty:
            got = _partial_speaker(doc, lo, qi)
        cand = Candidate("direct", q.start, q.end, paragraph=para, confidence=0.3, rule="unattributed")
        if got is not None:
            cand.mention, cand.cue, cand.rule, cand.confidence = got[0], got[1], got[2], 0.9
        else:
            _inherit(doc, cand, out, para)
        if cand.mention is not None and cand.mention.kind == "person":
            doc.table.add_subject(cand.mention.start, cand.mention.name)
        for att in (found, pre):
            if att is not None:
                doc.used_cues.add(att[0].end)
        out.append(cand)
    return _join(doc, out)


def _inherit(doc: Doc, cand: Candidate, prior: list[Candidate], para: int) -> None:
    """Floating quote: the previous quote's speaker, else the previous sentence's subject."""
    prev = next((c for c in reversed(prior) if c.kind == "direct"), None)
    if prev is not None and prev.mention is not None and para - prev.paragraph <= 1:
        gap = doc.text[prev.end : cand.start]
        if len(gap.split()) <= 40:
            cand.mention, cand.cue = prev.mention, prev.cue
            cand.rule = "continuation" if prev.paragraph == para else "floating"
            cand.confidence = 0.75 if prev.paragraph == para else 0.6
            return
    s_start, _ = doc.sentence_of(cand.start)
    if s_start > doc.paras[para][0]:
        prev_s = doc.sentence_of(s_start - 1)
        m = sentence_subject(doc, prev_s[0], prev_s[1])
        if m is not None and m.kind in ("person", "organization"):
            cand.mention, cand.rule, cand.confidence = m, "floating-subject", 0.5


def _join(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """Join direct quotes of one speaker within one paragraph into one utterance (PolNeAR style)."""
    out: list[Candidate] = []
    for c in cands:
        prev = out[-1] if out else None
        if (
            prev is not None and c.kind == "direct" and prev.kind == "direct"
            and c.paragraph == prev.paragraph and prev.mention is not None
            and (c.mention is None or c.mention.name == prev.mention.name)
            and (c.rule == "continuation" or len(doc.text[prev.end : c.start].split()) <= 25)
        ):
            if c.mention is not None and prev.rule in ("unattributed", "floating", "floating-subject"):
                prev.mention, prev.cue, prev.rule = c.mention, c.cue, c.rule
            prev.end = c.end
            continue
        out.append(c)
    return out
