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
        self._loader: threading.Thread | None = None
        self._load_error = ""

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

    def load_in_background(self) -> None:
        """Start loading the model in a daemon thread (once); encode calls meanwhile wait for it."""
        with self._lock:
            if self._loader is not None:
                return
            self._loader = threading.Thread(target=self._background_load, name="model-load", daemon=True)
            self._loader.start()

    def _background_load(self) -> None:
        load = getattr(self.get().inner, "load", None)
        if load is None:
            return
        try:
            load()
        except Exception as exc:  # shown on the page; the next encode raises it again, with its fix
            self._load_error = str(exc)

    def model_state(self) -> str:
        """``ready``, ``loading`` (in the background), ``idle`` (not asked for yet) or ``failed: why``."""
        if self._load_error:
            return f"failed: {self._load_error}"
        loaded = getattr(self.get().inner, "loaded", True)  # an embedder without a load step is ready
        if loaded:
            return "ready"
        loader = self._loader
        return "loading" if loader is not None and loader.is_alive() else "idle"
