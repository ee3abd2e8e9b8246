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
)
from factcheck.sources.passages import PassageSpan
from factcheck.sources.ranking import (
    CANDIDATE_DEPTH,
    PASSAGE_FEATURES,
    QUERY_KINDS,
    Candidates,
    PassageModel,
    RankedPassage,
    best_per_source,
    candidate_features,
    date_closeness,
    load_passage_model,
    query_kind,
    source_date,
    speaker_pattern,
)
from factcheck.sources.retrieval import (
    TITLE_WEIGHT,
    EvidencePanel,
    PassageHit,
    build_hits,
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
        from factcheck.pipeline.source_batch import add_source_inputs

        check_kind(kind)
        return add_source_inputs(self, list(expand_source_inputs(list(inputs))), kind=kind,
                                 publisher=publisher, title=title, reliability_note=reliability_note,
                                 published=published, progress=progress)

    def archive_source(self, source: SourceInput, *, kind: str = "other", publisher: str = "",
                       title: str = "", reliability_note: str = "", published: str = "", url: str = "",
                       index: bool = True) -> SourceReport:
        """Store one source read elsewhere (a provider, a bench) with its passages."""
        new, spans = prepare_source(source, kind=kind, publisher=publisher, title=title,
                                    reliability_note=reliability_note, published=published, url=url)
        report = self.store_source(new, spans, label=source.label)
        if index and report.status == "added":
            self.sync_passage_index()
        return report

    def store_source(self, new: Source, spans: Sequence[PassageSpan], *, label: str) -> SourceReport:
        """Store a prepared source and its passages (not yet indexed); a text already archived is
        reported as a duplicate."""
        source_id, created, ids = self.store.add_source(new, [(p.start, p.end) for p in spans])
        if not created:
            return SourceReport(input=label, status="duplicate", source_id=source_id, title=new.title,
                                message=f"{label}: already archived as source {source_id}")
        return SourceReport(input=label, status="added", source_id=source_id, passages=len(ids),
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
    def search_sources(self, text: str, k: int | None = None, *, context: str = "",
                       speaker: str = "") -> list[PassageHit]:
        """Passages for free text (``context``: the text just before it; ``speaker``: who said it),
        one per source, best first."""
        from factcheck.match.ranking import Query

        if not text.strip():
            raise InputError("the search text is empty; give a sentence or a few keywords")
        return self.search_sources_many([Query(text=text, context=context, speaker=speaker)], k)[0]

    def search_sources_many(self, queries: Sequence[Query], k: int | None = None,
                            ) -> list[list[PassageHit]]:
        """Batch passage search: one embedding pass for every query's text (and context)."""
        k = int(self.settings.sources_k if k is None else k)
        if k < 1:
            raise InputError(f"k must be at least 1, got {k}")
        if not queries:
            return []
        model, target = self.model, float(self.settings.sources_likely_precision)
        levels = {kind: model.likely(target, kind) for kind in QUERY_KINDS}
        ranked = self.rank_many(queries, k)
        passages = self.store.get_passages({r.passage_id for top in ranked for r in top})
        sources = self.store.get_sources({r.source_id for top in ranked for r in top})
        return [build_hits(q.text, top, passages, sources,
                           levels[query_kind(q.speaker, q.context, q.date)])
                for q, top in zip(queries, ranked, strict=True)]

    @property
    def model(self) -> PassageModel:
        return load_passage_model()

    def rank_many(self, queries: Sequence[Query], k: int) -> list[list[RankedPassage]]:
        """Retrieval only: the top ``k`` sources of each query, each with its best passage."""
        model = self.model
        return [best_per_source(c, model.scores(c.features).tolist(), k)
                for c in self.candidates_many(queries)]

    def candidates_many(self, queries: Sequence[Query]) -> list[Candidates]:
        """Every candidate passage of each query with its features (used by search and fitting).

        Candidates: the dense top of the query and of its context-prefixed text, and the BM25
        top over passage text and source title; features: cosines of both query vectors with
        the passage (embedded with its title) and with the source title alone, relative BM25.
        """
        from factcheck.match.lexical import clean_query, fts_query
        from factcheck.match.ranking import cosine_maps

        index = self.index.get()
        if not queries or not len(index):
            return [Candidates([], [], np.zeros((0, len(PASSAGE_FEATURES)))) for _ in queries]
        texts = [clean_query(q.text) or q.text for q in queries]
        with_context = [i for i, q in enumerate(queries) if q.context.strip()]
        vectors = self.embedder.inner.encode(  # ad-hoc texts: not worth caching
            texts + [f"{clean_query(queries[i].context)} {texts[i]}" for i in with_context])
        query_vecs, context_of = vectors[:len(queries)], {
            i: vectors[len(queries) + n] for n, i in enumerate(with_context)}
        _, d_ids = index.search(query_vecs, CANDIDATE_DEPTH)
        c_ids = dict(zip(with_context, index.search(vectors[len(queries):], CANDIDATE_DEPTH)[1],
                         strict=True)) if with_context else {}
        found: list[set[int]] = []
        lexical: list[dict[int, float]] = []
        for i, text in enumerate(texts):
            raw = self.store.search_passages_lexical(fts_query(text), CANDIDATE_DEPTH, TITLE_WEIGHT)
            lexical.append(lexical_scores(raw))
            ids = {int(p) for p in d_ids[i] if p >= 0} | set(lexical[-1])
            found.append(ids | {int(p) for p in c_ids.get(i, ()) if p >= 0})
        passages = self.store.get_passages(set().union(*found))
        source_of = {pid: p.source_id for pid, p in passages.items()}
        found_sources = self.store.get_sources(set(source_of.values()))
        all_titles = {sid: s.title for sid, s in found_sources.items()}
        dated = {sid: source_date(s.published, s.url) for sid, s in found_sources.items()}
        titles = {sid: title for sid, title in all_titles.items() if title.strip()}
        title_ids = list(titles)
        title_vecs = dict(zip(title_ids, self.embedder.encode([titles[s] for s in title_ids]),
                              strict=True))  # through the cache: titles repeat across queries
        out = []
        for i, ids in enumerate(found):
            pvecs = index.vectors(sorted(ids))
            sids = {source_of[p] for p in ids if p in source_of}
            tvecs = {s: title_vecs[s] for s in sids if s in title_vecs}
            qs = [query_vecs[i]] + ([context_of[i]] if i in context_of else [])
            dense = cosine_maps(qs, pvecs)
            title = cosine_maps(qs, tvecs)
            ctx = i in context_of
            pattern = speaker_pattern(queries[i].speaker)
            named = None
            if pattern is not None:
                in_title = {sid: bool(pattern.search(all_titles.get(sid, ""))) for sid in sids}
                named = {p: 1.0 if in_title[source_of[p]] or pattern.search(passages[p].text) else 0.0
                         for p in ids if p in source_of}
            when = queries[i].date
            near = {sid: date_closeness(when, dated.get(sid, "")) for sid in sids} if when else None
            out.append(candidate_features(dense[0], dense[1] if ctx else None, title[0],
                                          title[1] if ctx else None, lexical[i], source_of, named,
                                          near))
        return out

    def evidence_for_claim(self, claim_id: int, k: int | None = None, *,
                           online: bool = False) -> EvidencePanel:
        """The top passages for a stored claim (its vector comes from the embedding cache).

        With ``online=True`` the enabled providers are asked first (each under its deadline);
        what they find is archived, and their failures become the panel's notices.
        """
        from factcheck.match.ranking import Query
        from factcheck.workspace.matching import context_before

        claim = self.store.get_claim(claim_id)
        notices = self.lookup_online(claim_id) if online else []
        context = ""
        if claim.kind != "prior":
            article = self.store.get_articles([claim.article_id]).get(claim.article_id)
            context = context_before(article.text, claim.start) if article is not None else ""
        hits = self.search_sources_many([Query(text=claim.text, context=context, speaker=claim.speaker)], k)[0]
        return EvidencePanel(hits=hits, notices=notices)

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


def _one_line(error: BaseException) -> str:
    """A provider failure as one line: our messages as they are, anything else with its type."""
    text = " ".join(str(error).split()) or error.__class__.__name__
    return text if isinstance(error, FactcheckError) else f"failed ({error.__class__.__name__}: {text})"
