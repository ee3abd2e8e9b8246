"""The author's own check-worthy factual sentences (kind="statement") found in an article."""

from __future__ import annotations

import re

from factcheck.models import SegmentItem
from factcheck.segment.checkworthy import features, score_sentences
from factcheck.segment.spans import SpanIndex

__all__ = [
    "STATEMENT_THRESHOLD",
    "is_boilerplate",
    "is_byline",
    "is_hedged",
    "statement_items",
]

# A sentence becomes a statement item when its check-worthiness reaches this score. The
# scorer was fitted with both classes weighted equally, so 0.5 means "looks more like a
# sentence professional fact-checkers picked than one they skipped". Fixed a priori (not
# tuned on the held-out debates); raise it for fewer, surer items.
STATEMENT_THRESHOLD = 0.5

# Cues that make a sentence factual, in the order they are named in ``rule``.
FACT_CUES: tuple[str, ...] = (
    "vote", "number", "percent", "money", "year", "date", "number_word", "comparative",
    "superlative", "statistic", "action_claim",
)

_HEDGE = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|supposedly|reputedly|apparently|rumou?red"
    r"|(?:is|are|was|were|has been|have been) (?:said|believed|thought|understood|alleged"
    r"|rumou?red|reported) to"
    r"|according to (?:unconfirmed|unverified|unnamed|anonymous|media|local|some|several)"
    r"|unconfirmed reports?|it is (?:believed|understood|alleged|claimed|rumou?red)"
    r"|(?:media|press|news) reports?)\b",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^\s*(?:by|written by|reporting by|words by|edited by)\s+[A-Z]"
    r"|\bis an? (?:team of |group of )?(?:\w+ ){0,3}(?:journalists?|reporters?|correspondents?"
    r"|editors?|writers?|columnists?|contributors?|staff)\b"
    r"|\b(?:staff (?:writer|reporter)|contributed (?:to )?this report|contributed reporting"
    r"|news desk|editorial team)\b"
    r"|\b(?:follow|email|e-mail|contact) (?:him|her|them|us|the author)\b",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"\b(?:subscribe|subscription|sign up|newsletter|copyright|all rights reserved"
    r"|click here|read more|related:|advertisement|share this|follow us|download (?:our|the) app"
    r"|terms of (?:use|service)|privacy policy|cookies?|log ?in|register now"
    r"|photo(?:graph)?(?: by| credit|:)|image(?: by| credit|:)|credit:|getty images"
    r"|ap photo|reuters/|afp via|shutterstock|file photo)(?!\w)|©|\(c\) ?\d{4}",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*\s*$|[\"”]\s*$")
_QUESTION = re.compile(r"\?[\"'”’)\]]*\s*$")
_CARDINAL = re.compile(r"\b\d+(?:[.,]\d+)*\b")  # "9", "3.5", "2,000"; not "1st"


def is_hedged(text: str) -> bool:
    """True when the sentence distances itself from its claim ("reportedly", "is said to")."""
    return _HEDGE.search(text) is not None


def is_byline(text: str) -> bool:
    """True for author lines and staff blurbs ("By Jane Roe", "X is a team of journalists")."""
    return _BYLINE.search(text) is not None


def is_boilerplate(text: str) -> bool:
    """True for page furniture: subscribe/copyright/"Click here"/photo credits."""
    return _BOILERPLATE.search(text) is not None


def _is_headline(text: str, start: int, end: int, article: str) -> bool:
    """A whole line without terminal punctuation (titles, subtitles, section heads)."""
    line_start = article.rfind("\n", 0, start) + 1
    line_end = article.find("\n", end)
    line = article[line_start : len(article) if line_end < 0 else line_end]
    return line.strip() == text and _TERMINAL.search(text) is None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    start, end = max(start, 0), min(end, len(text))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _overlaps(start: int, end: int, taken: SpanIndex[None]) -> bool:
    return any(taken.overlapping(start, end))


def _rule(cues: dict[str, float]) -> str:
    fired = [name for name in FACT_CUES if cues.get(name)]
    if cues.get("named_entity", 0.0) >= 2 / 3:
        fired.append("named_entity")
    return "statement:" + ("+".join(fired[:4]) if fired else "model")


def statement_items(
    text: str,
    sentence_spans: list[tuple[int, int]],
    taken: list[tuple[int, int]],
) -> list[SegmentItem]:
    """Check-worthy author sentences as ``SegmentItem(kind="statement")``, in text order.

    Skips sentences overlapping ``taken`` (quotes, reported speech), bylines, boilerplate,
    questions, headlines without a factual cue, and sentences scoring below
    ``STATEMENT_THRESHOLD``. Offsets are exact: ``text[item.start:item.end] == item.text``.
    """
    taken_index: SpanIndex[None] = SpanIndex((a, b, None) for a, b in taken)
    candidates: list[tuple[int, int, str, dict[str, float]]] = []
    for raw_start, raw_end in sorted(sentence_spans):
        start, end = _trim(text, raw_start, raw_end)
        sentence = text[start:end]
        if not sentence or _overlaps(start, end, taken_index):
            continue
        if _QUESTION.search(sentence) or is_byline(sentence) or is_boilerplate(sentence):
            continue
        cues = features(sentence)
        if cues["short"] or cues["crosstalk"]:
            continue
        if _is_headline(sentence, start, end, text) and not (
            _CARDINAL.search(sentence) or any(cues[n] for n in ("vote", "percent", "money"))
        ):
            continue
        candidates.append((start, end, sentence, cues))
    scores = score_sentences([sentence for _, _, sentence, _ in candidates])
    items: list[SegmentItem] = []
    for (start, end, sentence, cues), score in zip(candidates, scores, strict=True):
        if score < STATEMENT_THRESHOLD:
            continue
        items.append(
            SegmentItem(
                kind="statement",
                text=sentence,
                start=start,
                end=end,
                speaker="",
                speaker_type="unknown",
                rule=_rule(cues),
                checkworthiness=score,
                hedged=is_hedged(sentence),
            )
        )
    return items
