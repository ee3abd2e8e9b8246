"""The learned re-ranker: a small head over the pair signals of the shipped encoder re-orders the top."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from factcheck.errors import ModelError
from factcheck.match.calibration import QUERY_TYPES, pair_features, word_sets
from factcheck.match.fusion import FEATURES
from factcheck.match.ranking import Scored
from factcheck.weights import read_verified, safetensors_metadata

__all__ = ["RERANK_DEPTH", "RERANK_RESOURCE", "RERANK_SHA256", "RERANK_TYPES", "PairInput", "Reranker",
           "input_names", "load_reranker", "pair_matrix", "reorder"]

RERANK_RESOURCE = "reranker.safetensors"
# sha256 of the shipped weights (bench/train_rerank.py prints it); a changed file is refused.
RERANK_SHA256 = "57d097b6aa2ee24d24787c2e0ea4648cb6bcd9910b2b1eaa579f2705ba44ad48"
RERANK_DEPTH = 20  # candidates of the fused ranking the head re-orders
# Query types re-ranked. Posts keep the fused order: on 2021-2A dev the head moved MAP@5 by
# only +0.003 (0.866 -> 0.869) and no level threshold then kept both R_label and P_label.
RERANK_TYPES: tuple[str, ...] = ("sentence", "short")
Floats = npt.NDArray[np.float32]
_NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|nothing|n't|cannot|without)\b|n't",
                       re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
SCALARS: tuple[str, ...] = (
    *FEATURES, "fused_logit", "gap_top", "log_rank", "coverage", "candidate_coverage", "numbers",
    "prior", "negation_differs", "year_differs", "context_coverage", "has_context",
    *(f"type_{t}" for t in QUERY_TYPES))


def input_names() -> list[str]:
    """Column names of the head's input (dense cosines of the frozen encoder among them).

    Element-wise vector products (q*c, |q-c|) were tried and dropped: with 1,269 train queries
    they overfit (2B dev MAP@5 0.50 against 0.56 without them; see reranker.md)."""
    return list(SCALARS)


@dataclass(frozen=True, slots=True)
class PairInput:
    """What the head sees of one query: its texts and type, and its ranked candidates."""

    query_text: str
    context_text: str
    kind: str
    candidates: Sequence[Scored]
    texts: Sequence[str]
    priors: Sequence[bool]


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


@lru_cache(maxsize=65536)
def _marks(text: str) -> tuple[bool, frozenset[str]]:
    """Whether a text negates, and the years it names (memoised like ``word_sets``)."""
    return bool(_NEGATION.search(text)), frozenset(_YEAR.findall(text))


def pair_matrix(item: PairInput) -> Floats:
    """The head's input rows for one query's candidates (same columns as ``input_names``)."""
    q_neg, q_years = _marks(item.query_text)
    ctx = word_sets(item.context_text)[0]
    top = _logit(item.candidates[0].score) if item.candidates else 0.0
    rows = []
    for rank, (s, text, prior) in enumerate(
            zip(item.candidates, item.texts, item.priors, strict=True), start=1):
        c_terms = word_sets(text)[0]
        c_neg, c_years = _marks(text)
        z = _logit(s.score)
        rows.append([
            *s.features, z, z - top, math.log(rank),
            *pair_features(item.query_text, text, prior=prior),
            float(q_neg != c_neg),
            float(bool(q_years and c_years and not q_years & c_years)),
            len(ctx & c_terms) / len(c_terms) if ctx and c_terms else 0.0,
            float(bool(ctx)),
            *(float(item.kind == t) for t in QUERY_TYPES)])
    return np.asarray(rows, dtype=np.float32).reshape(len(rows), len(SCALARS))


@dataclass(frozen=True)
class Reranker:
    """Standardise, one ReLU layer, a linear output: a relevance logit per (query, candidate)."""

    mean: Floats
    scale: Floats
    hidden_w: Floats
    hidden_b: Floats
    out_w: Floats
    out_b: float
    note: str

    def logits(self, x: Floats) -> Floats:
        z = (x - self.mean) / self.scale
        h = np.maximum(z @ self.hidden_w + self.hidden_b, 0.0)
        out: Floats = (h @ self.out_w + self.out_b).astype(np.float32).reshape(-1)
        return out

    def scores(self, x: Floats) -> Floats:
        z = np.clip(self.logits(x), -30.0, 30.0)
        out: Floats = (1.0 / (1.0 + np.exp(-z))).astype(np.float32)
        return out


def reorder(scored: Sequence[Scored], probabilities: Sequence[float],
            depth: int = RERANK_DEPTH) -> list[Scored]:
    """The top ``depth`` candidates re-ordered by the head (their score becomes its probability);
    the rest keep their order, scaled to stay below the re-ordered ones."""
    head = [Scored(s.claim_id, float(p), s.features)
            for s, p in zip(scored[:depth], probabilities, strict=True)]
    head.sort(key=lambda s: -s.score)
    rest = list(scored[depth:])
    if not rest or not head:
        return head + rest
    floor = min(s.score for s in head) * 0.999
    first = max(rest[0].score, 1e-12)
    if first <= floor:
        return head + rest  # already below: no rescaling needed
    return head + [Scored(s.claim_id, floor * s.score / first, s.features) for s in rest]


@lru_cache(maxsize=2)
def load_reranker(expected_sha256: str = RERANK_SHA256) -> Reranker:
    """The shipped head; refuses a file whose sha256 is not ``expected_sha256``."""
    from safetensors.numpy import load

    raw = read_verified("factcheck.match", RERANK_RESOURCE, expected_sha256, what="match re-ranker",
                        refit="bench/train_rerank.py",
                        on_change="refit it with bench/train_rerank.py and update RERANK_SHA256 in "
                                  "factcheck/match/rerank.py to the value it prints.")
    meta = safetensors_metadata(raw)
    if json.loads(meta.get("inputs", "[]")) != input_names():
        raise ModelError(f"{RERANK_RESOURCE} was fitted on other inputs than this code builds; "
                         "refit it with bench/train_rerank.py")
    t = {k: np.asarray(v, dtype=np.float32) for k, v in load(raw).items()}
    return Reranker(t["mean"], t["scale"], t["hidden_w"], t["hidden_b"], t["out_w"],
                    float(t["out_b"][0]), str(meta.get("note", "")))
