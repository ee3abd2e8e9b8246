"""FAISS inner-product index keyed by store ids: add, remove, search, atomic save, load."""

from __future__ import annotations

import hashlib
import json
import struct
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from factcheck.errors import VectorIndexError
from factcheck.fileio import atomic_write_bytes

MAGIC = b"FCIDX1"


def ids_digest(ids: Iterable[int]) -> str:
    """An order-independent digest of a set of ids, to compare an index with the store."""
    array = np.fromiter(sorted(ids), dtype=np.int64)
    return hashlib.sha256(array.tobytes()).hexdigest()


class VectorIndex:
    """Exact inner-product search over normalised vectors, ids = store ids."""

    def __init__(self, dim: int, model_id: str) -> None:
        import faiss

        self.dim = dim
        self.model_id = model_id
        self._index: Any = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
        self._lock = threading.RLock()

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def ids(self) -> set[int]:
        import faiss

        with self._lock:
            if len(self) == 0:
                return set()
            return {int(i) for i in faiss.vector_to_array(self._index.id_map)}

    def add(self, ids: npt.ArrayLike, vectors: npt.NDArray[np.float32]) -> None:
        id_array = np.asarray(ids, dtype=np.int64)
        if len(id_array) == 0:
            return
        if vectors.shape != (len(id_array), self.dim):
            raise VectorIndexError(f"vectors of shape {vectors.shape} do not fit index dim {self.dim}")
        with self._lock:
            self.remove(id_array)
            self._index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), id_array)

    def remove(self, ids: npt.ArrayLike) -> int:
        id_array = np.asarray(ids, dtype=np.int64)
        if len(id_array) == 0:
            return 0
        with self._lock:
            return int(self._index.remove_ids(id_array))

    def search(self, queries: npt.NDArray[np.float32], k: int) -> tuple[
            npt.NDArray[np.float32], npt.NDArray[np.int64]]:
        """Top-k (scores, ids) per query row; missing slots have id -1."""
        with self._lock:
            k = max(1, min(k, len(self))) if len(self) else 1
            if len(self) == 0:
                n = len(queries)
                return np.zeros((n, 1), np.float32), np.full((n, 1), -1, np.int64)
            scores, ids = self._index.search(np.ascontiguousarray(queries, dtype=np.float32), k)
            return scores, ids

    def reconstruct(self, ident: int) -> npt.NDArray[np.float32] | None:
        with self._lock:
            try:
                return np.asarray(self._index.reconstruct(int(ident)), dtype=np.float32)
            except RuntimeError:
                return None

    def save(self, path: Path) -> None:
        import faiss

        with self._lock:
            payload = faiss.serialize_index(self._index).tobytes()
            header = json.dumps({"dim": self.dim, "model_id": self.model_id,
                                 "count": len(self), "ids": ids_digest(self.ids())}).encode()
        atomic_write_bytes(path, MAGIC + struct.pack("<I", len(header)) + header + payload)

    @classmethod
    def load(cls, path: Path) -> tuple[VectorIndex, dict[str, Any]]:
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
        result = cls(int(header["dim"]), str(header["model_id"]))
        result._index = index
        if len(result) != int(header["count"]):
            raise VectorIndexError(f"index file {path} is corrupt (count mismatch)")
        return result, header
