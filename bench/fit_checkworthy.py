"""Fit the model-free check-worthiness weights (scikit-learn) and write the JSON file.

Run: ``.venv/bin/python bench/fit_checkworthy.py [--data ../shared/data] [--no-cv]``.

Training signal: the 40 training debates of the split in bench/checkworthy.py, plus the
ClaimBuster 2.5xNCS sentences, minus any ClaimBuster sentence that shares a 6-word run with
a held-out debate line or with a CT2021-2B iclaim taken from a CT2020 Task 5 *test* debate
(those iclaims are used only to filter, never as signal). Hyper-parameters are chosen by
5-fold debate-level cross-validation inside the 40 training debates; held-out debates are
never looked at here.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from itertools import pairwise
from pathlib import Path

import numpy as np
from scipy import sparse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.checkworthy import (
    DEBATES_FILE,
    DEFAULT_DATA,
    average_precision,
    load_debates,
    ranked_labels,
    split_debates,
)
from bench.checkworthy_data import load_claimbuster, shingles, test_debate_iclaims
from factcheck.segment.checkworthy import CUE_NAMES, WEIGHTS_RESOURCE, features, tokens

OUT = Path(__file__).resolve().parents[1] / "factcheck" / "segment" / WEIGHTS_RESOURCE
MIN_DF = 3
KEEP = 1e-3  # n-gram weights smaller than this are dropped from the file
CUE_SCALE = 10 ** 0.5  # cue weights get a 10x weaker L2 penalty than n-gram weights


def grams(toks: list[str]) -> list[str]:
    return toks + [f"{a} {b}" for a, b in pairwise(toks)]


class Design:
    """Sparse n-gram columns plus dense cue columns, as one CSR matrix for scikit-learn.

    Cue columns are multiplied by ``CUE_SCALE`` so that one L2 strength regularises the cue
    weights ``CUE_SCALE**2`` times more weakly than the n-gram weights.
    """

    def __init__(self, texts: list[str], vocab: dict[str, int]) -> None:
        rows, cols = [], []
        cues = np.zeros((len(texts), len(CUE_NAMES)))
        for i, text in enumerate(texts):
            f = features(text)
            cues[i] = [f[name] for name in CUE_NAMES]
            for g in grams(tokens(text)):
                j = vocab.get(g)
                if j is not None:
                    rows.append(i)
                    cols.append(j)
        grams_m = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)),
                                    shape=(len(texts), len(vocab)))
        self.x = sparse.hstack([grams_m, sparse.csr_matrix(cues * CUE_SCALE)], format="csr")
        self.v = len(vocab)


def fit(x: Design, y: np.ndarray, sw: np.ndarray, l2: float,
        rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, float]:
    """Weighted L2 logistic regression (scikit-learn, lbfgs): (n-gram w, cue w, bias)."""
    from sklearn.linear_model import LogisticRegression

    keep = np.flatnonzero(sw > 0) if rows is None else rows
    weights = sw[keep] / sw[keep].sum()
    model = LogisticRegression(C=1.0 / l2, max_iter=1000, tol=1e-6)
    model.fit(x.x[keep], y[keep], sample_weight=weights)
    coef = model.coef_[0]
    return coef[:x.v], coef[x.v:] * CUE_SCALE, float(model.intercept_[0])


def logits(x: Design, w: np.ndarray, c: np.ndarray, b: float) -> np.ndarray:
    return np.asarray(x.x @ np.concatenate([w, c / CUE_SCALE])) + b


def weights_for(y: np.ndarray, is_cb: np.ndarray, cb_share: float) -> np.ndarray:
    """Balance classes within each source; ClaimBuster gets ``cb_share`` of the total weight."""
    sw = np.zeros(len(y))
    for src, share in ((False, 1.0 - cb_share), (True, cb_share)):
        for label in (0, 1):
            mask = (is_cb == src) & (y == label)
            if mask.any():
                sw[mask] = share * 0.5 / mask.sum()
    return sw


def build_vocab(texts: list[str]) -> dict[str, int]:
    df: Counter[str] = Counter()
    for text in texts:
        df.update(set(grams(tokens(text))))
    return {g: i for i, g in enumerate(sorted(g for g, n in df.items() if n >= MIN_DF))}


def debate_map(debates, ids, logit_of) -> float:
    aps = []
    for d in ids:
        lines = debates[d]
        aps.append(average_precision(ranked_labels(logit_of(d), [r[3] for r in lines])))
    return float(np.mean(aps))


def smooth(z: np.ndarray, alpha: float, bias: float) -> np.ndarray:
    if len(z) < 2 or not alpha:
        return z
    near = np.empty_like(z)
    near[1:-1] = (z[:-2] + z[2:]) / 2
    near[0], near[-1] = z[1], z[-2]
    return z + alpha * (near - bias)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--no-cv", action="store_true", help="skip the grid search")
    parser.add_argument("--grid", default="3e-3:0.3,1e-3:0.3,3e-4:0.3,1e-4:0.3,1e-3:0,1e-3:0.5",
                        help="comma-separated l2:claimbuster_share pairs to cross-validate")
    args = parser.parse_args()
    if not (args.data / DEBATES_FILE).is_file():
        print(f"no data: {args.data / DEBATES_FILE} is missing; pass --data DIR")
        return 2
    t0 = time.time()
    debates = load_debates(args.data)
    train_ids, held_ids = split_debates(list(debates))
    banned: set[tuple[str, ...]] = set()
    for d in held_ids:
        for _, _, text, _ in debates[d]:
            banned |= shingles(text)
    for text in test_debate_iclaims(args.data):
        banned |= shingles(text)
    cb_texts, cb_labels, dropped = load_claimbuster(args.data, banned)
    print(f"ClaimBuster: kept {len(cb_texts)}, dropped {dropped} overlapping held-out/test text")

    texts, labels, owner = [], [], []
    for d in train_ids:
        for _, _, text, label in debates[d]:
            texts.append(text)
            labels.append(label)
            owner.append(d)
    n_deb = len(texts)
    texts += cb_texts
    labels += cb_labels
    owner += ["<claimbuster>"] * len(cb_texts)
    y = np.asarray(labels, dtype=float)
    is_cb = np.arange(len(texts)) >= n_deb
    owner_arr = np.asarray(owner)
    vocab = build_vocab(texts)
    x = Design(texts, vocab)
    print(f"{len(texts)} sentences, {len(vocab)} n-grams (df>={MIN_DF}), {time.time() - t0:.0f}s")

    grid = [] if args.no_cv else [
        (float(a), float(b)) for a, b in (pair.split(":") for pair in args.grid.split(","))]
    best = (1e-3, 0.3)
    folds = [train_ids[k::5] for k in range(5)]
    best_map, best_oof = -1.0, {}
    for l2, cb_share in grid:
        oof: dict[str, np.ndarray] = {}
        for fold in folds:
            mask = ~np.isin(owner_arr, fold)
            sw = weights_for(y, is_cb, cb_share) * mask
            w, c, b = fit(x, y, sw, l2)
            z = logits(x, w, c, b)
            for d in fold:
                oof[d] = z[owner_arr == d]
        score = debate_map(debates, train_ids, lambda d, oof=oof: oof[d])
        print(f"  cv l2={l2:g} cb_share={cb_share}: MAP {score:.4f} ({time.time() - t0:.0f}s)")
        if score > best_map:
            best_map, best, best_oof = score, (l2, cb_share), oof
    alpha = 0.0
    if best_oof:
        trials = {a: debate_map(debates, train_ids, lambda d, a=a: smooth(best_oof[d], a, 0.0))
                  for a in (0.0, 0.2, 0.5, 0.75, 1.0, 1.5)}
        print("  cv context:", {a: round(v, 4) for a, v in trials.items()})
        alpha = max(trials, key=lambda a: trials[a])

    l2, cb_share = best
    w, c, b = fit(x, y, weights_for(y, is_cb, cb_share), l2)
    inv = {i: g for g, i in vocab.items()}
    ngrams = {inv[i]: round(float(w[i]), 4) for i in np.flatnonzero(np.abs(w) >= KEEP)}
    payload = {
        "note": (f"scikit-learn logistic regression (bench/fit_checkworthy.py) on the 40 training "
                 f"debates of clef2020-checkthat-task5-debates/train.tsv (held out: sorted "
                 f"index % 5 == 2) + {len(cb_texts)} ClaimBuster 2.5xNCS sentences (share "
                 f"{cb_share}); l2={l2:g}; context={alpha} (5-fold debate CV); n-grams with df>={MIN_DF}, |w|>={KEEP}"),
        "bias": round(b, 4),
        "context": alpha,
        "cues": {name: round(float(v), 4) for name, v in zip(CUE_NAMES, c, strict=True)},
        "ngrams": dict(sorted(ngrams.items())),
    }
    OUT.write_text(json.dumps(payload, separators=(",", ":"), ensure_ascii=False) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.2f} MB, {len(ngrams)} n-grams, "
          f"context={alpha}) in {time.time() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
