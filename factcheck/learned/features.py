"""Features of one attribution item from the tagger's per-piece role probabilities, and tagger proposals."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from factcheck.learned.head import role_probs
from factcheck.models import SegmentItem

Floats = npt.NDArray[np.float32]
Offsets = npt.NDArray[np.int64]

# Rule families (a rule's prefix); anything else is "other". The learned layer's own proposals are "learned".
RULES: tuple[str, ...] = (
    "pre-colon", "pre-comma", "pre-cue", "pre-inverted", "post-inverted", "post-said", "post-said-far",
    "post-verb", "post-dash", "colon-speaker", "colon-subject", "continuation", "floating", "unattributed",
    "partial-in", "partial-cue", "partial-subject", "partial-post", "partial", "said-that", "tail-said",
    "tail-inverted", "parenthetical", "participle", "attitude", "object", "infinitive", "according-to",
    "noun-cue", "asked", "evidential", "learned",
)
KINDS: tuple[str, ...] = ("direct", "partial", "indirect", "belief")
SPEAKER_TYPES: tuple[str, ...] = ("person", "organization", "country", "document", "generic", "unknown")
_QUOTES = "“”\"‘’«»"
_NEAR = 12  # pieces looked at on each side of an item for a cue / source

FEATURES: tuple[str, ...] = (
    "con", "bel", "src_in", "cue_in", "o_in", "tagged", "begin", "cue_near", "src_near", "spk_src",
    "no_speaker", "log_len", "quoted", "quote_marks", *(f"rule={r}" for r in RULES), "rule=other",
    *(f"kind={k}" for k in KINDS), *(f"spk={t}" for t in SPEAKER_TYPES),
)


@dataclass(frozen=True)
class Tagged:
    """One article's word-piece offsets and role probabilities (``src``, ``cue``, ``con``, ``bel``)."""

    offsets: Offsets
    probs: Floats

    def pieces(self, start: int, end: int) -> tuple[int, int]:
        """Index range of the pieces that overlap ``[start, end)``."""
        lo = int(np.searchsorted(self.offsets[:, 1], start, side="right"))
        hi = int(np.searchsorted(self.offsets[:, 0], end, side="left"))
        return lo, max(lo, hi)


def rule_family(rule: str) -> str:
    for r in sorted(RULES, key=len, reverse=True):
        if rule == r or rule.startswith(r + "-") or (r == "partial-in" and rule.startswith("partial-in-")):
            return r
    return "other"


def _mean(a: Floats) -> float:
    return float(a.mean()) if len(a) else 0.0


def _max(a: Floats) -> float:
    return float(a.max()) if len(a) else 0.0


def item_features(text: str, item: SegmentItem, tagged: Tagged) -> list[float]:
    """The FEATURES vector of ``item``."""
    roles = role_probs(tagged.probs)
    lo, hi = tagged.pieces(item.start, item.end)
    n = len(tagged.offsets)
    before, after = slice(max(0, lo - _NEAR), lo), slice(hi, min(n, hi + _NEAR))
    con, bel = roles["con"][lo:hi], roles["bel"][lo:hi]
    content = con + bel
    spk_src = 0.0
    if item.speaker_start is not None and item.speaker_end is not None:
        s_lo, s_hi = tagged.pieces(item.speaker_start, item.speaker_end)
        spk_src = _mean(roles["src"][s_lo:s_hi])
    begin = float(tagged.probs[lo, 5] + tagged.probs[lo, 7]) if hi > lo else 0.0
    family = rule_family(item.rule)
    body = text[item.start : item.end]
    values = [
        _mean(con), _mean(bel), _mean(roles["src"][lo:hi]), _mean(roles["cue"][lo:hi]),
        _mean(tagged.probs[lo:hi, 0]), _mean((content > 0.5).astype(np.float32)), begin,
        max(_max(roles["cue"][before]), _max(roles["cue"][after])),
        max(_max(roles["src"][before]), _max(roles["src"][after])), spk_src,
        float(item.speaker_start is None), math.log1p(len(body)) / 8.0, float(body[:1] in _QUOTES),
        min(sum(body.count(q) for q in _QUOTES), 6) / 6.0,
    ]
    values += [float(family == r) for r in RULES] + [float(family == "other")]
    values += [float(item.kind == k) for k in KINDS]
    values += [float(item.speaker_type == t) for t in SPEAKER_TYPES]
    return values


def _runs(mask: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    k = 0
    while k < len(mask):
        if mask[k]:
            j = k
            while j < len(mask) and mask[j]:
                j += 1
            out.append((k, j))
            k = j
        else:
            k += 1
    return out


def proposals(text: str, items: list[SegmentItem], tagged: Tagged, min_words: int = 4) -> list[SegmentItem]:
    """Attributions the tagger sees and no item covers: a content run with the nearest source run as speaker
    (reported speech or belief; runs that open with a quotation mark are left to the quote rules)."""
    roles = role_probs(tagged.probs)
    content = roles["con"] + roles["bel"]
    taken = [(it.start, it.end) for it in items if it.kind in KINDS]
    src_runs = _runs(roles["src"] > 0.5)
    out: list[SegmentItem] = []
    for lo, hi in _runs(content > 0.5):
        start, end = int(tagged.offsets[lo, 0]), int(tagged.offsets[hi - 1, 1])
        while end > start and text[end - 1] in " ,.;:":
            end -= 1
        body = text[start:end]
        if len(body.split()) < min_words or "\n\n" in body or body[:1] in _QUOTES:
            continue  # quotations stay with the rules (strong there)
        if any(min(end, b) - max(start, a) > 0.3 * (end - start) for a, b in taken):
            continue
        near = [r for r in src_runs if abs(r[0] - hi) < 40 or abs(r[1] - lo) < 40]
        near = [r for r in near if "\n" not in text[min(int(tagged.offsets[r[0], 0]), start) : max(int(tagged.offsets[r[1] - 1, 1]), end)]]
        speaker = min(near, key=lambda r: min(abs(r[0] - hi), abs(r[1] - lo)), default=None)
        kind = "belief" if _mean(roles["bel"][lo:hi]) > _mean(roles["con"][lo:hi]) else "indirect"
        s_start = int(tagged.offsets[speaker[0], 0]) if speaker else None
        s_end = int(tagged.offsets[speaker[1] - 1, 1]) if speaker else None
        name = text[s_start:s_end] if s_start is not None and s_end is not None else ""
        out.append(SegmentItem(kind=kind, text=body, start=start, end=end, speaker=name,
                               speaker_type="unknown", speaker_start=s_start, speaker_end=s_end,
                               rule="learned", confidence=0.0))
    return out
