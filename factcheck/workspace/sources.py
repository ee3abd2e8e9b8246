"""SourceLibrary: the reference library of a workspace (archive, passage index, evidence per claim)."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from factcheck.config import Settings
from factcheck.errors import FactcheckError, InputError
from factcheck.models import Source
from factcheck.sources.library import (
    SourceInput,
    SourceReport,
    check_kind,
    expand_source_inputs,
    prepare_source,
    read_source,
)
from factcheck.sources.retrieval import (
    DENSE_WEIGHT,
    TITLE_WEIGHT,
    EvidencePanel,
    PassageHit,
    build_hits,
    fuse,
    lexical_scores,
)
from factcheck.store.protocol import StoreBackend
from factcheck.workspace.embedding import LazyEmbedder
from factcheck.workspace.vector_sync import IndexedTexts, Progress, SyncedVectorIndex

if TYPE_CHECKING:
    from factcheck.match.ranking import Query
    from factcheck.sources.providers import Provider, ProviderResult

PASSAGE_INDEX_FILE = "passages.faiss"


def passage_embedding_text(title: str, passage: str) -> str:
    """What is embedded for a passage: its source's title gives the passage its topic."""
    return f"{title}\n{passage}" if title else passage


def passage_index(folder: Path, store: StoreBackend, embedder: LazyEmbedder,
                  notices: list[str]) -> SyncedVectorIndex:
    """Dense index over every archived passage (embedded with its source's title)."""
    def texts(ids: Sequence[int]) -> dict[int, str]:
        passages = store.get_passages(ids)
        titles = {sid: s.title for sid, s in store.get_sources({p.source_id for p in passages.values()}).items()}
        return {pid: passage_embedding_text(titles.get(p.source_id, ""), p.text)
                for pid, p in passages.items()}

    return SyncedVectorIndex(folder / PASSAGE_INDEX_FILE,
                             IndexedTexts(name="passage", ids=store.passage_ids, texts=texts,
                                          generation=store.passages_generation),
                             store, embedder, notices)


@dataclass(eq=False)
class SourceLibrary:
    """The reference library: archived sources, their passages and the passage index, evidence."""

    store: StoreBackend
    settings: Settings
    embedder: LazyEmbedder
    index: SyncedVectorIndex

    # --- adding sources ---------------------------------------------------------------------
    def add_sources(self, inputs: Sequence[str], *, kind: str = "other", publisher: str = "",
                    title: str = "", reliability_note: str = "", published: str = "",
                    progress: Progress | None = None) -> list[SourceReport]:
        """Archive files, folders and URLs as sources; each input gets a report, errors never stop the batch."""
        from factcheck.fetch import FetchPolicy

        check_kind(kind)
        policy = FetchPolicy.from_settings(self.settings)
        values = list(expand_source_inputs(list(inputs)))
        reports = []
        for number, value in enumerate(values, start=1):
            try:
                source = read_source(value, policy)
                reports.append(self.archive_source(
                    source, kind=kind, publisher=publisher, title=title,
                    reliability_note=reliability_note, published=published, index=False))
            except FactcheckError as exc:
                reports.append(SourceReport(input=value, status="error", message=str(exc)))
            except OSError as exc:
                reports.append(SourceReport(input=value, status="error",
                                            message=f"{value}: cannot read ({exc.strerror or exc})"))
            if progress is not None:
                progress(value, number, len(values))
        if any(r.status == "added" for r in reports):
            self.sync_passage_index()
        return reports

    def archive_source(self, source: SourceInput, *, kind: str = "other", publisher: str = "",
                       title: str = "", reliability_note: str = "", published: str = "", url: str = "",
                       index: bool = True) -> SourceReport:
        """Store one source read elsewhere (a provider, a bench) with its passages."""
        new, spans = prepare_source(source, kind=kind, publisher=publisher, title=title,
                                    reliability_note=reliability_note, published=published, url=url)
        source_id, created, ids = self.store.add_source(new, [(p.start, p.end) for p in spans])
        if not created:
            return SourceReport(input=source.label, status="duplicate", source_id=source_id, title=new.title,
                                message=f"{source.label}: already archived as source {source_id}")
        if index:
            self.sync_passage_index()
        return SourceReport(input=source.label, status="added", source_id=source_id, passages=len(ids),
                            title=new.title)

    # --- reading ----------------------------------------------------------------------------
    def list_sources(self) -> list[tuple[Source, int]]:
        """Every archived source (newest first) with its number of passages."""
        return self.store.list_sources()

    def source(self, source_id: int) -> Source:
        return self.store.get_source(source_id)

    # --- the passage index ------------------------------------------------------------------
    def sync_passage_index(self, progress: Progress | None = None) -> int:
        """Add missing passages to the index (and drop removed ones), then save it; returns the size."""
        return self.index.sync(progress)

    # --- search -----------------------------------------------------------------------------
    def search_sources(self, text: str, k: int | None = None) -> list[PassageHit]:
        """Passages for free text: dense + lexical fused, best sentence and agreement hints."""
        if not text.strip():
            raise InputError("the search text is empty; give a sentence or a few keywords")
        vector = self.embedder.inner.encode([text])  # ad-hoc text: not worth caching
        return self._search_passages(text, vector, k)

    def search_sources_many(self, queries: Sequence[Query], k: int | None = None,
                            ) -> list[list[PassageHit]]:
        """Batch passage search: one embedding pass for every query's text."""
        if not queries:
            return []
        vectors = self.embedder.inner.encode([q.text for q in queries])
        return [self._search_passages(q.text, vectors[i:i + 1], k) for i, q in enumerate(queries)]

    def evidence_for_claim(self, claim_id: int, k: int | None = None, *,
                           online: bool = False) -> EvidencePanel:
        """The top passages for a stored claim (its vector comes from the embedding cache).

        With ``online=True`` the enabled providers are asked first (each under its deadline);
        what they find is archived, and their failures become the panel's notices.
        """
        claim = self.store.get_claim(claim_id)
        notices = self.lookup_online(claim_id) if online else []
        vector = self.embedder.encode([claim.text])
        return EvidencePanel(hits=self._search_passages(claim.text, vector, k), notices=notices)

    def lookup_online(self, claim_id: int, *, providers: Sequence[Provider] | None = None,
                      limit: int = 3) -> list[str]:
        """Ask the enabled providers about a claim; archive results; one-line notices, never raises."""
        from factcheck.sources.providers import build_providers

        claim = self.store.get_claim(claim_id)
        try:
            chosen = list(providers) if providers is not None else build_providers(self.settings, self.store)
        except (FactcheckError, ValueError) as exc:
            return [f"online sources: {exc}"]
        if not chosen:
            return []
        deadline = float(self.settings.provider_deadline_s) + 1.0
        pool = ThreadPoolExecutor(max_workers=len(chosen), thread_name_prefix="provider")
        futures = {provider.name: pool.submit(provider.search, claim.text, limit=limit)
                   for provider in chosen}
        wait(list(futures.values()), timeout=deadline)
        pool.shutdown(wait=False, cancel_futures=True)  # a stuck provider must not hold the reviewer
        notices = []
        for name, future in futures.items():
            if not future.done():
                notices.append(f"{name}: no answer within {deadline:g}s; try again later")
                continue
            error = future.exception()
            if error is not None:
                notices.append(f"{name}: {_one_line(error)}")
                continue
            notices.append(self._archive_results(name, future.result()))
        return notices

    def _archive_results(self, name: str, results: list[ProviderResult]) -> str:
        added = duplicates = priors = 0
        for result in results:
            if result.prior is not None:
                self.store.upsert_prior(result.prior)
                priors += 1
            try:
                report = self.archive_source(
                    SourceInput(label=result.url, text=result.text, title=result.title, url=result.url,
                                publisher=result.publisher, published=result.published, origin=f"{name}:{result.url}"),
                    kind=result.kind, index=False)
            except FactcheckError:
                continue
            added += report.status == "added"
            duplicates += report.status == "duplicate"
        if added:
            self.sync_passage_index()
        if not results:
            return f"{name}: nothing found"
        extra = f", {priors} prior fact-checks imported" if priors else ""
        return f"{name}: {added} new sources archived, {duplicates} already archived{extra}"

    def _search_passages(self, text: str, vector: np.ndarray, k: int | None) -> list[PassageHit]:
        k = int(self.settings.sources_k if k is None else k)
        if k < 1:
            raise InputError(f"k must be at least 1, got {k}")
        ranked = self.rank_passages(text, vector, k)
        passages = self.store.get_passages(pid for pid, *_ in ranked)
        sources = self.store.get_sources(p.source_id for p in passages.values())
        return build_hits(text, ranked, passages, sources)

    def rank_passages(self, text: str, vector: np.ndarray, k: int,
                      dense_weight: float = DENSE_WEIGHT, title_weight: float = TITLE_WEIGHT,
                      ) -> list[tuple[int, float, float, float]]:
        """Retrieval only: (passage id, fused, cosine, relative BM25), best first.

        BM25 runs over the passage text and its source's title (weighted ``title_weight``).
        """
        from factcheck.match.lexical import fts_query

        pool = max(50, 10 * k)
        index = self.index.get()
        if not len(index):
            return []
        scores, ids = index.search(np.asarray(vector, dtype=np.float32).reshape(1, -1), pool)
        dense = {int(i): float(s) for s, i in zip(scores[0], ids[0], strict=True) if int(i) >= 0}
        lexical = lexical_scores(self.store.search_passages_lexical(fts_query(text), pool, title_weight))
        return fuse(dense, lexical, k, dense_weight)


def _one_line(error: BaseException) -> str:
    """A provider failure as one line: our messages as they are, anything else with its type."""
    text = " ".join(str(error).split()) or error.__class__.__name__
    return text if isinstance(error, FactcheckError) else f"failed ({error.__class__.__name__}: {text})"
