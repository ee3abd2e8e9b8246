"""The workspace's embedder: a given one, or the configured model loaded on first use (cached)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from factcheck.config import Settings
from factcheck.embed import CachedEmbedder, Embedder, SentenceTransformerEmbedder, Vectors
from factcheck.store.protocol import StoreBackend


class LazyEmbedder:
    """Hands every service the same :class:`CachedEmbedder`; the model loads at the first encode."""

    def __init__(self, store: StoreBackend, settings: Settings, given: Embedder | None = None) -> None:
        self._store = store
        self._settings = settings
        self._lock = threading.Lock()
        self._cached = CachedEmbedder(given, store) if given is not None else None

    def get(self) -> CachedEmbedder:
        with self._lock:
            if self._cached is None:
                folder = Path(self._settings.model_path) if self._settings.model_path else None
                inner = SentenceTransformerEmbedder(
                    folder, expected_sha256=self._settings.model_sha256,
                    batch_size=self._settings.embed_batch_size, dtype=self._settings.embed_dtype)
                self._cached = CachedEmbedder(inner, self._store)
            return self._cached

    @property
    def inner(self) -> Embedder:
        return self.get().inner

    @property
    def model_id(self) -> str:
        return self.get().model_id

    @property
    def dim(self) -> int:
        return self.get().dim

    def encode(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> Vectors:
        """Vectors of ``texts`` through the store's embedding cache."""
        return self.get().encode(texts, progress)
