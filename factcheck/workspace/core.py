"""Claims: ingest (segment, score, embed, store) and the claim index of one workspace."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from factcheck.config import Settings
from factcheck.errors import InputError
from factcheck.ingest import ArticleInput, expand_inputs
from factcheck.models import CLAIM_KINDS, Article, Claim, IngestReport, SegmentItem, Stats
from factcheck.store.protocol import StoreBackend
from factcheck.workspace.embedding import LazyEmbedder
from factcheck.workspace.vector_sync import IndexedTexts, Progress, SyncedVectorIndex

if TYPE_CHECKING:
    from factcheck.learned.layer import LearnedAttribution

CLAIM_INDEX_FILE = "claims.faiss"


def claim_index(folder: Path, store: StoreBackend, settings: Settings, embedder: LazyEmbedder,
                notices: list[str], *, background_builds: bool = True) -> SyncedVectorIndex:
    """The claim index: every stored claim's text; past a size, an approximate layer (built in the
    background, or only when the index is saved: see ``VectorIndex``)."""
    texts = IndexedTexts(
        name="claim", ids=store.claim_ids, generation=store.claims_generation,
        texts=lambda ids: {cid: c.text for cid, c in store.get_claims(ids).items()})
    return SyncedVectorIndex(folder / CLAIM_INDEX_FILE, texts, store, embedder, notices,
                             save_on_sync=False,
                             approximate_from=int(settings.index_approximate_from),
                             recall_target=float(settings.index_recall_target),
                             background_builds=background_builds)


@dataclass(eq=False)
class Claims:
    """Articles in, claims out: segmentation, check-worthiness, vectors, storage, the claim index."""

    store: StoreBackend
    settings: Settings
    embedder: LazyEmbedder
    index: SyncedVectorIndex
    _learned: LearnedAttribution | None = field(default=None, init=False)  # built on first use
    _learned_lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def save_index(self) -> None:
        """Bring the claim index up to date with the store and write it atomically."""
        self.index.save()

    def reindex(self, progress: Progress | None = None) -> int:
        """Rebuild the claim index from the store; returns the number of claims indexed."""
        return self.index.rebuild(progress)

    # --- segmentation and ingest ------------------------------------------------------------
    def learned_layer(self) -> LearnedAttribution | None:
        """The learned attribution layer on the embedder's encoder; None when off or without token states."""
        from factcheck import embed

        if not self.settings.learned_attribution:
            return None
        inner = self.embedder.inner
        if not isinstance(inner, embed.SentenceTransformerEmbedder):
            return None  # an embedder without token states (a test double): rules only
        with self._learned_lock:
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
        self.index.add(claim_ids, vectors)

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
        report = self.ingest_one(article)
        if report.status == "added":
            self.save_index()
        return report

    def ingest_one(self, art: ArticleInput) -> IngestReport:
        """Segment, score, embed and store one article (a duplicate text is reported, not stored)."""
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
