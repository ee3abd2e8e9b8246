"""Claim-index scale: exact vs approximate vector search at 10k, 100k and 1M claims.

    python bench/index_scale.py [--sizes 10000,100000,1000000] [--queries 300] [--chart PATH]

Vectors are real all-MiniLM-L6-v2 embeddings of the 19,250 PolitiFact claims (CheckThat! 2021
2B vclaims), repeated with variations to reach each size: copy i of a claim is its vector plus
Gaussian noise (per-dimension sigma 0.03, cosine to the original ≈ 0.85), renormalised. Queries
are real LIAR validation statements, embedded the same way and never in the index. The texts do
not matter here (this is vector search alone), so no store is built.

Prints, per size: exact search p50/p99 (one query at a time), the approximate layer's build time,
nlist/nprobe, recall@10 it measured on its own vectors and recall@10 on the fresh queries against
exact, its search p50/p99 (candidates + exact re-ranking), and resident bytes of both layers.
Writes a PNG chart (latency and recall against size).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

DATA = REPO.parent / "shared" / "data"
CACHE = REPO / "bench" / ".cache"
NOISE_SIGMA = 0.03


def embeddings() -> tuple[np.ndarray, np.ndarray]:
    """(base claim vectors, query vectors), cached under bench/.cache."""
    base_file, query_file = CACHE / "index_scale_base.npy", CACHE / "index_scale_queries.npy"
    if base_file.exists() and query_file.exists():
        return np.load(base_file), np.load(query_file)
    vclaims = DATA / "clef2021-checkthat-task2b-en" / "vclaims.jsonl"
    liar = DATA / "liar" / "valid.tsv"
    if not vclaims.exists() or not liar.exists():
        sys.exit(f"benchmark data not found under {DATA} (needs ../shared/data beside the repo)")
    from factcheck.config import Settings
    from factcheck.embed import SentenceTransformerEmbedder

    texts = [json.loads(line)["vclaim"] for line in vclaims.open(encoding="utf-8")]
    rows = [line.split("\t") for line in liar.read_text(encoding="utf-8").splitlines()[1:]]
    queries = [r[2] for r in rows if len(r) > 2]
    embedder = SentenceTransformerEmbedder(expected_sha256=Settings().model_sha256)
    base, qv = embedder.encode(texts), embedder.encode(queries)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(base_file, base)
    np.save(query_file, qv)
    return base, qv


def variants(base: np.ndarray, size: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = np.empty((size, base.shape[1]), dtype=np.float32)
    step = 100_000
    for offset in range(0, size, step):
        rows = np.arange(offset, min(size, offset + step))
        chunk = base[rows % len(base)].copy()
        repeat = rows >= len(base)  # the first copy of each claim is the claim itself
        chunk[repeat] += rng.normal(0, NOISE_SIGMA, (int(repeat.sum()), base.shape[1])).astype(np.float32)
        chunk /= np.linalg.norm(chunk, axis=1, keepdims=True)
        out[rows] = chunk
    return out


def latencies(index, queries: np.ndarray) -> tuple[float, float, np.ndarray]:
    times, found = [], []
    for q in queries:
        started = time.perf_counter()
        _, ids = index.search(q.reshape(1, -1), 10)
        times.append((time.perf_counter() - started) * 1000)
        found.append(ids[0])
    times.sort()
    return statistics.median(times), times[int(0.99 * (len(times) - 1))], np.array(found)


def run(size: int, base: np.ndarray, queries: np.ndarray) -> dict[str, float]:
    from factcheck.index import VectorIndex

    vectors = variants(base, size)
    ids = np.arange(1, size + 1, dtype=np.int64)
    index = VectorIndex(vectors.shape[1], "bench")  # exact while filling; the layer is built below
    index.add(ids, vectors)
    del vectors
    exact_p50, exact_p99, exact_ids = latencies(index, queries)
    started = time.perf_counter()
    index.approximate_from = 1
    index.ensure_approximate(wait=True)
    build_s = time.perf_counter() - started
    stats = index.approximate
    if stats is None:
        sys.exit(index.build_error or "the approximate layer was not built")
    ann_p50, ann_p99, ann_ids = latencies(index, queries)
    recall = float(np.mean([len(set(a) & set(e)) / 10 for a, e in zip(ann_ids, exact_ids, strict=True)]))
    return {"size": size, "exact_p50": exact_p50, "exact_p99": exact_p99, "build_s": build_s,
            "nlist": stats.nlist, "nprobe": stats.nprobe, "self_recall": stats.recall_at_10,
            "recall": recall, "ann_p50": ann_p50, "ann_p99": ann_p99,
            "flat_mb": size * base.shape[1] * 4 / 1e6, "ann_mb": stats.bytes / 1e6}


def chart(rows: list[dict[str, float]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["size"] for r in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    left.plot(sizes, [r["exact_p99"] for r in rows], "o-", label="exact (flat) p99")
    left.plot(sizes, [r["ann_p99"] for r in rows], "o-", label="IVF-PQ fast scan + exact re-rank p99")
    left.set(xscale="log", yscale="log", xlabel="claims", ylabel="ms per query (top 10)",
             title="Vector search latency")
    left.legend()
    right.plot(sizes, [r["recall"] for r in rows], "o-", label="fresh queries vs exact")
    right.plot(sizes, [r["self_recall"] for r in rows], "s--", label="tuning (own vectors)")
    right.axhline(0.98, color="grey", linestyle=":", label="target 0.98")
    right.set(xscale="log", ylim=(0.9, 1.001), xlabel="claims", ylabel="recall@10",
              title="Approximate recall")
    right.legend()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--chart", type=Path, default=CACHE / "charts" / "index_scale.png")
    args = parser.parse_args()
    base, queries = embeddings()
    queries = queries[:args.queries]
    rows = []
    print(f"{'claims':>9} {'exact p50/p99 ms':>17} {'build s':>8} {'nlist/nprobe':>12} "
          f"{'recall self/fresh':>17} {'approx p50/p99 ms':>18} {'flat+ivf MB':>12}")
    for size in (int(s) for s in args.sizes.split(",")):
        r = run(size, base, queries)
        rows.append(r)
        print(f"{size:>9,} {r['exact_p50']:>8.2f}/{r['exact_p99']:<8.2f} {r['build_s']:>8.1f} "
              f"{int(r['nlist']):>6}/{int(r['nprobe']):<5} {r['self_recall']:>8.3f}/{r['recall']:<8.3f} "
              f"{r['ann_p50']:>8.2f}/{r['ann_p99']:<9.2f} {r['flat_mb']:>6.0f}+{r['ann_mb']:<5.0f}",
              flush=True)
    chart(rows, args.chart)
    print(f"chart: {args.chart}")


if __name__ == "__main__":
    main()
