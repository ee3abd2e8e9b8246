"""Approximate nearest-neighbour layer: IVF + 8-bit scalar quantisation, tuned to a recall target."""

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
    """IVF-SQ8 over a snapshot of the exact index; candidates only, exact scores come from the caller."""

    def __init__(self, index: Any, stats: AnnStats, quantizer: Any = None) -> None:
        self._index = index
        self._quantizer = quantizer  # the coarse quantizer must outlive the index that uses it
        self.stats = stats

    @classmethod
    def build(cls, ids: Ids, vectors: Vectors, *, recall_target: float = 0.98,
              rerank_factor: int = 4, seed: int = 0) -> AnnIndex:
        """Train, fill and tune an index; ``nprobe`` grows until recall@10 reaches the target.

        Recall is measured on the index's own vectors used as queries (each query's own id left
        out of both answers), against exact inner-product search over the same snapshot; a result
        whose exact score reaches the exact 10th score is a hit (exact ties count either copy).
        """
        import faiss

        started = time.perf_counter()
        size, dim = vectors.shape
        nlist = nlist_for(size)
        quantizer = faiss.IndexFlatIP(dim)
        index = faiss.IndexIVFScalarQuantizer(quantizer, dim, nlist, faiss.ScalarQuantizer.QT_8bit,
                                              faiss.METRIC_INNER_PRODUCT)
        rng = np.random.default_rng(seed)
        sample_size = min(size, max(nlist * 40, 10_000))
        sample = vectors[np.sort(rng.choice(size, sample_size, replace=False))]
        index.cp.seed = seed
        index.train(np.ascontiguousarray(sample))
        index.add_with_ids(np.ascontiguousarray(vectors), np.ascontiguousarray(ids))
        nprobe, recall = _tune(index, ids, vectors, recall_target, rerank_factor, rng)
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


def _tune(index: Any, ids: Ids, vectors: Vectors, target: float, rerank_factor: int,
          rng: np.random.Generator) -> tuple[int, float]:
    import faiss

    size, dim = vectors.shape
    picks = rng.choice(size, min(TUNE_QUERIES, size), replace=False)
    queries = np.ascontiguousarray(vectors[picks])
    exact = faiss.IndexFlatIP(dim)
    exact.add(np.ascontiguousarray(vectors))
    truth_scores, truth_pos = exact.search(queries, 11)
    # The 10th best exact score other than the query itself: a result reaching it is a hit, so exact
    # ties (the same quote in many articles has the same vector) count whichever copy is returned.
    bar = [float([s for s, p in zip(srow, prow, strict=True) if p >= 0 and ids[p] != ids[q]][:10][-1])
           for srow, prow, q in zip(truth_scores, truth_pos, picks, strict=True)]
    position = {int(i): p for p, i in enumerate(ids)}

    def lookup(found: Ids) -> Vectors:
        return vectors[[position[int(i)] for i in found]]

    nprobe, recall = 1, 0.0
    while True:
        index.nprobe = nprobe
        candidates = index.search(queries, 11 * rerank_factor)[1]
        scores, found = rerank(queries, candidates, lookup, 11)
        hits = total = 0
        for row, q in enumerate(picks):
            got = [float(s) for s, i in zip(scores[row], found[row], strict=True) if i >= 0 and i != ids[q]][:10]
            hits += sum(1 for s in got if s >= bar[row] - 1e-5)
            total += 10
        recall = hits / max(total, 1)
        if recall >= target or nprobe >= min(MAX_NPROBE, index.nlist):
            return nprobe, recall
        nprobe *= 2
