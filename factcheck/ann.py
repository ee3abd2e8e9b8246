"""Approximate nearest-neighbour layer: IVF + 4-bit product quantisation (FAISS fast scan), tuned to a
recall target; it only proposes candidates, which the caller re-ranks with the exact vectors.

Chosen by measurement on 1,019,250 MiniLM vectors (bench/.cache/ws-1000k, one thread, leave-text-out
recall@10 as ``_tune`` measures it): IVF4038-SQ8 with 40 candidates needed nprobe 256 for 0.985 at
p99 8.4 ms and 392 MB; IVF4038-PQ192x4fs with 500 candidates reached 0.990 at nprobe 256, p99
2.3 ms, 96 MB. The 4-bit codes rank coarsely, so many candidates are re-ranked, which is cheap.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]
Ids = npt.NDArray[np.int64]

TUNE_QUERIES = 200
MAX_NPROBE = 1024
COPY_COSINE = 1 - 1e-5  # inner product at which a unit vector counts as a copy of the query
CANDIDATE_MARGIN = 490  # candidates beyond the k wanted: 500 re-ranked for a top 10


def candidate_count(k: int) -> int:
    """How many candidates the layer proposes for a top ``k`` (all re-ranked exactly)."""
    return k + CANDIDATE_MARGIN


@dataclass(frozen=True, slots=True)
class AnnStats:
    """How an approximate index was built and what recall it measured on its own vectors."""

    size: int
    nlist: int
    nprobe: int
    recall_at_10: float
    build_s: float
    bytes: int


def nlist_for(size: int) -> int:
    """Inverted lists for ``size`` vectors: about 4·√n, within [16, 16384]."""
    return int(min(16384, max(16, 4 * math.sqrt(max(size, 1)))))


class AnnIndex:
    """IVF-PQ fast scan over a snapshot of the exact index; candidates only, exact scores come from
    the caller."""

    def __init__(self, index: Any, stats: AnnStats, quantizer: Any = None) -> None:
        self._index = index
        self._quantizer = quantizer  # the coarse quantizer must outlive the index that uses it
        self.stats = stats

    @classmethod
    def build(cls, ids: Ids, vectors: Vectors, *, recall_target: float = 0.98,
              seed: int = 0) -> AnnIndex:
        """Train, fill and tune an index; ``nprobe`` grows until recall@10 reaches the target.

        Recall is measured on the index's own vectors used as queries, each with its copies left
        out of both answers (see ``_tune``), against exact inner-product search over the same
        snapshot; a result whose exact score reaches the exact 10th score is a hit.
        """
        import faiss

        started = time.perf_counter()
        size, dim = vectors.shape
        nlist = nlist_for(size)
        quantizer = faiss.IndexFlatIP(dim)
        subquantizers = dim // 2 if dim % 2 == 0 else dim  # two dimensions per 4-bit code
        index = faiss.IndexIVFPQFastScan(quantizer, dim, nlist, subquantizers, 4,
                                         faiss.METRIC_INNER_PRODUCT)
        rng = np.random.default_rng(seed)
        sample_size = min(size, max(nlist * 40, 10_000))
        sample = vectors[np.sort(rng.choice(size, sample_size, replace=False))]
        index.cp.seed = seed
        index.train(np.ascontiguousarray(sample))
        index.add_with_ids(np.ascontiguousarray(vectors), np.ascontiguousarray(ids))
        nprobe, recall = _tune(index, ids, vectors, recall_target, rng)
        index.nprobe = nprobe
        stats = AnnStats(size=size, nlist=nlist, nprobe=nprobe, recall_at_10=recall,
                         build_s=time.perf_counter() - started,
                         bytes=int(index.sa_code_size() * size + nlist * dim * 4))
        return cls(index, stats, quantizer)

    def candidates(self, queries: Vectors, k: int) -> Ids:
        """Up to ``k`` candidate ids per query (-1 pads)."""
        _scores, ids = self._index.search(np.ascontiguousarray(queries, dtype=np.float32), k)
        return np.asarray(ids, dtype=np.int64)

    def serialize(self) -> bytes:
        import faiss

        return bytes(faiss.serialize_index(self._index).tobytes())

    def remove(self, ids: Ids) -> None:
        if len(ids):
            self._index.remove_ids(np.ascontiguousarray(ids, dtype=np.int64))


def rerank(queries: Vectors, candidate_ids: Ids, lookup: Any, k: int) -> tuple[Vectors, Ids]:
    """Exact scores for candidates: ``lookup(ids) -> vectors`` (rows for ids < 0 are ignored)."""
    n = len(queries)
    out_scores = np.full((n, k), -1.0, dtype=np.float32)  # -1: the least cosine
    out_ids = np.full((n, k), -1, dtype=np.int64)
    for row in range(n):
        cand = np.unique(candidate_ids[row][candidate_ids[row] >= 0])
        if not len(cand):
            continue
        exact = lookup(cand) @ queries[row]
        top = np.argsort(-exact, kind="stable")[:k]
        out_scores[row, :len(top)] = exact[top]
        out_ids[row, :len(top)] = cand[top]
    return out_scores, out_ids


def _tune(index: Any, ids: Ids, vectors: Vectors, target: float,
          rng: np.random.Generator) -> tuple[int, float]:
    """The least ``nprobe`` (doubling) whose leave-text-out recall@10 reaches ``target``.

    Queries are stored vectors with every copy of themselves (the same text stored again, cosine
    ~1) left out of both answers: what is measured is finding a text's *other* neighbours, as a
    fresh query or the review panel's similar claims need. Without that, an index full of repeated
    quotes scores perfect recall at one probe (each query finds its own copies) and fresh queries
    then miss their neighbours. A result whose exact score reaches the exact 10th score is a hit,
    so exact ties count whichever copy is returned.
    """
    import faiss

    size, dim = vectors.shape
    picks = rng.choice(size, min(TUNE_QUERIES, size), replace=False)
    queries = np.ascontiguousarray(vectors[picks])
    exact = faiss.IndexFlatIP(dim)
    exact.add(np.ascontiguousarray(vectors))
    lims, _scores, positions = exact.range_search(queries, COPY_COSINE)
    copies = [{int(ids[p]) for p in positions[lims[r]:lims[r + 1]]} | {int(ids[q])}
              for r, q in enumerate(picks)]
    depth = max(len(c) for c in copies) + 10
    truth_scores, truth_pos = exact.search(queries, min(depth, size))
    bars: list[float | None] = []
    for row in range(len(picks)):
        others = [float(s) for s, p in zip(truth_scores[row], truth_pos[row], strict=True)
                  if p >= 0 and int(ids[p]) not in copies[row]][:10]
        bars.append(others[-1] if others else None)  # None: nothing but copies of itself
    wanted = [min(10, sum(1 for p in truth_pos[row] if p >= 0 and int(ids[p]) not in copies[row]))
              for row in range(len(picks))]
    position = {int(i): p for p, i in enumerate(ids)}

    def lookup(found: Ids) -> Vectors:
        return vectors[[position[int(i)] for i in found]]

    nprobe, recall = 1, 0.0
    while True:
        index.nprobe = nprobe
        candidates = index.search(queries, depth - 10 + candidate_count(10))[1]
        scores, found = rerank(queries, candidates, lookup, depth)
        hits = total = 0
        for row in range(len(picks)):
            bar = bars[row]
            if bar is None:
                continue
            got = [float(s) for s, i in zip(scores[row], found[row], strict=True)
                   if i >= 0 and int(i) not in copies[row]][:10]
            hits += sum(1 for s in got if s >= bar - 1e-5)
            total += wanted[row]
        recall = hits / max(total, 1)
        if recall >= target or nprobe >= min(MAX_NPROBE, index.nlist):
            return nprobe, recall
        nprobe *= 2
