"""similar_claims and vector search against workspace size (10k, 100k, 1M claims), with a PNG chart.

    python bench/similar_scale.py [--sizes 10000,100000,1000000] [--probes 200] [--chart PATH] [--json OUT]

Workspaces come from bench/cold_start.py's builder (bench/.cache/ws-<N>k): the 19,250 PolitiFact
priors plus N news claims whose texts are the priors' texts repeated (one article each), so BM25
sees real claim texts and every copy keeps its real MiniLM vector (copies of a text share a vector:
an adversarial case for the approximate layer, whose lists fill with exact duplicates). No random
vectors are used. Per size: `similar_claims` (k=10, explanations) p50/p99 over --probes stored claims
(warm process), the claim index's search alone p50/p99 for fresh LIAR statement vectors, recall@10
of the index against exact flat search on those queries, the approximate layer's build time and
resident bytes (exact vectors + layer).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CACHE = REPO / "bench" / ".cache"
LIAR = REPO.parent / "shared" / "data" / "liar" / "valid.tsv"


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * len(ordered)) - 1)]


def queries(n: int) -> np.ndarray:
    """Fresh query vectors: LIAR validation statements (cached under bench/.cache)."""
    path = CACHE / f"liar_valid_vectors_{n}.npy"
    if path.exists():
        return np.load(path)
    from factcheck.config import Settings
    from factcheck.embed import SentenceTransformerEmbedder

    rows = [line.split("\t") for line in LIAR.read_text(encoding="utf-8").splitlines()[1:]]
    texts = [r[2] for r in rows if len(r) > 3][:n]
    vectors = SentenceTransformerEmbedder(expected_sha256=Settings().model_sha256).encode(texts)
    np.save(path, vectors)
    return vectors


def measure(size: int, probes: int, qvecs: np.ndarray) -> dict[str, float]:
    import faiss

    from bench.cold_start import build
    from factcheck.workspace import Workspace

    ws = Workspace(build(size))
    index = ws.claim_index
    rng = random.Random(7)
    ids = rng.sample(sorted(index.ids()), probes)
    ws.similar_claims(ids[0], k=10, explain=True)  # warm
    similar = []
    for cid in ids:
        started = time.perf_counter()
        ws.similar_claims(cid, k=10, explain=True)
        similar.append((time.perf_counter() - started) * 1000)
    search = []
    found = []
    for q in qvecs:
        started = time.perf_counter()
        got, _ = index.search(q[None, :], 10)  # exact scores (re-ranked with the exact vectors)
        search.append((time.perf_counter() - started) * 1000)
        found.append(got[0])
    exact_ms = []
    for q in qvecs[:100]:  # the flat layer alone, one query at a time: the exact baseline
        started = time.perf_counter()
        index._index.search(np.ascontiguousarray(q[None, :]), 10)
        exact_ms.append((time.perf_counter() - started) * 1000)
    exact, _ = index._index.search(np.ascontiguousarray(qvecs), 10)  # exact top 10 of every query
    # Copies share a vector, so exact ties are common: a result counts when its exact score reaches
    # the exact 10th score (which tied copy is returned does not matter).
    recall = float(np.mean([(f >= e[-1] - 1e-5).sum() / 10 for f, e in zip(found, exact, strict=True)]))
    stats = index.approximate
    flat_bytes = len(index) * index.dim * 4
    ws.close()
    del faiss
    return {"claims": len(index), "similar_p50_ms": statistics.median(similar), "similar_p99_ms": p99(similar),
            "search_p50_ms": statistics.median(search), "search_p99_ms": p99(search), "recall_at_10": recall,
            "exact_p99_ms": p99(exact_ms),
            "approximate": float(stats is not None), "build_s": stats.build_s if stats else 0.0,
            "index_mb": (flat_bytes + (stats.bytes if stats else 0)) / 2**20}


def chart(rows: list[dict[str, float]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path.parent.mkdir(parents=True, exist_ok=True)
    sizes = [r["claims"] for r in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    for key, label in (("similar_p99_ms", "similar_claims k=10 + explanations, p99"),
                       ("similar_p50_ms", "similar_claims p50"), ("search_p99_ms", "vector search alone, p99"),
                       ("search_p50_ms", "vector search p50")):
        left.plot(sizes, [r[key] for r in rows], marker="o", label=label)
    left.axhline(25, color="grey", linestyle="--", linewidth=0.8)
    left.axhline(5, color="grey", linestyle=":", linewidth=0.8)
    left.set(xscale="log", yscale="log", xlabel="claims in the workspace", ylabel="ms",
             title="latency (targets at 1M: 25 ms, 5 ms)")
    left.legend(fontsize=7)
    right.plot(sizes, [r["recall_at_10"] for r in rows], marker="o")
    right.axhline(0.98, color="grey", linestyle="--", linewidth=0.8)
    right.set(xscale="log", ylim=(0.9, 1.001), xlabel="claims in the workspace",
              ylabel="recall@10 vs exact", title="recall of the claim index (fresh LIAR queries)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--probes", type=int, default=200)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--chart", type=Path, default=CACHE / "charts" / "similar_scale.png")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    if not LIAR.exists():
        print(f"skipped: needs {LIAR}")
        return
    qvecs = queries(args.queries)
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        r = measure(size, args.probes, qvecs)
        rows.append(r)
        print(f"{int(r['claims']):>9,} claims: similar_claims p50 {r['similar_p50_ms']:.1f} ms p99 "
              f"{r['similar_p99_ms']:.1f} ms; vector search p50 {r['search_p50_ms']:.2f} ms p99 "
              f"{r['search_p99_ms']:.2f} ms (exact flat p99 {r['exact_p99_ms']:.1f} ms), recall@10 {r['recall_at_10']:.3f}; "
              f"{'approximate layer built in ' + format(r['build_s'], '.0f') + ' s' if r['approximate'] else 'exact'}"
              f", index {r['index_mb']:.0f} MB", flush=True)
    chart(rows, args.chart)
    print(f"chart: {args.chart}")
    if args.json is not None:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
