"""Fuse dense, title, lexical, overlap, speaker and context signals into one calibrated score."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

# Order of the feature columns everywhere (fitting, scoring, the weights file).
FEATURES: tuple[str, ...] = ("dense", "title_dense", "lexical", "speaker", "context", "date")
WEIGHTS_FILE = Path(__file__).with_name("fusion_weights.json")


@dataclass(frozen=True, slots=True)
class FusionModel:
    """A logistic model over the match features: ``score = sigmoid(w·x + b)`` in 0..1."""

    weights: tuple[float, ...]
    bias: float
    note: str = ""
    extra: dict[str, float] = field(default_factory=dict)

    def scores(self, features: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Scores for a (n, len(FEATURES)) feature matrix."""
        z = features @ np.asarray(self.weights, dtype=np.float64) + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))

    def score(self, **feature_values: float) -> float:
        row = np.asarray([[feature_values.get(name, 0.0) for name in FEATURES]], dtype=np.float64)
        return float(self.scores(row)[0])

    def to_json(self) -> str:
        return json.dumps({"features": list(FEATURES), "weights": list(self.weights),
                           "bias": self.bias, "note": self.note, "extra": self.extra}, indent=2)


# Used when no fitted weights file is present: dense similarity dominates, lexical helps.
DEFAULT_MODEL = FusionModel(weights=(9.0, 3.0, 2.0, 1.0, 0.0, 0.0), bias=-10.0,
                            note="hand-set default (no fitted weights file)")


def _model_from(data: dict[str, Any]) -> FusionModel:
    weights = dict(zip(data["features"], data["weights"], strict=True))
    return FusionModel(weights=tuple(float(weights.get(n, 0.0)) for n in FEATURES),
                       bias=float(data["bias"]), note=str(data.get("note", "")),
                       extra={k: float(v) for k, v in data.get("extra", {}).items()})


def load_models(path: Path = WEIGHTS_FILE) -> dict[str, FusionModel]:
    """The fitted models committed with the package (see their notes), else the default.

    ``plain``: a bare text query; ``contextual``: a query with speaker, context or date.
    """
    if not path.exists():
        return {"plain": DEFAULT_MODEL, "contextual": DEFAULT_MODEL}
    data = json.loads(path.read_text(encoding="utf-8"))
    models = {name: _model_from(part) for name, part in data["models"].items()}
    models.setdefault("contextual", models["plain"])
    return models


def save_models(models: dict[str, FusionModel], path: Path = WEIGHTS_FILE) -> None:
    data = {"models": {name: json.loads(m.to_json()) for name, m in models.items()}}
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def speaker_match(query_speaker: str, candidate_speaker: str) -> float:
    """1.0 when the speakers are the same person ("ROMNEY" ~ "Mitt Romney"), else 0.0."""
    q = query_speaker.casefold().strip()
    c = candidate_speaker.casefold().strip()
    if not q or not c:
        return 0.0
    if q == c:
        return 1.0
    q_words = {w for w in q.replace(".", " ").split() if len(w) > 2}
    c_words = c.replace(".", " ").split()
    return 1.0 if c_words and c_words[-1] in q_words else 0.0


def date_proximity(query_date: str, candidate_date: str) -> float:
    """1.0 on the same day, 0.5 a month apart, → 0 years apart; 0.0 when a date is unknown."""
    try:
        a = datetime.date.fromisoformat(query_date[:10])
        b = datetime.date.fromisoformat(candidate_date[:10])
    except ValueError:
        return 0.0
    return 1.0 / (1.0 + abs((a - b).days) / 30.0)


