"""Passage ranking: fuse dense, context, title and lexical signals; one passage per source; "likely relevant"."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from factcheck.errors import ModelError

# Order of the feature columns everywhere (fitting, scoring, the weights file).
PASSAGE_FEATURES: tuple[str, ...] = ("dense", "context", "title", "title_context", "lexical", "speaker",
                                     "date")
WEIGHTS_FILE = Path(__file__).with_name("passage_weights.json")
CANDIDATE_DEPTH = 100  # passages taken from each of the dense, context and lexical lists


@dataclass(frozen=True, slots=True)
class Candidates:
    """Every candidate passage of one query: its id, its source and its feature row."""

    passage_ids: list[int]
    source_ids: list[int]
    features: npt.NDArray[np.float64]  # (len(passage_ids), len(PASSAGE_FEATURES))


@dataclass(frozen=True, slots=True)
class RankedPassage:
    """The best passage of one source for a query, with its probability and feature values."""

    passage_id: int
    source_id: int
    probability: float
    features: tuple[float, ...]

    def feature(self, name: str) -> float:
        return self.features[PASSAGE_FEATURES.index(name)]


@dataclass(frozen=True, slots=True)
class PassageModel:
    """``probability = sigmoid(w·x + b)`` that a passage's source addresses the claim, and the
    precision curve behind the "likely relevant" level.

    ``curve`` rows are (threshold, train precision, dev precision, dev recall) over the top 5 of
    every query, one passage per source; the level's threshold is the lowest whose train
    precision reaches the target, and the panel quotes its dev precision.
    """

    weights: tuple[float, ...]
    bias: float
    curve: tuple[tuple[float, float, float, float], ...] = ()
    note: str = ""
    extra: dict[str, float] = field(default_factory=dict)

    def scores(self, features: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Probabilities for a (n, len(PASSAGE_FEATURES)) feature matrix."""
        z = features @ np.asarray(self.weights, dtype=np.float64) + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))

    def likely(self, target: float) -> LikelyLevel:
        """The "likely relevant" threshold for a precision target, with its measured dev figures."""
        for threshold, train_precision, dev_precision, dev_recall in self.curve:
            if train_precision >= target:
                return LikelyLevel(threshold, target, train_precision, dev_precision, dev_recall)
        return LikelyLevel(float("inf"), target, 0.0, 0.0, 0.0)

    def to_json(self) -> str:
        return json.dumps({"features": list(PASSAGE_FEATURES), "weights": list(self.weights),
                           "bias": self.bias, "curve": [list(row) for row in self.curve],
                           "note": self.note, "extra": self.extra}, indent=2) + "\n"


@dataclass(frozen=True, slots=True)
class LikelyLevel:
    """Passages at or above ``threshold`` are shown as likely relevant; the figures say how often
    that was right (precision) and how much it found (recall) when it was measured."""

    threshold: float
    target: float
    train_precision: float
    dev_precision: float
    dev_recall: float

    @property
    def reachable(self) -> bool:
        return self.threshold != float("inf")


# Used when no fitted weights file is present: the old fixed fusion (0.8 dense, 0.2 lexical).
DEFAULT_MODEL = PassageModel(weights=(8.0, 0.0, 0.0, 0.0, 2.0, 0.0, 0.0), bias=-8.0,
                             note="hand-set default (no fitted weights file)")


def load_passage_model(path: Path = WEIGHTS_FILE) -> PassageModel:
    """The fitted model committed with the package (see its note), else the default."""
    if not path.exists():
        return DEFAULT_MODEL
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        weights = dict(zip(data["features"], data["weights"], strict=True))
        curve = tuple((float(a), float(b), float(c), float(d)) for a, b, c, d in data.get("curve", []))
        return PassageModel(weights=tuple(float(weights.get(n, 0.0)) for n in PASSAGE_FEATURES),
                            bias=float(data["bias"]), curve=curve, note=str(data.get("note", "")),
                            extra={k: float(v) for k, v in data.get("extra", {}).items()})
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"passage ranking weights {path} are unreadable ({exc}); reinstall the "
                          "package or refit them with `python bench/evidence.py --fit`") from exc


def save_passage_model(model: PassageModel, path: Path = WEIGHTS_FILE) -> None:
    from factcheck.fileio import atomic_write_bytes

    atomic_write_bytes(path, model.to_json().encode("utf-8"))


def speaker_named(speaker: str, text: str) -> float:
    """1.0 when the claimant's surname ("TRUMP", "Donald Trump" -> trump) is a word of ``text``."""
    words = [w for w in re.findall(r"[^\W\d_]+", speaker.casefold()) if len(w) > 2]
    if not words:
        return 0.0
    return 1.0 if re.search(rf"\b{re.escape(words[-1])}\b", text.casefold()) else 0.0


def source_date(published: str, url: str) -> str:
    """A source's date (ISO): its own publication date, else the one its URL spells out."""
    from factcheck.dates import date_from_url

    if published[:4].isdigit():
        return published
    found = date_from_url(url) if url else None
    return found.iso if found is not None else ""


def date_closeness(query_date: str, source_date: str) -> float:
    """1.0 on the same day, 0.71 ten days apart, 0.57 a month, 0.26 a year, 0.0 from eight years
    apart or when a date is unknown (fact-checks follow the statements they check by days)."""
    import datetime
    import math

    try:
        a = datetime.date.fromisoformat(query_date[:10])
        b = datetime.date.fromisoformat(source_date[:10])
    except ValueError:
        return 0.0
    return max(0.0, 1.0 - math.log1p(abs((a - b).days)) / 8.0)


def candidate_features(dense: Mapping[int, float], context: Mapping[int, float] | None,
                       title: Mapping[int, float], title_context: Mapping[int, float] | None,
                       lexical: Mapping[int, float], source_of: Mapping[int, int],
                       speaker: Mapping[int, float] | None = None,
                       date: Mapping[int, float] | None = None) -> Candidates:
    """The feature matrix of every candidate passage (a query without context repeats its plain
    signals in the context columns, as the prior-claim matcher does; ``speaker``: per passage,
    whether its source names the claimant; ``date``: per source, how close its date is to the
    query's)."""
    ids = sorted(pid for pid in set(dense) | set(lexical) | set(context or {}) if pid in source_of)
    matrix = np.zeros((len(ids), len(PASSAGE_FEATURES)), dtype=np.float64)
    for row, pid in enumerate(ids):
        sid = source_of[pid]
        d = max(0.0, dense.get(pid, 0.0))
        c = max(0.0, context.get(pid, 0.0)) if context is not None else d
        t = max(0.0, title.get(sid, d))  # an untitled source: its passage stands for it
        tc = max(0.0, title_context.get(sid, c)) if title_context is not None else t
        matrix[row] = (d, c, t, tc, lexical.get(pid, 0.0), (speaker or {}).get(pid, 0.0),
                       (date or {}).get(sid, 0.0))
    return Candidates(ids, [source_of[pid] for pid in ids], matrix)


def best_per_source(candidates: Candidates, probabilities: Sequence[float], k: int,
                    ) -> list[RankedPassage]:
    """The top ``k`` sources, each with its best passage (ties: lower passage id first)."""
    order = sorted(range(len(candidates.passage_ids)),
                   key=lambda i: (-probabilities[i], candidates.passage_ids[i]))
    seen: set[int] = set()
    ranked: list[RankedPassage] = []
    for i in order:
        sid = candidates.source_ids[i]
        if sid in seen:
            continue
        seen.add(sid)
        ranked.append(RankedPassage(candidates.passage_ids[i], sid, float(probabilities[i]),
                                    tuple(float(v) for v in candidates.features[i])))
        if len(ranked) == k:
            break
    return ranked
