"""FAISS inner-product index keyed by store ids: add, remove, search, atomic save, load.

Exact (flat) at every size; past ``approximate_from`` vectors an IVF-PQ layer (``factcheck.ann``)
is built from the exact vectors and swapped in atomically: in a background thread for a long-lived
process (the app), which then saves it beside the index file it was loaded from; at ``save`` for a
one-shot process (the CLI), so a command that only reads never pays for a build it would not keep.
Searches take candidates from the layer (plus the vectors added since it was built) and re-rank
them exactly, so scores stay exact inner products; until it is ready, search stays exact.
"""

from __future__ import annotations

import hashlib
import json
import struct
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from factcheck.ann import AnnIndex, AnnStats, candidate_count, rerank
from factcheck.errors import VectorIndexError
from factcheck.fileio import atomic_write_bytes

MAGIC = b"FCIDX1"
LAYER_MAGIC = b"FCANN2"  # 2: IVF-PQ fast scan, tuned leaving each query's copies out
SMALL_SEARCH = 4  # query rows searched on one thread (few_threads)
REBUILD_FRACTION = 0.1  # rebuild once this share of vectors arrived after the last build
BUILD_CHUNK = 100_000


@contextmanager
def few_threads(rows: int) -> Iterator[None]:
    """One OpenMP thread for a few query rows: FAISS's thread team costs more than it saves on small
    searches, and far more on a busy machine (120k exact, at load 8: p50 51-72 ms on one thread,
    185-194 ms on two). Batches keep every thread."""
    import faiss

    if rows > SMALL_SEARCH:
        yield
        return
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


def layer_path(path: Path) -> Path:
    """Where the approximate layer of the index file ``path`` is saved."""
    return path.with_name(path.name + ".ivf")


def ids_digest(ids: Iterable[int]) -> str:
    """An order-independent digest of a set of ids, to compare an index with the store."""
    array = np.fromiter(sorted(ids), dtype=np.int64)
    return hashlib.sha256(array.tobytes()).hexdigest()


class VectorIndex:
    """Exact inner-product search over normalised vectors, ids = store ids."""

    def __init__(self, dim: int, model_id: str, *, approximate_from: int = 0,
                 recall_target: float = 0.98, background_builds: bool = True) -> None:
        """``approximate_from`` = 0 keeps search exact at every size. ``background_builds``: build
        the approximate layer in a background thread when due (and save it when done); False
        builds it only in ``save`` (in the caller's thread)."""
        import faiss

        self.dim = dim
        self.model_id = model_id
        self.approximate_from = approximate_from
        self.recall_target = recall_target
        self._index: Any = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
        self._lock = threading.RLock()
        self._ann: AnnIndex | None = None
        self._delta: Any = None  # exact index of the vectors added since the approximate snapshot
        self._builder: threading.Thread | None = None
        self._building_added: set[int] = set()
        self._building_removed: set[int] = set()
        self.background_builds = background_builds
        self.path: Path | None = None  # the file last loaded or saved: where a finished build is saved
        self.build_error: str = ""
        self._retry_from = 0  # after a failed build, try again only once the index grew this far

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def ids(self) -> set[int]:
        import faiss

        with self._lock:
            if len(self) == 0:
                return set()
            return set(faiss.vector_to_array(self._index.id_map).tolist())

    def add(self, ids: npt.ArrayLike, vectors: npt.NDArray[np.float32]) -> None:
        id_array = np.asarray(ids, dtype=np.int64)
        if len(id_array) == 0:
            return
        if vectors.shape != (len(id_array), self.dim):
            raise VectorIndexError(f"vectors of shape {vectors.shape} do not fit index dim {self.dim}")
        with self._lock:
            self.remove(id_array)
            self._index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), id_array)
            fresh = {int(i) for i in id_array}
            if self._ann is not None:
                self._delta_add(id_array, vectors)
            if self._builder is not None:
                self._building_added |= fresh
                self._building_removed -= fresh
        self.ensure_approximate()

    def remove(self, ids: npt.ArrayLike) -> int:
        id_array = np.asarray(ids, dtype=np.int64)
        if len(id_array) == 0:
            return 0
        with self._lock:
            removed = int(self._index.remove_ids(id_array))
            if removed:
                gone = {int(i) for i in id_array}
                if self._ann is not None:
                    self._ann.remove(id_array)
                    self._delta.remove_ids(id_array)
                if self._builder is not None:
                    self._building_removed |= gone
                    self._building_added -= gone
            return removed

    def search(self, queries: npt.NDArray[np.float32], k: int) -> tuple[
            npt.NDArray[np.float32], npt.NDArray[np.int64]]:
        """Top-k (scores, ids) per query row; missing slots have id -1."""
        with self._lock:
            k = max(1, min(k, len(self))) if len(self) else 1
            if len(self) == 0:
                n = len(queries)
                return np.zeros((n, 1), np.float32), np.full((n, 1), -1, np.int64)
            queries = np.ascontiguousarray(queries, dtype=np.float32)
            with few_threads(len(queries)):
                if self._ann is None:
                    scores, ids = self._index.search(queries, k)
                    return scores, ids
                candidates = self._ann.candidates(queries, candidate_count(k))
                if self._delta.ntotal:
                    recent = self._delta.search(queries, min(k, int(self._delta.ntotal)))[1]
                    candidates = np.hstack([candidates, recent])
            return rerank(queries, candidates, self._lookup, k)

    def _delta_add(self, ids: npt.NDArray[np.int64], vectors: npt.NDArray[np.float32]) -> None:
        import faiss

        if self._delta is None:
            self._delta = faiss.IndexIDMap2(faiss.IndexFlatIP(self.dim))
        self._delta.remove_ids(ids)
        self._delta.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids)

    def _lookup(self, ids: npt.NDArray[np.int64]) -> npt.NDArray[np.float32]:
        return np.asarray(self._index.reconstruct_batch(np.ascontiguousarray(ids)), dtype=np.float32)

    # --- the approximate layer --------------------------------------------------------------
    @property
    def approximate(self) -> AnnStats | None:
        """Stats of the approximate layer in use, or None while search is exact."""
        ann = self._ann
        return ann.stats if ann is not None else None

    @property
    def layer_due(self) -> bool:
        """Whether an approximate layer should be (re)built: the index is large enough and has no
        layer, or a tenth of its vectors arrived after the layer was built."""
        with self._lock:
            return bool(self.approximate_from) and len(self) >= max(self.approximate_from, self._retry_from) and (
                self._ann is None or self._delta.ntotal > REBUILD_FRACTION * self._ann.stats.size)

    def ensure_approximate(self, *, wait: bool = False) -> None:
        """Start a build when ``layer_due`` (in the background only with ``background_builds``,
        else only when ``wait``); ``wait`` joins it."""
        if not (self.background_builds or wait):
            return
        with self._lock:
            if self.layer_due and self._builder is None:
                self._building_added = set()
                self._building_removed = set()
                self._builder = threading.Thread(target=self._build, name="ann-build", daemon=True)
                self._builder.start()
            builder = self._builder
        if wait and builder is not None:
            builder.join()

    def _build(self) -> None:
        import faiss

        try:
            with self._lock:
                ids = faiss.vector_to_array(self._index.id_map).astype(np.int64)
            parts = []
            for offset in range(0, len(ids), BUILD_CHUNK):
                with self._lock:  # short holds: searches and adds go on between chunks
                    chunk = np.array([i for i in ids[offset:offset + BUILD_CHUNK]
                                      if int(i) not in self._building_removed], dtype=np.int64)
                    parts.append((chunk, self._lookup(chunk) if len(chunk) else
                                  np.zeros((0, self.dim), np.float32)))
            snapshot_ids = np.concatenate([p[0] for p in parts])
            vectors = np.concatenate([p[1] for p in parts])
            del parts
            ann = AnnIndex.build(snapshot_ids, vectors, recall_target=self.recall_target)
            del vectors
            with self._lock:
                if self._building_removed:
                    ann.remove(np.fromiter(self._building_removed, dtype=np.int64))
                self._ann = ann
                self._delta = None
                recent = np.fromiter(self._building_added, dtype=np.int64)
                self._delta_add(recent, self._lookup(recent) if len(recent) else
                                np.zeros((0, self.dim), np.float32))
                self.build_error = ""
        except Exception as exc:  # a failed build leaves exact search in place; say why
            self.build_error = f"approximate index build failed: {exc}"
            self._retry_from = int(len(self) * (1 + REBUILD_FRACTION)) + 1
            return
        finally:
            with self._lock:
                self._builder = None
                self._building_added = set()
                self._building_removed = set()
        if self.background_builds and self.path is not None:
            try:  # keep the finished layer, so the next process need not build it again
                self.save(self.path)
            except OSError as exc:
                self.build_error = f"approximate index built but not saved to {self.path}: {exc}"

    def reconstruct(self, ident: int) -> npt.NDArray[np.float32] | None:
        with self._lock:
            try:
                return np.asarray(self._index.reconstruct(int(ident)), dtype=np.float32)
            except RuntimeError:
                return None

    def vectors(self, ids: Sequence[int]) -> dict[int, npt.NDArray[np.float32]]:
        """The stored vectors of ``ids`` (absent ids left out), reconstructed in one call when all exist."""
        keys = np.asarray(list(ids), dtype=np.int64)
        if len(keys) == 0:
            return {}
        with self._lock:
            try:
                matrix = np.asarray(self._index.reconstruct_batch(keys), dtype=np.float32)
            except RuntimeError:  # some id is not stored: one at a time, skipping the absent ones
                found = {int(i): v for i in keys if (v := self.reconstruct(int(i))) is not None}
                return found
        return {int(i): matrix[n] for n, i in enumerate(keys)}

    def save(self, path: Path) -> None:
        """Write the exact index and, when there is one, its approximate layer (each atomically);
        without ``background_builds`` a due layer is built first, here."""
        import faiss

        if not self.background_builds:
            self.ensure_approximate(wait=True)
        with self._lock:
            self.path = path
            payload = faiss.serialize_index(self._index).tobytes()
            digest = ids_digest(self.ids())
            header = json.dumps({"dim": self.dim, "model_id": self.model_id,
                                 "count": len(self), "ids": digest}).encode()
            layer = self._layer_bytes(digest) if self._ann is not None else None
        atomic_write_bytes(path, MAGIC + struct.pack("<I", len(header)) + header + payload)
        if layer is not None:  # after the exact file: a crash in between leaves a stale layer
            atomic_write_bytes(layer_path(path), layer)  # that load then ignores and rebuilds

    def _layer_bytes(self, digest: str) -> bytes:
        """The approximate layer, tied to the exact index's ids (plus the ids added since)."""
        import faiss

        assert self._ann is not None
        recent = [] if self._delta is None else [int(i) for i in faiss.vector_to_array(self._delta.id_map)]
        header = json.dumps({"ids": digest, "model_id": self.model_id, "recent": recent,
                             "recall_target": self.recall_target,
                             "stats": asdict(self._ann.stats)}).encode()
        return LAYER_MAGIC + struct.pack("<I", len(header)) + header + self._ann.serialize()

    def _restore_layer(self, path: Path, digest: str) -> bool:
        """Use a saved approximate layer when it belongs to exactly this index; else False."""
        import faiss

        try:
            data = layer_path(path).read_bytes()
            if not data.startswith(LAYER_MAGIC):
                return False
            (size,) = struct.unpack("<I", data[len(LAYER_MAGIC):len(LAYER_MAGIC) + 4])
            start = len(LAYER_MAGIC) + 4
            header = json.loads(data[start:start + size])
            if (header["ids"] != digest or header["model_id"] != self.model_id
                    or float(header["recall_target"]) != self.recall_target):
                return False
            raw = np.frombuffer(data[start + size:], dtype=np.uint8)
            ann = AnnIndex(faiss.deserialize_index(raw), AnnStats(**header["stats"]))
            recent = np.asarray(header["recent"], dtype=np.int64)
        except (OSError, ValueError, KeyError, TypeError, RuntimeError, struct.error):
            return False  # missing or damaged: rebuilt in the background instead
        with self._lock:
            self._ann = ann
            self._delta = None
            self._delta_add(recent, self._lookup(recent) if len(recent) else
                            np.zeros((0, self.dim), np.float32))
        return True

    @classmethod
    def load(cls, path: Path, *, approximate_from: int = 0, recall_target: float = 0.98,
             background_builds: bool = True) -> tuple[VectorIndex, dict[str, Any]]:
        """Load an index file; raises VectorIndexError when it is missing or corrupt."""
        import faiss

        try:
            data = path.read_bytes()
            if not data.startswith(MAGIC):
                raise ValueError("not a factcheck index file")
            (size,) = struct.unpack("<I", data[len(MAGIC):len(MAGIC) + 4])
            start = len(MAGIC) + 4
            header = json.loads(data[start:start + size])
            raw = np.frombuffer(data[start + size:], dtype=np.uint8)
            index = faiss.deserialize_index(raw)
        except FileNotFoundError as exc:
            raise VectorIndexError(f"index file {path} is missing") from exc
        except (OSError, ValueError, RuntimeError, struct.error) as exc:
            raise VectorIndexError(f"index file {path} is corrupt ({exc})") from exc
        result = cls(int(header["dim"]), str(header["model_id"]), approximate_from=approximate_from,
                     recall_target=recall_target, background_builds=background_builds)
        result._index = index
        result.path = path
        if len(result) != int(header["count"]):
            raise VectorIndexError(f"index file {path} is corrupt (count mismatch)")
        if not (approximate_from and len(result) >= approximate_from
                and result._restore_layer(path, str(header["ids"]))):
            result.ensure_approximate()
        return result, header
