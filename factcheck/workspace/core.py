"""WorkspaceCore: the store, the embedder and the claim index of one workspace folder."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from factcheck.config import Settings, load_settings
from factcheck.embed import CachedEmbedder, Embedder, SentenceTransformerEmbedder
from factcheck.errors import InputError, VectorIndexError
from factcheck.index import VectorIndex
from factcheck.ingest import ArticleInput, expand_inputs
from factcheck.models import CLAIM_KINDS, Article, Claim, IngestReport, SegmentItem, Stats
from factcheck.store import Store

if TYPE_CHECKING:
    from factcheck.learned.layer import LearnedAttribution

Progress = Callable[[str, int, int], None]  # (label, done, total)
CLAIM_INDEX_FILE = "claims.faiss"


class WorkspaceCore:
    """One workspace folder: ``factcheck.sqlite3`` (the truth) and ``claims.faiss`` (derived)."""

    def __init__(self, path: Path | str, settings: Settings | None = None, *,
                 embedder: Embedder | None = None) -> None:
        """Open (or create) the workspace at ``path``.

        ``embedder`` lets a caller share one loaded model between workspaces (tests, benches);
        by default the configured sentence-transformers model is loaded on first use.
        """
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.settings = settings or load_settings(self.path)
        self.store = Store(self.path)
        self.notices: list[str] = []
        self._embedder = CachedEmbedder(embedder, self.store) if embedder is not None else None
        self._claim_index: VectorIndex | None = None
        self._learned: LearnedAttribution | None = None  # the attribution layer, built on first segment
        self._index_generation: tuple[int, int] | None = None
        self._index_version: tuple[int, int, int] | None = None
        self._lock = threading.RLock()

    def close(self) -> None:
        self.store.close()

    # --- model and index ------------------------------------------------------------------
    @property
    def embedder(self) -> CachedEmbedder:
        with self._lock:
            if self._embedder is None:
                folder = Path(self.settings.model_path) if self.settings.model_path else None
                inner = SentenceTransformerEmbedder(
                    folder, expected_sha256=self.settings.model_sha256,
                    batch_size=self.settings.embed_batch_size, dtype=self.settings.embed_dtype)
                self._embedder = CachedEmbedder(inner, self.store)
            return self._embedder

    @property
    def claim_index(self) -> VectorIndex:
        """The claim index, loaded once and synced whenever the store changed (any process)."""
        with self._lock:
            version = self.store.db.version()
            if self._claim_index is not None and self._claim_index.build_error:
                self.notices.append(f"{self._claim_index.build_error}; searching exactly meanwhile")
                self._claim_index.build_error = ""
            if self._claim_index is not None and version == self._index_version:
                return self._claim_index  # nothing committed since the last check
            generation = self._claims_generation()
            self._index_version = version
            if self._claim_index is None:
                self._claim_index = self._load_claim_index()
                self._sync_claim_index(save=True)
            elif generation != self._index_generation:
                self._sync_claim_index(save=False)
            self._index_generation = generation
            return self._claim_index

    def _new_claim_index(self) -> VectorIndex:
        return VectorIndex(self.embedder.dim, self.embedder.model_id,
                           approximate_from=int(self.settings.index_approximate_from),
                           recall_target=float(self.settings.index_recall_target))

    def _claims_generation(self) -> tuple[int, int]:
        row = self.store.db.conn.execute("SELECT COALESCE(MAX(id), 0), COUNT(*) FROM claims").fetchone()
        return int(row[0]), int(row[1])

    def _load_claim_index(self) -> VectorIndex:
        path = self.path / CLAIM_INDEX_FILE
        if not path.exists():
            if self._claims_generation()[1]:
                self.notices.append(f"claim index {path} was missing; rebuilt it from the store")
            return self._new_claim_index()
        try:
            index, _header = VectorIndex.load(
                path, approximate_from=int(self.settings.index_approximate_from),
                recall_target=float(self.settings.index_recall_target))
        except VectorIndexError as exc:
            self.notices.append(f"{exc}; rebuilt it from the store")
            return self._new_claim_index()
        if index.model_id != self.embedder.model_id:
            self.notices.append(
                f"claim index was built with {index.model_id}, not {self.embedder.model_id}; rebuilt it")
            return self._new_claim_index()
        return index

    def _sync_claim_index(self, *, save: bool) -> None:
        """Make the index hold exactly the store's claims (vectors come from the cache)."""
        assert self._claim_index is not None
        index = self._claim_index
        stored = self.store.claim_ids()
        present = index.ids()
        extra = present - stored
        missing = sorted(stored - present)
        if extra:
            index.remove(np.fromiter(extra, dtype=np.int64))
        if missing:
            if present and len(missing) > 0 and save:
                self.notices.append(f"claim index was behind the store by {len(missing)} claims; updated it")
            claims = self.store.get_claims(missing)
            ids = [cid for cid in missing if cid in claims]
            vectors = self.embedder.encode([claims[cid].text for cid in ids])
            index.add(ids, vectors)
        if (extra or missing) and save:
            index.save(self.path / CLAIM_INDEX_FILE)

    def save_index(self) -> None:
        """Bring the claim index up to date with the store and write it atomically."""
        with self._lock:
            self.claim_index.save(self.path / CLAIM_INDEX_FILE)

    def reindex(self, progress: Progress | None = None) -> int:
        """Rebuild the claim index from the store; returns the number of claims indexed."""
        with self._lock:
            index = self._new_claim_index()
            total = self._claims_generation()[1]
            done = 0
            for batch in self.store.iter_claim_texts():
                index.add([cid for cid, _ in batch], self.embedder.encode([t for _, t in batch]))
                done += len(batch)
                if progress is not None:
                    progress("reindex", done, total)
            index.save(self.path / CLAIM_INDEX_FILE)
            self._claim_index = index
            self._index_generation = self._claims_generation()
            return len(index)

    # --- segmentation and ingest ------------------------------------------------------------
    def learned_layer(self) -> LearnedAttribution | None:
        """The learned attribution layer on the embedder's encoder; None when off or without token states."""
        from factcheck import embed

        if not self.settings.learned_attribution:
            return None
        inner = self.embedder.inner
        if not isinstance(inner, embed.SentenceTransformerEmbedder):
            return None  # an embedder without token states (a test double): rules only
        if self._learned is None:
            from factcheck.learned.layer import LearnedAttribution

            self._learned = LearnedAttribution(inner)  # shares the embedder's loaded encoder
        return self._learned

    def segment_text(self, text: str) -> list[SegmentItem]:
        """Rule segmenter, then the learned attribution layer (calibrated confidence) when it is on."""
        from factcheck.segment import segment

        items = segment(text)
        learned = self.learned_layer()
        return items if learned is None else learned.apply(text, items)

    def add_to_index(self, claim_ids: Sequence[int], vectors: np.ndarray) -> None:
        """Add freshly stored claims to the loaded claim index (batched ingest)."""
        with self._lock:
            if self._claim_index is not None and claim_ids:
                self._claim_index.add(list(claim_ids), vectors)
                self._index_generation = self._claims_generation()

    def ingest(self, inputs: Sequence[str], progress: Progress | None = None) -> list[IngestReport]:
        """Ingest files, folders and URLs; every input gets a report, failures never stop the batch."""
        from factcheck.pipeline.ingest_batch import ingest_inputs

        reports = ingest_inputs(self, list(expand_inputs(list(inputs))), progress)
        if any(r.status == "added" for r in reports):
            self.save_index()
        return reports

    def ingest_ray(self, inputs: Sequence[str], *, address: str | None = None, num_cpus: int = 2,
                   workers: int = 1) -> list[IngestReport]:
        """``ingest`` with segmentation and embedding as Ray Data stages (extra ``factcheck[scale]``)."""
        from factcheck.scale.ray_ingest import ray_ingest

        return ray_ingest(self, inputs, address=address, num_cpus=num_cpus, workers=workers)

    def ingest_text(self, text: str, *, label: str = "pasted text", title: str = "", author: str = "",
                    published: str = "", outlet: str = "", url: str = "") -> IngestReport:
        if not text.strip():
            return IngestReport(input=label, status="error", message=f"{label}: the text is empty")
        article = ArticleInput(label=label, text=text, title=title, author=author,
                               published=published, outlet=outlet, url=url)
        report = self._ingest_one(article)
        if report.status == "added":
            self.save_index()
        return report

    def _ingest_one(self, art: ArticleInput) -> IngestReport:
        from factcheck.pipeline.ingest_batch import ingest_batch

        return ingest_batch(self, [art])[0]

    # --- reading ----------------------------------------------------------------------------
    def article(self, article_id: int) -> Article:
        return self.store.get_article(article_id)

    def articles(self) -> list[Article]:
        return self.store.list_articles()

    def claim(self, claim_id: int) -> Claim:
        return self.store.get_claim(claim_id)

    def claims(self, *, article_id: int | None = None, kind: str | None = None,
               include_priors: bool = False) -> list[Claim]:
        if kind is not None and kind not in CLAIM_KINDS:
            raise InputError(f"unknown claim kind {kind!r}; use one of {', '.join(CLAIM_KINDS)}")
        return self.store.list_claims(article_id=article_id, kind=kind, include_priors=include_priors)

    def stats(self) -> Stats:
        return self.store.stats()
