"""Match levels from two thresholds ('same', 'related') with a short-text guard; tuning helpers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from factcheck.errors import InputError


@dataclass(frozen=True, slots=True)
class Thresholds:
    """``same`` ≥ ``related``; texts shorter than ``min_words`` words never reach 'same'."""

    same: float = 0.80
    related: float = 0.55
    min_words: int = 5

    def __post_init__(self) -> None:
        if not 0.0 <= self.related <= self.same <= 1.0:
            raise InputError(
                f"match thresholds must satisfy 0 <= match_related_threshold ({self.related}) <= "
                f"match_same_threshold ({self.same}) <= 1; fix them in config.json")


def word_count(text: str) -> int:
    return sum(1 for w in text.split() if any(ch.isalnum() for ch in w))


def match_level(score: float, text: str, other: str = "", *, thresholds: Thresholds) -> str:
    """'same', 'related' or 'none' for a fused score; short texts are capped at 'related'."""
    if score >= thresholds.same:
        short = word_count(text) < thresholds.min_words or (
            bool(other) and word_count(other) < thresholds.min_words)
        return "related" if short else "same"
    if score >= thresholds.related:
        return "related"
    return "none"


@dataclass(frozen=True, slots=True)
class LevelPrecision:
    """Precision of one level on labelled (score, relevant) pairs: hits / predicted."""

    level: str
    threshold: float
    predicted: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0


def lowest_threshold_for(pairs: Sequence[tuple[float, bool]], target: float,
                         min_support: int = 10) -> float:
    """The lowest score threshold at which precision (score ≥ t) is still ≥ ``target``."""
    ranked = sorted(pairs, key=lambda p: -p[0])
    best = 1.0
    correct = 0
    for count, (score, rel) in enumerate(ranked, start=1):
        correct += rel
        if count >= min_support and correct / count >= target:
            best = score
    return best
