"""Train the learned attribution layer: `PYTHONPATH=. .venv/bin/python bench/train_attribution.py [--layer 4]`.

1. encoder states (all-MiniLM-L6-v2, bf16, frozen) of PolNeAR train/dev and GGT dev, cached in bench/.cache;
2. a tag head (MLP) on PolNeAR train: BIO tags for source, cue, speech content and belief content;
3. an item scorer (logistic regression over factcheck.learned.features.FEATURES) on PolNeAR train rule
   items and tagger proposals, labelled by matching PolNeAR gold (>= 0.3 overlap), features from
   out-of-fold tag heads (2 folds) so the scorer never sees a head that trained on the same article;
4. Platt calibration on PolNeAR dev; thresholds (drop, propose) chosen for PolNeAR dev "all" F1 + GGT dev F1;
5. weights to factcheck/learned/attribution.safetensors; prints the sha256 for factcheck/learned/layer.py.
Fixed seed; ~25 minutes on 2 cores, most of it the encoder pass over PolNeAR train (cached after).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.attribution_data import LAYERS, cached_states, ggt_dev, piece_tags, polnear
from bench.quote_scoring import gold_items, match
from factcheck.learned.features import FEATURES, KINDS, Tagged, item_features, proposals
from factcheck.learned.head import TAGS, TagHead, with_context
from factcheck.models import SegmentItem
from factcheck.segment import segment

SEED = 13
OUT = Path(__file__).resolve().parents[1] / "factcheck" / "learned" / "attribution.safetensors"


def split_docs(data: dict[str, Any], layer: int) -> list[tuple[Any, Any]]:
    b = data["bounds"]
    return [(data["offsets"][b[i]:b[i + 1]], data[f"L{layer}"][b[i]:b[i + 1]]) for i in range(len(b) - 1)]


def train_head(x: np.ndarray, y: np.ndarray, hidden: int = 128, epochs: int = 4, seed: int = SEED) -> TagHead:
    import torch

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    d = x.shape[1]
    net = torch.nn.Sequential(torch.nn.Linear(d, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, len(TAGS)))
    opt = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=1e-4)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    for _ in range(epochs):
        order = torch.from_numpy(rng.permutation(len(x)))
        for k in range(0, len(x), 2048):
            idx = order[k:k + 2048]
            loss = torch.nn.functional.cross_entropy(net(xt[idx].float()), yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    w1, b1, w2, b2 = (p.detach().numpy().astype(np.float32) for p in net.parameters())
    return TagHead(w1.T.copy(), b1, w2.T.copy(), b2)


def item_rows(rec: dict[str, Any], items: list[SegmentItem], tagged: Tagged) -> tuple[list[list[float]], list[int]]:
    """Features and labels (matched to a PolNeAR gold content at >= 0.3) of the scored items."""
    scored = [it for it in items if it.kind in KINDS and not (it.parent is not None and it.rule.startswith("partial-in-"))]
    pairs = match(gold_items(rec), scored, 0.3)
    hit = {pi for _, pi in pairs}
    return [item_features(rec["text"], it, tagged) for it in scored], [int(k in hit) for k in range(len(scored))]


def rows_for(docs: list[dict[str, Any]], tagged: list[Tagged]) -> tuple[np.ndarray, np.ndarray, list[Any]]:
    xs: list[list[float]] = []
    ys: list[int] = []
    meta: list[Any] = []
    for rec, tg in zip(docs, tagged, strict=True):
        rules = segment(rec["text"], statements=False)
        props = proposals(rec["text"], rules, tg)
        x, y = item_rows(rec, rules + props, tg)
        xs += x
        ys += y
        meta += [rec["doc_id"]] * len(x)
    return np.asarray(xs, dtype=np.float32), np.asarray(ys), meta


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--layer", type=int, default=3, choices=LAYERS, help="encoder layer whose states feed the head")
    ap.add_argument("--limit", type=int, default=None, help="train on the first N PolNeAR train articles (smoke runs)")
    ap.add_argument("--every", type=int, default=4, help="train on every N-th PolNeAR train article (4: 210 articles)")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--calibrate-on", default="ggt-dev", choices=("ggt-dev", "polnear-dev"),
                    help="final Platt scaling: GGT dev quote items (what a reviewer calls a quote) or PolNeAR dev")
    args = ap.parse_args(argv)
    import torch
    from sklearn.linear_model import LogisticRegression

    torch.set_num_threads(2)
    torch.use_deterministic_algorithms(True)
    np.random.seed(SEED)
    t0 = time.time()
    train, dev = polnear("train", args.limit, args.every), polnear("dev")
    st_train = split_docs(cached_states(f"polnear_train_every{args.every}" + (f"_{args.limit}" if args.limit else ""),
                                        [r["text"] for r in train]), args.layer)
    st_dev = split_docs(cached_states("polnear_dev", [r["text"] for r in dev]), args.layer)
    print(f"states ready in {time.time() - t0:.0f}s", flush=True)
    tags = [piece_tags(r, o) for r, (o, _) in zip(train, st_train, strict=True)]

    def fit(ids: list[int]) -> TagHead:
        x = np.concatenate([with_context(st_train[i][1].astype(np.float32)).astype(np.float16) for i in ids])
        return train_head(x, np.concatenate([tags[i] for i in ids]))

    folds = [list(range(0, len(train), 2)), list(range(1, len(train), 2))]
    oof: list[Tagged | None] = [None] * len(train)
    for k, fold in enumerate(folds):
        head = fit(folds[1 - k])
        for i in fold:
            oof[i] = Tagged(st_train[i][0], head.probs(st_train[i][1].astype(np.float32)))
    head = fit(list(range(len(train))))
    print(f"tag heads trained in {time.time() - t0:.0f}s", flush=True)
    dev_tags = np.concatenate([piece_tags(r, o) for r, (o, _) in zip(dev, st_dev, strict=True)])
    dev_pred = np.concatenate([head.probs(s.astype(np.float32)).argmax(1) for _, s in st_dev])
    tag_acc = float((dev_pred == dev_tags).mean())
    print(f"dev piece tag accuracy {tag_acc:.3f}", flush=True)

    x_tr, y_tr, _ = rows_for(train, [t for t in oof if t is not None])
    scorer = LogisticRegression(C=1.0, max_iter=2000, random_state=SEED).fit(x_tr, y_tr)
    coef, bias = scorer.coef_[0].astype(np.float32), float(scorer.intercept_[0])
    dev_tagged = [Tagged(o, head.probs(s.astype(np.float32))) for o, s in st_dev]
    x_dev, y_dev, _ = rows_for(dev, dev_tagged)
    z_dev = np.clip(x_dev @ coef + bias, -30, 30)
    calib_a, calib_b, _ = _platt(z_dev, y_dev)
    print(f"scorer: {len(y_tr)} train items ({y_tr.mean():.2f} correct), {len(y_dev)} dev items; "
          f"Platt a={calib_a:.3f} b={calib_b:.3f} in {time.time() - t0:.0f}s", flush=True)

    config = {"layer": args.layer, "features": list(FEATURES), "tags": list(TAGS), "bias": bias,
              "calib_a": calib_a, "calib_b": calib_b, "drop_below": 0.0, "propose_at": 1.01,
              "seed": SEED, "train_articles": len(train), "dev_piece_tag_accuracy": round(tag_acc, 4)}
    ggt = ggt_dev()
    st_ggt = split_docs(cached_states("ggt_dev", [d["text"] for d in ggt]), args.layer)
    ggt_tagged = [Tagged(o, head.probs(s.astype(np.float32))) for o, s in st_ggt]
    config.update(choose_thresholds(dev, dev_tagged, ggt, ggt_tagged, coef, bias, calib_a, calib_b))
    if args.calibrate_on == "ggt-dev":
        config.update(calibrate_on_ggt(ggt, ggt_tagged, coef, bias, config))
    save(args.out, head, coef, config)
    print(json.dumps(config | {"features": len(FEATURES)}, indent=1))
    print(f"done in {time.time() - t0:.0f}s")
    return 0


def _scored_rows(docs: list[dict[str, Any]], tagged: list[Tagged], coef: np.ndarray, bias: float, a: float,
                 b: float) -> list[tuple[dict[str, Any], list[tuple[SegmentItem, float]], list[tuple[SegmentItem, float]]]]:
    rows = []
    for rec, tg in zip(docs, tagged, strict=True):
        rules = segment(rec["text"], statements=False)
        props = proposals(rec["text"], rules, tg)

        def prob(it: SegmentItem, tg: Tagged = tg, text: str = rec["text"]) -> float:
            z = float(np.clip(np.dot(coef, item_features(text, it, tg)) + bias, -30, 30))
            return float(1 / (1 + np.exp(-(a * z + b))))

        rows.append((rec, [(it, prob(it)) for it in rules if it.kind in KINDS], [(it, prob(it)) for it in props]))
    return rows


def _kept(rules: list[tuple[SegmentItem, float]], props: list[tuple[SegmentItem, float]], drop: float,
          prop: float) -> list[SegmentItem]:
    keep = [it for it, s in rules if s >= drop or it.kind == "direct"] + [it for it, s in props if s >= prop]
    return sorted(keep, key=lambda it: (it.start, -it.end))


def choose_thresholds(dev: list[dict[str, Any]], tagged: list[Tagged], ggt: list[dict[str, Any]],
                      ggt_tagged: list[Tagged], coef: np.ndarray, bias: float, a: float, b: float) -> dict[str, float]:
    """Drop and propose thresholds maximising PolNeAR dev "all" F1 + GGT dev F1 (both at 0.3; grid of 0.05)."""
    from bench.quotes import ggt_labels, ggt_preds

    pol = _scored_rows(dev, tagged, coef, bias, a, b)
    gg = _scored_rows(ggt, ggt_tagged, coef, bias, a, b)
    best = (-1.0, 0.0, 1.01, 0.0, 0.0)
    for drop in np.arange(0.0, 0.75, 0.05):
        for prop in (0.5, 0.6, 0.7, 0.8, 0.9, 1.01):
            m = p = g = 0
            for rec, rules, props in pol:
                keep = [it for it in _kept(rules, props, drop, prop)
                        if not (it.parent is not None and it.rule.startswith("partial-in-"))]
                golds = gold_items(rec)
                m += len(match(golds, keep, 0.3))
                p += len(keep)
                g += len(golds)
            f_pol = 2 * m / max(1, p + g)
            m = p = g = 0
            for rec, rules, props in gg:
                preds = ggt_preds(_kept(rules, props, drop, prop))
                m += sum(ggt_labels(rec, preds))
                p += len(preds)
                g += len(rec["quotes"])
            f_ggt = 2 * m / max(1, p + g)
            if f_pol + f_ggt > best[0] + 1e-4:
                best = (f_pol + f_ggt, float(drop), float(prop), f_pol, f_ggt)
    print(f"thresholds: drop < {best[1]:.2f}, propose >= {best[2]:.2f} "
          f"(PolNeAR dev all F1@0.3 {best[3]:.3f}, GGT dev F1@0.3 {best[4]:.3f})")
    return {"drop_below": round(best[1], 2), "propose_at": round(best[2], 2)}


def _platt(z: np.ndarray, y: np.ndarray, direct: np.ndarray | None = None) -> tuple[float, float, float]:
    """Platt scaling ``sigmoid(a z + b + c [direct quote])``: (a, b, c); c = 0 without ``direct``."""
    from sklearn.linear_model import LogisticRegression

    x = z[:, None] if direct is None else np.stack([z, direct], axis=1)
    fit = LogisticRegression(C=1e4, max_iter=1000).fit(x, y)
    return float(fit.coef_[0][0]), float(fit.intercept_[0]), float(fit.coef_[0][1]) if direct is not None else 0.0


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(x, -30, 30))))


def calibrate_on_ggt(ggt: list[dict[str, Any]], tagged: list[Tagged], coef: np.ndarray, bias: float,
                     config: dict[str, Any]) -> dict[str, Any]:
    """Platt scaling on the GGT dev quote items the layer keeps (labels: the GGT matching protocol).

    The ECE reported for it is cross-fitted: articles split by parity, each half scored by a Platt fit on
    the other half. Thresholds chosen before are carried over (same score, new probability scale); the
    ``min_confidence`` for precision >= 0.90 of what is shown is read off the out-of-fold probabilities."""
    from bench.quotes import ece, ggt_labels, ggt_preds

    a0, b0 = config["calib_a"], config["calib_b"]
    rows = _scored_rows(ggt, tagged, coef, bias, a0, b0)
    z_of: dict[tuple[str, int, int], float] = {}
    zs: list[float] = []
    ys: list[int] = []
    folds: list[int] = []
    direct: list[float] = []
    for n, (rec, rules, props) in enumerate(rows):
        kept = _kept(rules, props, config["drop_below"], config["propose_at"])
        for it in kept:
            z_of[(rec["doc_id"], it.start, it.end)] = float(np.clip(np.dot(coef, item_features(rec["text"], it, tagged[n])) + bias, -30, 30))
        preds = ggt_preds(kept)
        zs += [z_of[(rec["doc_id"], p["start"], p["end"])] for p in preds]
        ys += ggt_labels(rec, preds)
        folds += [n % 2] * len(preds)
        direct += [float(p["kind"] == "direct") for p in preds]
    z, y, f, d = np.asarray(zs), np.asarray(ys), np.asarray(folds), np.asarray(direct)
    oof = np.zeros(len(z))
    for k in (0, 1):
        a, b, c = _platt(z[f != k], y[f != k], d[f != k])
        oof[f == k] = _sigmoid(a * z[f == k] + b + c * d[f == k])
    ece_cv = ece(oof.tolist(), y.tolist())
    ece_before = ece(_sigmoid(a0 * z + b0).tolist(), y.tolist())
    a, b, c = _platt(z, y, d)
    min_conf = next((c for c in np.arange(0.0, 1.0, 0.05) if y[oof >= c].mean() >= 0.90), 1.0)

    def moved(p: float) -> float:  # the same score threshold on the new probability scale
        if p <= 0.0 or p > 1.0:
            return p
        zz = (np.log(p / (1 - p)) - b0) / a0
        return round(float(_sigmoid(np.asarray(a * zz + b))), 3)

    print(f"GGT dev calibration: ECE {ece_before:.3f} (PolNeAR dev Platt) -> {ece_cv:.3f} (GGT dev Platt, "
          f"2-fold cross-fitted); min_confidence for precision >= 0.90 shown: {min_conf:.2f}")
    return {"calib_a": a, "calib_b": b, "calib_direct": c, "calibrated_on": "ggt-dev", "polnear_calib_a": a0,
            "polnear_calib_b": b0, "drop_below": moved(config["drop_below"]), "propose_at": moved(config["propose_at"]),
            "ggt_dev_ece_polnear_platt": round(ece_before, 4), "ggt_dev_ece_crossfit": round(ece_cv, 4),
            "min_confidence_p90": round(float(min_conf), 2)}


def save(path: Path, head: TagHead, coef: np.ndarray, config: dict[str, Any]) -> None:
    from safetensors.numpy import save_file

    from factcheck.embed import file_sha256

    tensors = {"head.w1": head.w1, "head.b1": head.b1, "head.w2": head.w2, "head.b2": head.b2,
               "scorer.coef": coef}
    save_file({k: np.ascontiguousarray(v, dtype=np.float32) for k, v in tensors.items()}, str(path),
              metadata={"config": json.dumps(config)})
    print(f"wrote {path} ({path.stat().st_size // 1024} KiB), sha256 {file_sha256(path)}")


if __name__ == "__main__":
    raise SystemExit(main())
