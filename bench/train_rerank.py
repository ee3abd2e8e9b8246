"""Train the match re-ranker (factcheck/match/reranker.safetensors) on CheckThat! 2021 2A+2B train.

    python bench/train_rerank.py              # features (cached), fit, dev report, write weights
    python bench/train_rerank.py --no-write   # fit and report only

Each train query is ranked by the product's fused search (``rank_candidates(rerank=False)``);
its top ``RERANK_DEPTH`` candidates, hard negatives included, become (query, candidate) rows built
by ``factcheck.match.rerank.pair_matrix`` (the same code the product runs). A one-hidden-layer
head is fitted with a listwise softmax loss plus a pointwise logistic loss (fixed seed, 2 threads,
a few minutes) and evaluated on the dev splits (MAP@5 over the re-ordered list).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import itertools
import json
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.claim_matching import CACHE, load_split, workspace_for  # noqa: E402
from factcheck.match.rerank import (  # noqa: E402
    RERANK_DEPTH,
    RERANK_RESOURCE,
    input_names,
    pair_matrix,
)

SEED = 12
HIDDEN = 32
EPOCHS = 20
WEIGHTS = REPO / "factcheck" / "match" / RERANK_RESOURCE
CARD = REPO / "factcheck" / "match" / "reranker.md"


def split_queries(task: str, split: str):
    """A split's queries, or with ``split`` "train-short"/"dev-short" its short typed versions."""
    from bench.fit_matching import short_queries

    data = load_split(task, split.removesuffix("-short"))
    return (short_queries(data.queries) if split.endswith("-short") else data.queries), data.qrels


def features(task: str, split: str) -> dict[str, np.ndarray]:
    """Rows, labels, group sizes and relevant counts of one split (cached under bench/.cache)."""
    path = CACHE / f"rerank-{task}-{split}-{RERANK_DEPTH}-{len(input_names())}.npz"
    if path.exists():
        return dict(np.load(path))
    ws = workspace_for(task)
    queries, qrels = split_queries(task, split)
    results = ws.rank_candidates(queries, rerank=False)
    inputs = ws.rerank_inputs(queries, results, RERANK_DEPTH)
    ids = sorted({s.claim_id for item in inputs for s in item.candidates})
    external = {cid: c.external_id for cid, c in ws.store.get_claims(ids).items()}
    rows, labels, sizes, relevant, qids = [], [], [], [], []
    for query, item in zip(queries, inputs, strict=True):
        qids.append(query.query_id)
        gold = qrels.get(query.query_id, set())
        rows.append(pair_matrix(item))
        labels.extend(float(external[s.claim_id] in gold) for s in item.candidates)
        sizes.append(len(item.candidates))
        relevant.append(len(gold))
    out = {"x": np.vstack(rows).astype(np.float32), "y": np.asarray(labels, np.float32),
           "sizes": np.asarray(sizes, np.int64), "relevant": np.asarray(relevant, np.int64),
           "qids": np.asarray(qids)}
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez(path, **out)
    return out


def map5(scores: np.ndarray, part: dict[str, np.ndarray]) -> float:
    """MAP@5 of the re-ordered top lists (relevant beyond the list count as missed)."""
    total, start = 0.0, 0
    for size, n_rel in zip(part["sizes"], part["relevant"], strict=True):
        y = part["y"][start:start + size]
        order = np.argsort(-scores[start:start + size], kind="stable")[:5]
        hits, ap = 0, 0.0
        for rank, i in enumerate(order, start=1):
            if y[i]:
                hits += 1
                ap += hits / rank
        total += ap / max(int(n_rel), 1)
        start += size
    return total / len(part["sizes"])


def fit(train: dict[str, np.ndarray], devs: dict[str, dict[str, np.ndarray]], epochs: int):
    import torch

    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    rng = np.random.default_rng(SEED)
    x = train["x"]
    mean = x.mean(0)
    std = x.std(0)
    scale = np.where(std > 1e-6, std, 1.0).astype(np.float32)
    xt = torch.tensor((x - mean) / scale)
    yt = torch.tensor(train["y"])
    bounds = np.cumsum([0, *train["sizes"]])
    groups = [(int(a), int(b)) for a, b in itertools.pairwise(bounds)]
    model = torch.nn.Sequential(torch.nn.Dropout(0.1), torch.nn.Linear(x.shape[1], HIDDEN),
                                torch.nn.ReLU(), torch.nn.Dropout(0.1), torch.nn.Linear(HIDDEN, 1))
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-2)
    bce = torch.nn.BCEWithLogitsLoss()
    for epoch in range(epochs):
        model.train()
        order = rng.permutation(len(groups))
        for start in range(0, len(order), 32):
            batch = [groups[i] for i in order[start:start + 32]]
            idx = torch.tensor(np.concatenate([np.arange(a, b) for a, b in batch]))
            logits = model(xt[idx]).squeeze(-1)
            loss = bce(logits, yt[idx])
            offset = 0
            listwise = []
            for a, b in batch:
                n = b - a
                z, y = logits[offset:offset + n], yt[a:b]
                offset += n
                if y.sum() > 0:
                    listwise.append(torch.logsumexp(z, 0) - torch.logsumexp(z[y > 0], 0))
            if listwise:
                loss = loss + torch.stack(listwise).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
        if epoch % 5 == 4 or epoch == epochs - 1:
            shown = "  ".join(f"{name} MAP@5 {map5(_predict(model, part, mean, scale), part):.4f}"
                              for name, part in devs.items())
            print(f"epoch {epoch + 1}: {shown}", file=sys.stderr)
    return model, mean, scale


def _predict(model, part, mean, scale) -> np.ndarray:
    import torch

    model.eval()
    with torch.no_grad():
        return model(torch.tensor((part["x"] - mean) / scale)).squeeze(-1).numpy()


def write(model, mean, scale, note: str) -> str:
    from safetensors.numpy import save

    layers = [m for m in model if hasattr(m, "weight")]
    tensors = {"mean": mean.astype(np.float32), "scale": scale.astype(np.float32),
               "hidden_w": layers[0].weight.detach().numpy().T.copy(),
               "hidden_b": layers[0].bias.detach().numpy().copy(),
               "out_w": layers[1].weight.detach().numpy().T.copy(),
               "out_b": layers[1].bias.detach().numpy().copy()}
    raw = save(tensors, metadata={"inputs": json.dumps(input_names()),
                                  "note": note})
    WEIGHTS.write_bytes(raw)
    return hashlib.sha256(raw).hexdigest()


PARTS = ("x", "y", "sizes", "relevant", "qids")
TRAIN = [(t, s) for t in ("2a", "2b") for s in ("train", "train-short")]
DEV = {"2a dev": [("2a", "dev")], "2b dev": [("2b", "dev")],
       "short dev": [("2a", "dev-short"), ("2b", "dev-short")]}
FOLDS = 5


def join(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    return {k: np.concatenate([p[k] for p in parts]) for k in PARTS}


def subset(part: dict[str, np.ndarray], keep: np.ndarray) -> dict[str, np.ndarray]:
    """The queries of ``part`` where ``keep`` (one flag per query) is set."""
    rows = np.repeat(keep, part["sizes"])
    return {"x": part["x"][rows], "y": part["y"][rows], "sizes": part["sizes"][keep],
            "relevant": part["relevant"][keep], "qids": part["qids"][keep]}


def out_of_fold(parts: dict[tuple[str, str], dict[str, np.ndarray]], epochs: int) -> None:
    """Held-out re-ranker probabilities of every train row (the level calibration is fitted on
    them, so its thresholds are not set on scores the head has memorised)."""
    fold_of = {key: np.asarray([int(hashlib.sha256(q.encode()).hexdigest(), 16) % FOLDS
                                for q in parts[key]["qids"]]) for key in TRAIN}
    oof = {key: np.zeros(len(parts[key]["y"]), np.float32) for key in TRAIN}
    for fold in range(FOLDS):
        model, mean, scale = fit(join([subset(parts[k], fold_of[k] != fold) for k in TRAIN]), {},
                                 epochs)
        for key in TRAIN:
            rows = np.repeat(fold_of[key] == fold, parts[key]["sizes"])
            logits = _predict(model, {"x": parts[key]["x"][rows]}, mean, scale)
            oof[key][rows] = 1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))
        print(f"fold {fold + 1}/{FOLDS} done", file=sys.stderr)
    for (task, split), values in oof.items():
        np.save(CACHE / f"rerank-oof-{task}-{split}.npy", values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--oof", action="store_true",
                        help="also write held-out train probabilities for bench/fit_matching.py")
    args = parser.parse_args()
    started = time.perf_counter()
    parts = {key: features(*key) for key in TRAIN + [k for ks in DEV.values() for k in ks]}
    print(f"features in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    train = join([parts[k] for k in TRAIN])
    devs = {name: join([parts[k] for k in keys]) for name, keys in DEV.items()}
    for name, part in devs.items():
        fused = -np.concatenate([np.arange(n) for n in part["sizes"]]).astype(np.float32)
        print(f"{name} fused order MAP@5 {map5(fused, part):.4f}", file=sys.stderr)
    fitted = time.perf_counter()
    model, mean, scale = fit(train, devs, args.epochs)
    print(f"fitted in {time.perf_counter() - fitted:.0f}s", file=sys.stderr)
    if not args.no_write:
        note = (f"bench/train_rerank.py on CheckThat! 2021 2A+2B train (full and short), seed "
                f"{SEED}, {args.epochs} epochs, {datetime.date.today().isoformat()}")
        print(f"wrote {WEIGHTS.name} sha256 {write(model, mean, scale, note)}")
    if args.oof:
        out_of_fold({key: parts[key] for key in TRAIN}, args.epochs)


if __name__ == "__main__":
    main()
