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
                                     "date", "has_speaker", "has_date")
# "contextual": the query has a speaker, a date or context (a claim from an article or transcript);
# "plain": text alone (typed). Each has its own "likely relevant" precision curve.
QUERY_KINDS: tuple[str, ...] = ("contextual", "plain")
WEIGHTS_FILE = Path(__file__).with_name("passage_weights.json")
PASSAGE_WEIGHTS_SHA256 = "028d5fa129cb8c653c4bbaa6b6d1faf856abe719707cd4a3cfd499787e4d09cb"  # of WEIGHTS_FILE; refused when it differs
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
    precision curves behind the "likely relevant" level, one per query kind (``QUERY_KINDS``).

    ``curves`` rows are (threshold, train precision, dev precision, dev recall) over the top 5 of
    every query, one passage per source; the level's threshold is the lowest whose train
    precision reaches the target, and the panel quotes its dev precision.
    """

    weights: tuple[float, ...]
    bias: float
    curves: dict[str, tuple[tuple[float, float, float, float], ...]] = field(default_factory=dict)
    note: str = ""
    extra: dict[str, float] = field(default_factory=dict)

    def scores(self, features: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Probabilities for a (n, len(PASSAGE_FEATURES)) feature matrix."""
        z = features @ np.asarray(self.weights, dtype=np.float64) + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))

    def likely(self, target: float, kind: str = "contextual") -> LikelyLevel:
        """The "likely relevant" threshold of a query kind for a precision target, with its
        measured dev figures."""
        for threshold, train_precision, dev_precision, dev_recall in self.curves.get(kind, ()):
            if train_precision >= target:
                return LikelyLevel(threshold, target, train_precision, dev_precision, dev_recall)
        return LikelyLevel(float("inf"), target, 0.0, 0.0, 0.0)

    def to_json(self) -> str:
        return json.dumps({"features": list(PASSAGE_FEATURES), "weights": list(self.weights),
                           "bias": self.bias,
                           "curves": {k: [list(row) for row in rows] for k, rows in self.curves.items()},
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
DEFAULT_MODEL = PassageModel(weights=(8.0, 0.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0), bias=-8.0,
                             note="hand-set default (no fitted weights file)")


def load_passage_model(path: Path | None = None) -> PassageModel:
    """The fitted model committed with the package (sha256-checked: a changed file is refused),
    or the one in ``path`` (absent: the hand-set default)."""
    if path is None:
        from factcheck.weights import read_verified

        raw = read_verified("factcheck.sources", WEIGHTS_FILE.name, PASSAGE_WEIGHTS_SHA256,
                            what="passage ranking weights", refit="python bench/evidence.py --fit",
                            on_change="after `python bench/evidence.py --fit` set PASSAGE_WEIGHTS_SHA256 "
                                      "in factcheck/sources/ranking.py to the sha256 it prints")
        return _model_from(raw.decode("utf-8"), WEIGHTS_FILE)
    if not path.exists():
        return DEFAULT_MODEL
    return _model_from(path.read_text(encoding="utf-8"), path)


def _model_from(text: str, path: Path) -> PassageModel:
    try:
        data: dict[str, Any] = json.loads(text)
        weights = dict(zip(data["features"], data["weights"], strict=True))
        curves = {str(kind): tuple((float(a), float(b), float(c), float(d)) for a, b, c, d in rows)
                  for kind, rows in data.get("curves", {}).items()}
        return PassageModel(weights=tuple(float(weights.get(n, 0.0)) for n in PASSAGE_FEATURES),
                            bias=float(data["bias"]), curves=curves, note=str(data.get("note", "")),
                            extra={k: float(v) for k, v in data.get("extra", {}).items()})
    except (ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"passage ranking weights {path} are unreadable ({exc}); reinstall the "
                         "package or refit them with `python bench/evidence.py --fit`") from exc


def save_passage_model(model: PassageModel, path: Path = WEIGHTS_FILE) -> str:
    """Write the model atomically; its sha256 (to pin in PASSAGE_WEIGHTS_SHA256)."""
    import hashlib

    from factcheck.fileio import atomic_write_bytes

    raw = model.to_json().encode("utf-8")
    atomic_write_bytes(path, raw)
    return hashlib.sha256(raw).hexdigest()


def speaker_pattern(speaker: str) -> re.Pattern[str] | None:
    """The claimant's surname ("TRUMP", "Donald Trump" -> trump) as a whole-word pattern."""
    words = [w for w in re.findall(r"[^\W\d_]+", speaker.casefold()) if len(w) > 2]
    return re.compile(rf"\b{re.escape(words[-1])}\b", re.IGNORECASE) if words else None


def speaker_named(speaker: str, text: str) -> float:
    """1.0 when the claimant's surname is a word of ``text``."""
    pattern = speaker_pattern(speaker)
    return 1.0 if pattern is not None and pattern.search(text) else 0.0


def query_kind(speaker: str, context: str, date: str) -> str:
    """"contextual" when the query brings a speaker, context or a date, else "plain"."""
    return "contextual" if (speaker.strip() or context.strip() or date.strip()) else "plain"


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
    query's; None when the query has no speaker or no date, which the indicator columns say)."""
    ids = sorted(pid for pid in set(dense) | set(lexical) | set(context or {}) if pid in source_of)
    matrix = np.zeros((len(ids), len(PASSAGE_FEATURES)), dtype=np.float64)
    for row, pid in enumerate(ids):
        sid = source_of[pid]
        d = max(0.0, dense.get(pid, 0.0))
        c = max(0.0, context.get(pid, 0.0)) if context is not None else d
        t = max(0.0, title.get(sid, d))  # an untitled source: its passage stands for it
        tc = max(0.0, title_context.get(sid, c)) if title_context is not None else t
        matrix[row] = (d, c, t, tc, lexical.get(pid, 0.0), (speaker or {}).get(pid, 0.0),
                       (date or {}).get(sid, 0.0), float(speaker is not None), float(date is not None))
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
