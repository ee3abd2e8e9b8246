"""Model-free segmenter: quotes, partial quotes, reported speech and beliefs with speakers, plus sentences.

Kinds: ``direct``/``partial``/``indirect`` are things a source said or wrote; ``belief`` is a thought,
intention or attitude (think, hope, plan, fear …), never counted as a quote; ``statement`` is the
author's own. Page boilerplate (``factcheck.segment.boilerplate``) is blanked first: never an item.

Public API::

    segment(text, *, statements=True, parser=False) -> list[SegmentItem]   # sorted by start
    sentences(text) -> list[tuple[int, int]]                 # pysbd per paragraph, exact offsets
    segment_with_sentences(text) -> (items, sentence spans)  # both, the sentences split once
    speaker_aliases(text) -> dict[str, list[str]]            # canonical speaker -> surface forms

Invariants: ``text[item.start:item.end] == item.text``; items never overlap unless nested,
and a nested item's ``parent`` is the index of its innermost enclosing item in the list.
"""

from __future__ import annotations

from dataclasses import replace

from factcheck.models import SegmentItem
from factcheck.segment.attribution import attribute_quotes
from factcheck.segment.boilerplate import blank_boilerplate
from factcheck.segment.clauses import Candidate, Doc, build_doc, sentence_subject
from factcheck.segment.reported import reported_speech
from factcheck.segment.sentences import sentences
from factcheck.segment.spans import SpanIndex

__all__ = ["ATTRIBUTION_KINDS", "QUOTE_KINDS", "segment", "segment_with_sentences", "sentences",
           "speaker_aliases"]

_PRIORITY = {"direct": 0, "indirect": 1, "belief": 1, "partial": 2}
ATTRIBUTION_KINDS: tuple[str, ...] = ("direct", "partial", "indirect", "belief")
QUOTE_KINDS: tuple[str, ...] = ("direct", "partial", "indirect")


def _nested(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether one span strictly contains the other."""
    if a == b:
        return False
    return (a[0] <= b[0] and b[1] <= a[1]) or (b[0] <= a[0] and a[1] <= b[1])


def _resolve(cands: list[Candidate]) -> list[Candidate]:
    """Keep candidates by priority; drop any that partially overlap an accepted one."""
    accepted: list[Candidate] = []
    index: SpanIndex[Candidate] = SpanIndex()  # the accepted spans, for near-linear overlap tests
    for c in sorted(cands, key=lambda c: (_PRIORITY.get(c.kind, 3), c.start, -c.end)):
        span = (c.start, c.end)
        near = [a for _, _, a in index.overlapping(c.start, c.end)]
        if c.kind in ("indirect", "belief") and any(
            a.kind == "direct" and a.rule.startswith(("pre", "post")) for a in near
        ):
            continue
        if all(_nested(span, (a.start, a.end)) for a in near):
            accepted.append(c)
            index.add(c.start, c.end, c)
    accepted.sort(key=lambda c: (c.start, -c.end))
    return accepted


def _parents(spans: list[tuple[int, int]]) -> list[int | None]:
    """Index of the innermost enclosing span for each span (list sorted by start, -end)."""
    parents: list[int | None] = []
    stack: list[int] = []
    for i, (s, e) in enumerate(spans):
        while stack and not (spans[stack[-1]][0] <= s and e <= spans[stack[-1]][1]):
            stack.pop()
        parents.append(stack[-1] if stack else None)
        stack.append(i)
    return parents


def _to_items(doc: Doc, cands: list[Candidate]) -> list[SegmentItem]:
    spans = [(c.start, c.end) for c in cands]
    parents = _parents(spans)
    items: list[SegmentItem] = []
    for c, parent in zip(cands, parents, strict=True):
        kind = c.kind
        mention, cue, rule = c.mention, c.cue, c.rule
        if parent is not None and kind == "direct":
            kind = "partial"
        if parent is not None and kind == "partial":
            outer = cands[parent]
            cue_inside = rule == "partial-cue" and doc.text.find(cue, outer.start, c.start) >= 0
            if outer.mention is not None and not cue_inside:
                mention, cue, rule = outer.mention, outer.cue, "partial-in-" + outer.rule
        items.append(SegmentItem(
            kind=kind, text=doc.text[c.start : c.end], start=c.start, end=c.end,
            speaker=mention.name if mention else "",
            speaker_type=mention.kind if mention else "unknown",
            speaker_start=mention.start if mention else None,
            speaker_end=mention.end if mention else None,
            cue=cue, rule=rule, confidence=round(c.confidence, 2), parent=parent,
        ))
    return items


def _record_subjects(doc: Doc) -> None:
    quotes: SpanIndex[None] = SpanIndex((q.start, q.end, None) for q in doc.quotes)
    for s, e in doc.sents:
        if any(quotes.containing(s)):
            continue
        m = sentence_subject(doc, s, e)
        if m is not None and m.kind == "person" and m.name:
            doc.table.add_subject(m.start, m.name)


def _attributions(text: str) -> tuple[Doc, list[Candidate]]:
    doc = build_doc(text)
    _record_subjects(doc)
    cands = attribute_quotes(doc) + reported_speech(doc)
    return doc, _resolve(cands)


def _statements(text: str, items: list[SegmentItem], spans: list[tuple[int, int]]) -> list[SegmentItem]:
    try:
        from factcheck.segment.statements import statement_items
    except ImportError:
        return []
    taken = [(it.start, it.end) for it in items]
    found = statement_items(text, spans, taken)
    index: SpanIndex[None] = SpanIndex((a, b, None) for a, b in taken)
    return [
        s for s in found
        if text[s.start : s.end] == s.text
        and all(_nested((s.start, s.end), (a, b)) for a, b, _ in index.overlapping(s.start, s.end))
    ]


def segment(text: str, *, statements: bool = True, parser: bool = False) -> list[SegmentItem]:
    """Quotes (direct, partial), reported speech (indirect) and optionally author statements.

    ``parser=True`` adds the optional spaCy layer (``factcheck.segment.parser``; InputError if absent).
    """
    return _segment(text, statements=statements, parser=parser, want_sentences=False)[0]


def segment_with_sentences(text: str) -> tuple[list[SegmentItem], list[tuple[int, int]]]:
    """``segment(text)`` and ``sentences(text)`` together (what ingest needs of an article, in one
    job for a helper process): the sentences are split once when the text has no boilerplate."""
    items, spans = _segment(text, statements=True, parser=False, want_sentences=True)
    return items, spans or []


def _segment(text: str, *, statements: bool, parser: bool,
             want_sentences: bool) -> tuple[list[SegmentItem], list[tuple[int, int]] | None]:
    """The items of ``text`` and, with ``want_sentences``, its sentence spans (else None)."""
    if parser:
        from factcheck.segment.parser import load_model

        load_model()
    if not text or not text.strip():
        return [], [] if want_sentences else None
    original, text = text, blank_boilerplate(text)
    doc, cands = _attributions(text)
    items = _to_items(doc, cands)
    if parser:
        from factcheck.segment.parser import parser_items

        items = parser_items(text, items, doc.table)
    spans = sentences(text) if statements or want_sentences else []
    if statements:
        extra = _statements(text, items, spans)
        if extra:
            merged = sorted(items + extra, key=lambda it: (it.start, -it.end))
            parents = _parents([(it.start, it.end) for it in merged])
            items = [replace(it, parent=p) for it, p in zip(merged, parents, strict=True)]
    if want_sentences and original is not text:
        spans = sentences(original)  # the boilerplate was blanked for segmenting, not for scoring
    if original is not text:
        items = [replace(it, text=original[it.start : it.end]) for it in items]
    return items, spans if want_sentences else None


def speaker_aliases(text: str) -> dict[str, list[str]]:
    """Canonical speaker name -> the surface forms used for it in ``text`` (for a speaker table)."""
    doc, _ = _attributions(blank_boilerplate(text))
    return doc.table.alias_list()
