"""Calibrated match levels: query types, score → probability of the same claim, precision thresholds."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from factcheck.errors import InputError
from factcheck.match.fusion import FEATURES
from factcheck.match.lexical import terms

QUERY_TYPES: tuple[str, ...] = ("sentence", "post", "short")
CALIBRATION_FILE = Path(__file__).with_name("calibration.json")
SHORT_WORDS = 8  # a bare query with fewer words than this is a short typed query
# Features of one candidate, in the order of the fitted coefficients: where it ranks and by how
# much, then the fusion signals behind its score (see factcheck.match.fusion.FEATURES).
RANK_FEATURES: tuple[str, ...] = ("logit", "gap_top", "gap_next", "first", "log_rank")
PAIR_FEATURES: tuple[str, ...] = ("coverage", "candidate_coverage", "numbers", "prior")
CALIBRATION_FEATURES: tuple[str, ...] = RANK_FEATURES + FEATURES + PAIR_FEATURES
_NUMBER = re.compile(r"\d[\d,.]*\d|\d{2,}")
_POST_MARKS = re.compile(r"https?://|pic\.twitter\.com|(?:^|\s)[@#]\w|\(@\w+\)", re.IGNORECASE)


def query_type(text: str, *, context: str = "", speaker: str = "") -> str:
    """'post' (social media: links, @handles, #tags), 'short' (a few typed words) or 'sentence'."""
    if _POST_MARKS.search(text):
        return "post"
    words = sum(1 for w in text.split() if any(ch.isalnum() for ch in w))
    if words < SHORT_WORDS and not context.strip() and not speaker.strip():
        return "short"
    return "sentence"


@lru_cache(maxsize=65536)
def word_sets(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The content words and the numbers of a text (memoised: prior claims recur across queries)."""
    return (frozenset(terms(text)),
            frozenset(n.replace(",", "") for n in _NUMBER.findall(text)))


def label_target(kind: str, general: float, sentence: float) -> float:
    """The labelled-precision target of a query type: ``sentence`` for sentences, else ``general``."""
    return sentence if kind == "sentence" else general


def pair_features(query: str, candidate: str, *, prior: bool = True) -> tuple[float, ...]:
    """Word-level agreement of a query and a candidate: the share of each side's content words
    found in the other, numbers (1 shared, -1 both have numbers but none shared, 0 else), and
    whether the candidate is a prior fact-check (1) or another stored claim (0)."""
    q, qn = word_sets(query)
    c, cn = word_sets(candidate)
    shared = len(q & c)
    numbers = 1.0 if qn & cn else (-1.0 if qn and cn else 0.0)
    return (shared / len(q) if q else 0.0, shared / len(c) if c else 0.0, numbers,
            1.0 if prior else 0.0)


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def candidate_features(fused: Sequence[float], signals: Sequence[Sequence[float]],
                       ) -> list[list[float]]:
    """Calibration features of a query's ranked list: fused scores (best first) and the fusion
    signals of each candidate (``Scored.features``)."""
    logits = [_logit(s) for s in fused]
    rows = []
    for rank, (z, values) in enumerate(zip(logits, signals, strict=True), start=1):
        following = logits[rank] if rank < len(logits) else z - 4.0
        rows.append([z, z - logits[0], z - following, 1.0 if rank == 1 else 0.0, math.log(rank),
                     *values])
    return rows


@dataclass(frozen=True, slots=True)
class Curve:
    """Precision and recall of 'score ≥ t' at each threshold t (ascending), measured when fitted."""

    thresholds: tuple[float, ...]
    precision: tuple[float, ...]
    recall: tuple[float, ...]

    def lowest_for(self, target: float) -> float:
        """The lowest threshold at which the precision of everything above it is ≥ ``target``."""
        reached = [t for t, p in zip(self.thresholds, self.precision, strict=True) if p >= target]
        return min(reached) if reached else 1.0

    def at(self, threshold: float) -> tuple[float, float]:
        """(precision, recall) measured at the highest listed threshold ≤ ``threshold``."""
        chosen = (0.0, 0.0)
        for t, p, r in zip(self.thresholds, self.precision, self.recall, strict=True):
            if t <= threshold + 1e-12:
                chosen = (p, r)
        return chosen


def precision_curve(pairs: Sequence[tuple[float, bool]], total_relevant: int,
                    steps: int = 100) -> Curve:
    """The precision/recall curve of (probability, relevant) pairs on a grid of thresholds."""
    thresholds, precision, recall = [], [], []
    for step in range(steps):
        t = step / steps
        chosen = [rel for p, rel in pairs if p >= t]
        if not chosen:
            break
        thresholds.append(t)
        precision.append(round(sum(chosen) / len(chosen), 4))
        recall.append(round(sum(chosen) / max(total_relevant, 1), 4))
    return Curve(tuple(thresholds), tuple(precision), tuple(recall))


@dataclass(frozen=True, slots=True)
class TypeCalibration:
    """A logistic map from a candidate's ranking features to P(same claim), with its curve."""

    coef: tuple[float, ...]
    intercept: float
    curve: Curve
    note: str = ""

    def probabilities(self, fused: Sequence[float], signals: Sequence[Sequence[float]],
                      ) -> list[float]:
        """P(same claim) for a ranked list; never increases down the list (the shown order)."""
        result: list[float] = []
        for row in candidate_features(fused, signals):
            z = sum(c * x for c, x in zip(self.coef, row, strict=True)) + self.intercept
            p = 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))
            result.append(min(p, result[-1]) if result else p)
        return result


@dataclass(frozen=True, slots=True)
class Calibration:
    """One calibration per query type plus the precision targets its levels are drawn from."""

    types: Mapping[str, TypeCalibration]
    same_precision: float = 0.95
    label_precision: float = 0.92
    origin: str = "shipped"
    created: str = ""
    report: Mapping[str, Any] = field(default_factory=dict)

    def for_type(self, kind: str) -> TypeCalibration:
        return self.types.get(kind) or self.types["sentence"]

    def thresholds(self, kind: str, *, same_precision: float | None = None,
                   label_precision: float | None = None) -> tuple[float, float]:
        """(same, related) probability thresholds of a query type for the precision targets."""
        curve = self.for_type(kind).curve
        same = curve.lowest_for(self.same_precision if same_precision is None else same_precision)
        related = curve.lowest_for(self.label_precision if label_precision is None
                                   else label_precision)
        return same, min(related, same)

    def to_json(self) -> str:
        return json.dumps({
            "origin": self.origin, "created": self.created,
            "same_precision": self.same_precision, "label_precision": self.label_precision,
            "features": list(CALIBRATION_FEATURES),
            "types": {name: {"coef": list(t.coef), "intercept": t.intercept, "note": t.note,
                             "curve": {"thresholds": list(t.curve.thresholds),
                                       "precision": list(t.curve.precision),
                                       "recall": list(t.curve.recall)}}
                      for name, t in self.types.items()},
            "report": dict(self.report)}, indent=1) + "\n"


def calibration_from_json(text: str, origin: str = "") -> Calibration:
    """Parse a calibration file; a malformed one is refused with the way to fix it."""
    try:
        data = json.loads(text)
        if list(data["features"]) != list(CALIBRATION_FEATURES):
            raise ValueError(f"features {data['features']} differ from {CALIBRATION_FEATURES}")
        types = {}
        for name, part in data["types"].items():
            curve = part["curve"]
            types[name] = TypeCalibration(
                tuple(float(c) for c in part["coef"]), float(part["intercept"]),
                Curve(tuple(map(float, curve["thresholds"])), tuple(map(float, curve["precision"])),
                      tuple(map(float, curve["recall"]))), str(part.get("note", "")))
        if "sentence" not in types:
            raise ValueError("no 'sentence' calibration")
        return Calibration(types, float(data["same_precision"]), float(data["label_precision"]),
                           str(data.get("origin", origin) or origin), str(data.get("created", "")),
                           dict(data.get("report", {})))
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"calibration {origin or 'file'} is not valid ({exc}); run "
                         f"`factcheck calibrate --rollback` or delete the file") from exc


def load_calibration(path: Path = CALIBRATION_FILE) -> Calibration:
    """The calibration committed with the package (fitted by bench/fit_matching.py)."""
    return calibration_from_json(path.read_text(encoding="utf-8"), origin=str(path))
