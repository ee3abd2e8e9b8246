"""HashingEmbedder: a deterministic, model-free :class:`~factcheck.embed.Embedder` for fast tests.

Each word (case-folded) and each pair of adjacent words lands in a signed hash bucket; the vector is
L2-normalised, so shared words give a positive cosine. It knows no synonyms: tests of plumbing
(indexes, sync, storage, queues, exports) use it; tests of match quality use the real model.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from itertools import pairwise

import numpy as np

from factcheck.embed import Vectors

_WORD = re.compile(r"\w+")


class HashingEmbedder:
    """Bag of hashed words and word pairs in ``dim`` signed buckets (no model, no randomness)."""

    def __init__(self, dim: int = 384) -> None:
        self.dim = dim
        self.model_id = f"hashing-{dim}"
        self.calls = 0  # encode calls that reached this embedder (past the store's cache)

    def encode(self, texts: Sequence[str]) -> Vectors:
        self.calls += 1
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            words = _WORD.findall(text.casefold())
            for token in [*words, *(f"{a} {b}" for a, b in pairwise(words))]:
                digest = hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest()
                value = int.from_bytes(digest, "little")
                vectors[row, value % self.dim] += 1.0 if (value >> 32) & 1 else -1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        vectors /= np.maximum(norms, 1e-12)
        return vectors
