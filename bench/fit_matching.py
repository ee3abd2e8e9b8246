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
from pathlib import Path

import numpy as np

from factcheck.match.fusion import FEATURES, FusionModel, save_models
from factcheck.match.thresholds import lowest_threshold_for

REPO = Path(__file__).resolve().parents[1]

SAME_PRECISION = 0.9
RELATED_PRECISION = 0.5


def fit_logistic(x: np.ndarray, y: np.ndarray, *, l2: float) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression (scikit-learn, intercept not penalised); (weights, bias)."""
    from sklearn.linear_model import LogisticRegression

    model = (LogisticRegression(C=1.0 / l2, max_iter=5000, tol=1e-8) if l2 > 0
             else LogisticRegression(penalty=None, max_iter=5000, tol=1e-8))
    model.fit(x, y.astype(int))
    return model.coef_[0].astype(np.float64), float(model.intercept_[0])


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


# --- calibrated levels (query type → P(same claim), thresholds from precision targets) -----------
LEVEL_DEPTH = 10  # levels are fitted and measured over the top 10 of every query


def held_out_ranking(ws, queries, task: str, split: str):
    """The ranked lists re-ordered by held-out re-ranker probabilities (bench/train_rerank.py
    --oof), so levels are not fitted on scores the head memorised; None when not computed."""
    from factcheck.match.rerank import RERANK_DEPTH, reorder

    path = REPO / "bench" / ".cache" / f"rerank-oof-{task}-{split}.npy"
    if not path.exists():
        return None
    probabilities = np.load(path)
    scored = ws.rank_candidates(queries, rerank=False)
    result, offset = [], 0
    for candidates in scored:
        n = min(len(candidates), RERANK_DEPTH)
        result.append(reorder(candidates, probabilities[offset:offset + n].tolist()))
        offset += n
    if offset != len(probabilities):
        raise SystemExit(f"{path.name} does not fit the ranking; rerun bench/train_rerank.py --oof")
    return result


def ranked_lists(ws, queries, qrels, scored=None) -> list[tuple[list[float], list[bool], int]]:
    """Per query: fused scores and signals of the top 10 (best first), relevance, number relevant."""
    if scored is None:
        scored = ws.rank_candidates(queries)
    ids = {s.claim_id for candidates in scored for s in candidates[:LEVEL_DEPTH]}
    externals = {cid: c.external_id for cid, c in ws.store.get_claims(sorted(ids)).items()}
    lists = []
    for query, candidates in zip(queries, scored, strict=True):
        relevant = qrels.get(query.query_id, set())
        top = candidates[:LEVEL_DEPTH]
        lists.append(([s.score for s in top], ws.calibration_signals(query, top),
                      [externals[s.claim_id] in relevant for s in top], len(relevant)))
    return lists


def short_queries(queries, words: int = 6):
    """Short typed queries made from train queries: their first ``words`` content words, bare."""
    from dataclasses import replace

    from factcheck.match.lexical import clean_query, terms

    result = []
    for q in queries:
        kept = terms(clean_query(q.text) or q.text)[:words]
        if len(kept) >= 3:
            result.append(replace(q, text=" ".join(kept), speaker="", context="", date=""))
    return result


def fit_type(lists, note: str, strength: float = 1.0):
    """Logistic calibration (scikit-learn) of one query type over its top-10 rows, with its curve."""
    from sklearn.linear_model import LogisticRegression

    from factcheck.match.calibration import TypeCalibration, candidate_features, precision_curve

    x = [row for fused, signals, _, _ in lists for row in candidate_features(fused, signals)]
    y = [rel for _, _, rels, _ in lists for rel in rels]
    model = LogisticRegression(C=strength, max_iter=2000).fit(np.asarray(x), np.asarray(y))
    draft = TypeCalibration(tuple(float(c) for c in model.coef_[0]), float(model.intercept_[0]),
                            precision_curve([], 1), note)
    pairs = [(p, rel) for fused, signals, rels, _ in lists
             for p, rel in zip(draft.probabilities(fused, signals), rels, strict=True)]
    curve = precision_curve(pairs, sum(total for _, _, _, total in lists))
    return TypeCalibration(draft.coef, draft.intercept, curve, note)


def level_figures(lists, calibration_type, same: float, related: float) -> dict[str, float]:
    """P_label, R_label, P_same (issue 12 definitions) of one type's lists at given thresholds."""
    labelled = hits = same_n = same_hits = 0
    total = 0
    for fused, signals, rels, n_relevant in lists:
        total += n_relevant
        for p, rel in zip(calibration_type.probabilities(fused, signals), rels, strict=True):
            if p >= related:
                labelled += 1
                hits += rel
            if p >= same:
                same_n += 1
                same_hits += rel
    return {"P_label": hits / labelled if labelled else 0.0, "R_label": hits / max(total, 1),
            "P_same": same_hits / same_n if same_n else 0.0, "labelled": labelled, "same": same_n}


SAME_TARGET = 0.95  # precision targets the shipped thresholds are drawn from
LABEL_TARGET = 0.92
SENTENCE_LABEL_TARGET = 0.89  # settings match_sentence_label_precision


def fit_levels(tasks: dict) -> None:
    """Fit one calibration per query type on TRAIN and write factcheck/match/calibration.json."""
    from factcheck.match.calibration import CALIBRATION_FILE, Calibration

    ws_a, train_a = tasks["2a"]
    ws_b, train_b = tasks["2b"]
    short_b, short_a = short_queries(train_b.queries), short_queries(train_a.queries)
    lists = {
        "sentence": ranked_lists(ws_b, train_b.queries, train_b.qrels,
                                 held_out_ranking(ws_b, train_b.queries, "2b", "train")),
        "post": ranked_lists(ws_a, train_a.queries, train_a.qrels),  # not re-ranked
        "short": (ranked_lists(ws_b, short_b, train_b.qrels,
                               held_out_ranking(ws_b, short_b, "2b", "train-short"))
                  + ranked_lists(ws_a, short_a, train_a.qrels,
                                 held_out_ranking(ws_a, short_a, "2a", "train-short"))),
    }
    sources = {"sentence": "2021-2B train (debate sentences with speaker, context, date)",
               "post": "2021-2A train (tweets)",
               "short": "the first 6 content words of 2021-2A and 2B train queries, bare"}
    today = datetime.date.today().isoformat()
    types = {kind: fit_type(rows, f"fitted by bench/fit_matching.py on {sources[kind]}, "
                                  f"{len(rows)} queries, top {LEVEL_DEPTH}, on {today}")
             for kind, rows in lists.items()}
    calibration = Calibration(types, SAME_TARGET, LABEL_TARGET, "shipped", today)
    report = {}
    for kind, rows in lists.items():
        same, related = calibration.thresholds(
            kind, label_precision=SENTENCE_LABEL_TARGET if kind == "sentence" else LABEL_TARGET)
        report[kind] = {"same_threshold": same, "related_threshold": related,
                        **{k: round(v, 4) for k, v in
                           level_figures(rows, types[kind], same, related).items()}}
        print(f"{kind:<8} same>={same:.2f} related>={related:.2f} train: {report[kind]}",
              file=sys.stderr)
    calibration = Calibration(types, SAME_TARGET, LABEL_TARGET, "shipped", today,
                              {"train": report})
    CALIBRATION_FILE.write_text(calibration.to_json(), encoding="utf-8")
