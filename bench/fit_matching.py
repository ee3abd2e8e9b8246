"""Fit the matching fusion weights and the two match thresholds on CheckThat! TRAIN splits only.

    python bench/claim_matching.py --fit      # fits, writes factcheck/match/fusion_weights.json

Features come from the product's own ``Workspace.rank_candidates`` (dense, title, BM25, overlap,
speaker, context for every candidate); a logistic model over (query, candidate, relevant) rows
gives a 0..1 score. Thresholds: 'same' = lowest score whose top-5 precision on train is ≥ 0.9,
'related' = lowest with precision ≥ 0.5.
"""

from __future__ import annotations

import datetime
import sys

import numpy as np

from factcheck.match.fusion import FEATURES, FusionModel, fit_logistic, save_models
from factcheck.match.thresholds import lowest_threshold_for

SAME_PRECISION = 0.9
RELATED_PRECISION = 0.5


def training_rows(ws, split) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Feature matrix, labels and query numbers for every candidate of every train query."""
    scored = ws.rank_candidates(split.queries)
    externals = {}
    xs, ys, groups = [], [], []
    for number, (query, candidates) in enumerate(zip(split.queries, scored, strict=True)):
        ids = [s.claim_id for s in candidates if s.claim_id not in externals]
        externals.update({cid: c.external_id for cid, c in ws.store.get_claims(ids).items()})
        relevant = split.qrels.get(query.query_id, set())
        for s in candidates:
            xs.append(s.features)
            ys.append(1.0 if externals[s.claim_id] in relevant else 0.0)
            groups.append(number)
    return np.asarray(xs, np.float64), np.asarray(ys, np.float64), np.asarray(groups)


def train_map5(parts, weights: np.ndarray) -> float:
    """Mean over tasks of MAP@5 on the candidates (relevant claims missing from them count as 0)."""
    values = []
    for x, y, groups, totals in parts:
        scores = x @ weights
        total = 0.0
        for group in range(len(totals)):
            rows = np.flatnonzero(groups == group)
            top = y[rows[np.argsort(-scores[rows], kind="stable")][:5]]
            hits = np.cumsum(top)
            total += float((top * hits / np.arange(1, len(top) + 1)).sum()) / max(totals[group], 1)
        values.append(total / len(totals))
    return float(np.mean(values))


def coordinate_ascent(parts, start: np.ndarray, rounds: int = 3) -> np.ndarray:
    """Greedy per-feature search of the ranking weights that maximise train MAP@5."""
    best = start.copy()
    best_value = train_map5(parts, best)
    for _ in range(rounds):
        improved = False
        for j in range(len(best)):
            for factor in (0.0, 0.5, 0.75, 1.25, 1.5, 2.0, 3.0):
                trial = best.copy()
                trial[j] = best[j] * factor if best[j] else factor - 0.5
                value = train_map5(parts, trial)
                if value > best_value + 1e-6:
                    best, best_value, improved = trial, value, True
        if not improved:
            break
    print(f"train MAP@5 on candidates: {train_map5(parts, start):.4f} (logistic) -> "
          f"{best_value:.4f} (coordinate ascent)", file=sys.stderr)
    return best


def fit_one(tasks: dict, method: str = "ascent") -> FusionModel:
    parts = []
    for ws, split in tasks.values():
        x, y, groups = training_rows(ws, split)
        totals = [len(split.qrels.get(q.query_id, ())) for q in split.queries]
        parts.append((x, y, groups, totals))
    x = np.vstack([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    weights, bias = fit_logistic(x, y, l2=1.0)
    ranking = coordinate_ascent(parts, weights) if method == "ascent" else weights
    # Platt scaling: a logistic fit on the ranking score alone makes the score a probability.
    (scale,), bias = fit_logistic((x @ ranking)[:, None], y, l2=0.0)
    model = FusionModel(tuple(float(w * scale) for w in ranking), bias)
    pairs: list[tuple[float, bool]] = []
    for px, py, pg, _ in parts:
        scores = model.scores(px)
        for group in np.unique(pg):
            rows = np.flatnonzero(pg == group)
            top = rows[np.argsort(-scores[rows])][:5]
            pairs.extend((float(scores[i]), bool(py[i])) for i in top)
    same = lowest_threshold_for(pairs, SAME_PRECISION)
    related = min(same, lowest_threshold_for(pairs, RELATED_PRECISION))
    note = (f"fitted ({method}) by bench/fit_matching.py on CheckThat! 2021 train splits "
            f"({', '.join(tasks)}; {len(y)} candidate rows, {int(y.sum())} relevant) on "
            f"{datetime.date.today().isoformat()}; thresholds: top-5 precision "
            f"{SAME_PRECISION} (same) / {RELATED_PRECISION} (related) on train")
    model = FusionModel(model.weights, model.bias, note,
                        {"same_threshold": round(same, 4), "related_threshold": round(related, 4)})
    shown = ", ".join(f"{n}={w:.3f}" for n, w in zip(FEATURES, model.weights, strict=True))
    print(f"fitted: {shown}, bias={model.bias:.3f}; same>={same:.4f} related>={related:.4f}",
          file=sys.stderr)
    return model


# Which train splits fit which model: 2B queries come with speaker, context and date
# ("contextual"); 2A tweets are bare text ("plain").
MODEL_TASKS = {"plain": "2a", "contextual": "2b"}


def fit(tasks: dict, method: str = "ascent") -> dict[str, FusionModel]:
    """Fit each model on its task's train split and write factcheck/match/fusion_weights.json."""
    models = {name: fit_one({task: tasks[task]}, method)
              for name, task in MODEL_TASKS.items() if task in tasks}
    models.setdefault("contextual", models.get("plain") or next(iter(models.values())))
    models.setdefault("plain", models["contextual"])
    save_models(models)
    return models
