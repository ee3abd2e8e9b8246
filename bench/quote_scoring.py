"""PolNeAR scorer for the segmenter: content P/R/F1 by character overlap and speaker accuracy.

Protocol (documented choices):
- one record per article: the first record of each ``doc_id`` (several annotators -> first);
- a gold content with several discontinuous spans is scored as the *union* of its spans;
  coverage = |gold ∩ pred| / |gold|; greedy one-to-one matching, best coverage first,
  a pair counts when coverage >= the threshold (0.3 and 0.8 are reported);
- "direct": gold contents whose text opens with a quotation mark vs predicted kind ``direct``;
  "all": every gold content vs every predicted direct/partial/indirect/belief item (PolNeAR annotates
  beliefs too), except a partial quote
  nested in an item whose attribution it inherits (rule ``partial-in-*``): it is a verbatim piece of
  that same attribution, which PolNeAR annotates once. ``score_nested=True`` (bench ``--score-nested``)
  counts them as separate predictions, as the first cut did;
- speaker accuracy is over matched pairs whose gold attribution has a Source span: correct when the
  predicted speaker mention overlaps a gold Source span, or the predicted canonical speaker and
  the gold Source text share a surname (last capitalised word, titles ignored).
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factcheck.models import SegmentItem

DATA_DIR = Path(__file__).resolve().parents[1].parent / "shared/data/polnear"
QUOTE_OPENERS = ("“", "\"", "'", "‘", "«", "„")
_TITLES = {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "president", "senator", "the"}


@dataclass
class Gold:
    spans: list[tuple[int, int]]
    sources: list[tuple[int, int]]
    source_text: str
    direct: bool

    @property
    def size(self) -> int:
        return sum(e - s for s, e in self.spans)


@dataclass
class Tally:
    gold: int = 0
    pred: int = 0
    matched: dict[float, int] = field(default_factory=dict)
    spk_total: dict[float, int] = field(default_factory=dict)
    spk_ok: dict[float, int] = field(default_factory=dict)

    def add(self, other: Tally) -> None:
        self.gold += other.gold
        self.pred += other.pred
        for d_self, d_other in ((self.matched, other.matched), (self.spk_total, other.spk_total),
                                (self.spk_ok, other.spk_ok)):
            for k, v in d_other.items():
                d_self[k] = d_self.get(k, 0) + v

    def scores(self, thr: float) -> dict[str, float]:
        m = self.matched.get(thr, 0)
        p = m / self.pred if self.pred else 0.0
        r = m / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        st = self.spk_total.get(thr, 0)
        return {"precision": p, "recall": r, "f1": f,
                "speaker_acc": self.spk_ok.get(thr, 0) / st if st else 0.0,
                "gold": self.gold, "pred": self.pred, "matched": m}


def load_docs(split: str = "dev", limit: int | None = None, data_dir: Path = DATA_DIR) -> list[dict[str, Any]]:
    """First record per article of ``{split}.jsonl``; raises FileNotFoundError when absent."""
    path = data_dir / f"{split}.jsonl"
    if not path.exists():
        raise FileNotFoundError(f"PolNeAR {split} split not found at {path}")
    seen: set[str] = set()
    docs: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["doc_id"] in seen:
                continue
            seen.add(rec["doc_id"])
            docs.append(rec)
            if limit and len(docs) >= limit:
                break
    return docs


def gold_items(rec: dict[str, Any]) -> list[Gold]:
    out: list[Gold] = []
    for a in rec["attributions"]:
        spans = sorted((c["start"], c["end"]) for c in a["content"])
        if not spans:
            continue
        first = min(a["content"], key=lambda c: c["start"])["text"].lstrip()
        out.append(Gold(spans, [(s["start"], s["end"]) for s in a["source"]],
                        " ".join(s["text"] for s in a["source"]), first.startswith(QUOTE_OPENERS)))
    return out


def _surname(text: str) -> str:
    words = [w.strip(".,’'\"") for w in text.split()]
    caps = [w for w in words if w[:1].isupper() and w.lower() not in _TITLES]
    return caps[-1].lower() if caps else ""


def speaker_ok(pred: SegmentItem, gold: Gold) -> bool:
    start, end = pred.speaker_start, pred.speaker_end
    if start is not None and end is not None and any(start < e and s < end for s, e in gold.sources):
        return True
    g, p = _surname(gold.source_text), _surname(pred.speaker)
    return bool(g) and bool(p) and g == p


def _coverage(gold: Gold, pred: SegmentItem) -> float:
    inter = sum(max(0, min(e, pred.end) - max(s, pred.start)) for s, e in gold.spans)
    return inter / gold.size if gold.size else 0.0


def match(golds: list[Gold], preds: list[SegmentItem], thr: float) -> list[tuple[int, int]]:
    """Greedy one-to-one (gold index, pred index) pairs, best coverage first, coverage >= ``thr``."""
    pairs = sorted(
        ((cov, gi, pi) for gi, g in enumerate(golds) for pi, p in enumerate(preds)
         if p.start < g.spans[-1][1] and g.spans[0][0] < p.end and (cov := _coverage(g, p)) > 0),
        reverse=True,
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    out: list[tuple[int, int]] = []
    for cov, gi, pi in pairs:
        if cov < thr or gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi))
    return out


def score_doc(golds: list[Gold], preds: list[SegmentItem], thresholds: Iterable[float]) -> Tally:
    tally = Tally(gold=len(golds), pred=len(preds))
    for thr in thresholds:
        for gi, pi in match(golds, preds, thr):
            tally.matched[thr] = tally.matched.get(thr, 0) + 1
            if golds[gi].sources:
                tally.spk_total[thr] = tally.spk_total.get(thr, 0) + 1
                tally.spk_ok[thr] = tally.spk_ok.get(thr, 0) + speaker_ok(preds[pi], golds[gi])
    return tally


def scored(items: list[SegmentItem], score_nested: bool = False) -> list[SegmentItem]:
    """The items the "all" view scores (see the module docstring)."""
    return [it for it in items if it.kind in ("direct", "partial", "indirect", "belief")
            and (score_nested or it.parent is None or not it.rule.startswith("partial-in-"))]


def evaluate(docs: list[dict[str, Any]], segmenter: Callable[[str], list[SegmentItem]],
             thresholds: tuple[float, ...] = (0.3, 0.8), score_nested: bool = False) -> dict[str, Any]:
    """Score ``segmenter`` on PolNeAR records; returns per-view scores and timing."""
    direct, every = Tally(), Tally()
    ms_per_5k: list[float] = []
    for rec in docs:
        text = rec["text"]
        t0 = time.perf_counter()
        items = segmenter(text)
        elapsed = (time.perf_counter() - t0) * 1000
        ms_per_5k.append(elapsed * 5000 / max(len(text), 1))
        items = scored(items, score_nested)
        golds = gold_items(rec)
        direct.add(score_doc([g for g in golds if g.direct], [it for it in items if it.kind == "direct"], thresholds))
        every.add(score_doc(golds, items, thresholds))
    return {
        "articles": len(docs),
        "direct": {thr: direct.scores(thr) for thr in thresholds},
        "all": {thr: every.scores(thr) for thr in thresholds},
        "ms_per_5000_chars_median": statistics.median(ms_per_5k) if ms_per_5k else 0.0,
    }
