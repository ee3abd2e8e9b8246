"""SyncedVectorIndex: one vector index file kept equal to what the store holds (claims, titles, passages)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from factcheck.errors import VectorIndexError
from factcheck.fileio import atomic_write_bytes
from factcheck.index import VectorIndex
from factcheck.store.protocol import StoreBackend
from factcheck.workspace.embedding import LazyEmbedder

Progress = Callable[[str, int, int], None]  # (label, done, total)
BATCH = 5000


@dataclass(frozen=True, slots=True)
class IndexedTexts:
    """What an index holds: the store's ids, the text embedded for some of them, and a cheap
    generation that changes when the set (or, with ``rebuild_on_change``, any text) changes."""

    name: str  # "claim", "title", "passage": used in notices
    ids: Callable[[], set[int]]
    texts: Callable[[Sequence[int]], dict[int, str]]
    generation: Callable[[], Hashable]
    rebuild_on_change: bool = False  # texts of existing ids can change: rebuild (from the cache)


class SyncedVectorIndex:
    """Loads the index file (model id checked), syncs it with the store whenever the store changed,
    saves it atomically; every step under one lock, repairs reported as workspace notices."""

    def __init__(self, path: Path, texts: IndexedTexts, store: StoreBackend, embedder: LazyEmbedder,
                 notices: list[str], *, save_on_sync: bool = True, approximate_from: int = 0,
                 recall_target: float = 0.95, background_builds: bool = True) -> None:
        self.path = path
        self._texts = texts
        self._store = store
        self._embedder = embedder
        self._notices = notices
        self._save_on_sync = save_on_sync
        self._approximate_from = approximate_from
        self._recall_target = recall_target
        self._background_builds = background_builds
        self._lock = threading.RLock()
        self._index: VectorIndex | None = None
        self._version: tuple[int, int, int] | None = None
        self._generation: Hashable = None

    @property
    def state_path(self) -> Path:
        """The saved-at marker of an index whose texts can change (``rebuild_on_change``): the
        model and store generation the file was saved at. It lives beside the index file, not in
        the store: two workspace folders sharing one database each have their own index file."""
        return self.path.with_name(self.path.name + ".state")

    def _saved_state(self) -> str | None:
        try:
            return self.state_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def _state(self, generation: Hashable) -> str:
        parts = list(generation) if isinstance(generation, tuple) else [generation]
        return json.dumps([self._embedder.model_id, *parts])

    def get(self) -> VectorIndex:
        """The index, loaded once and synced whenever the store changed (in any process)."""
        with self._lock:
            index = self._index
            if index is not None and index.build_error:
                self._notices.append(f"{index.build_error}; searching exactly meanwhile")
                index.build_error = ""
            version = self._store.data_version()
            if index is not None and version == self._version:
                return index  # nothing committed since the last check
            self._version = version
            generation = self._texts.generation()
            if index is None:
                index = self._index = self._load(generation)
                self._sync(index, save=True, generation=generation, report=True)
            elif generation != self._generation:
                if self._texts.rebuild_on_change:
                    index = self._index = self._fresh()
                self._sync(index, save=self._save_on_sync, generation=generation)
            self._generation = generation
            return index

    def add(self, ids: Sequence[int], vectors: np.ndarray) -> None:
        """Put vectors already computed (an ingest, a changed text) into a loaded index."""
        with self._lock:
            if self._index is not None and len(ids):
                self._index.add(list(ids), vectors)
                self._generation = self._texts.generation()

    def save(self) -> None:
        """Bring the index up to date with the store and write it atomically."""
        with self._lock:
            index = self.get()
            index.save(self.path)
            self._mark_saved()

    def sync(self, progress: Progress | None = None) -> int:
        """Add what the index misses (and drop what the store no longer has), save; the size."""
        with self._lock:
            if self._index is None:
                return len(self.get())
            generation = self._texts.generation()
            self._sync(self._index, save=True, generation=generation, progress=progress)
            self._generation = generation
            return len(self._index)

    def rebuild(self, progress: Progress | None = None) -> int:
        """A new index from every stored text (vectors from the cache); saved; the size."""
        with self._lock:
            index = self._fresh()
            generation = self._texts.generation()
            self._sync(index, save=True, generation=generation, progress=progress)
            self._index, self._generation = index, generation
            return len(index)

    # --- internals ----------------------------------------------------------------------------
    def _fresh(self) -> VectorIndex:
        return VectorIndex(self._embedder.dim, self._embedder.model_id,
                           approximate_from=self._approximate_from, recall_target=self._recall_target,
                           background_builds=self._background_builds)

    def _load(self, generation: Hashable) -> VectorIndex:
        name = self._texts.name
        if not self.path.exists():
            if self._texts.ids() and not self._texts.rebuild_on_change:
                self._notices.append(f"{name} index {self.path} was missing; rebuilt it from the store")
            return self._fresh()
        if self._texts.rebuild_on_change and self._saved_state() != self._state(generation):
            return self._fresh()  # its texts changed since it was saved
        try:
            index, _header = VectorIndex.load(self.path, approximate_from=self._approximate_from,
                                              recall_target=self._recall_target,
                                              background_builds=self._background_builds)
        except VectorIndexError as exc:
            self._notices.append(f"{exc}; rebuilt the {name} index from the store")
            return self._fresh()
        if index.model_id != self._embedder.model_id:
            self._notices.append(f"{name} index was built with {index.model_id}, not "
                                 f"{self._embedder.model_id}; rebuilt it")
            return self._fresh()
        return index

    def _sync(self, index: VectorIndex, *, save: bool, generation: Hashable,
              progress: Progress | None = None, report: bool = False) -> None:
        stored = self._texts.ids()
        present = index.ids()
        extra = present - stored
        missing = sorted(stored - present)
        if extra:
            index.remove(np.fromiter(extra, dtype=np.int64))
        if missing and present and report and not self._texts.rebuild_on_change:
            self._notices.append(f"{self._texts.name} index was behind the store by {len(missing)} "
                                 f"{self._texts.name}s; updated it")
        for offset in range(0, len(missing), BATCH):
            texts = self._texts.texts(missing[offset:offset + BATCH])
            ids = [i for i in missing[offset:offset + BATCH] if i in texts]
            index.add(ids, self._embedder.encode([texts[i] for i in ids]))
            if progress is not None:
                progress(f"{self._texts.name}s", min(offset + BATCH, len(missing)), len(missing))
        if (extra or missing or not self.path.exists()) and save:
            index.save(self.path)
            self._generation = generation
            self._mark_saved(generation)

    def _mark_saved(self, generation: Hashable = None) -> None:
        if self._texts.rebuild_on_change:
            state = self._state(self._texts.generation() if generation is None else generation)
            if self._saved_state() != state:
                atomic_write_bytes(self.state_path, state.encode("utf-8"))
