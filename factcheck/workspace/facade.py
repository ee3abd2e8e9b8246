"""Workspace: the one object the CLI and the UI call, a thin facade over composed services."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

import numpy as np

from factcheck.config import Settings, load_settings
from factcheck.embed import Embedder
from factcheck.export.records import ExportSummary
from factcheck.feeds.records import Feed, PollReport
from factcheck.index import VectorIndex
from factcheck.match.calibration import Calibration
from factcheck.match.claimreview_import import ImportReport
from factcheck.match.ranking import MatchFilters, Query, Scored
from factcheck.match.thresholds import Thresholds
from factcheck.models import (
    Article,
    Claim,
    Evidence,
    IngestReport,
    Match,
    SegmentItem,
    Source,
    Speaker,
    Stats,
    Verdict,
)
from factcheck.queue import Queue, QueueFilters
from factcheck.ratings import RatingScale
from factcheck.records import BasedOn, Check, PriorAppearance, SpeakerVerdictCounts, UndoResult
from factcheck.sources.library import SourceInput, SourceReport
from factcheck.sources.providers import Provider
from factcheck.sources.retrieval import DENSE_WEIGHT, TITLE_WEIGHT, EvidencePanel, PassageHit
from factcheck.store import Store
from factcheck.workspace.calibrate import CalibrationReport
from factcheck.workspace.core import Claims, Progress, claim_index
from factcheck.workspace.embedding import LazyEmbedder
from factcheck.workspace.feeds import FeedProgress, Feeds
from factcheck.workspace.matching import CLUSTER_SIMILARITY, Matcher, title_index
from factcheck.workspace.priors import PriorChecks
from factcheck.workspace.review import ReviewQueue
from factcheck.workspace.sources import SourceLibrary, passage_index
from factcheck.workspace.verdicts import VerdictLog


class Workspace:
    """A workspace folder: ``factcheck.sqlite3`` (the truth) and its derived vector indexes.

    It builds its services once, each with its dependencies passed in, and forwards the calls
    the CLI and the UI make (the services hold the logic).

    >>> ws = Workspace("index")          # doctest: +SKIP
    >>> ws.ingest(["seeds/"])            # doctest: +SKIP
    """

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
        self.embedder = LazyEmbedder(self.store, self.settings, embedder)
        claims = claim_index(self.path, self.store, self.settings, self.embedder, self.notices)
        titles = title_index(self.path, self.store, self.embedder, self.notices)
        passages = passage_index(self.path, self.store, self.embedder, self.notices)
        self.indexes = {"claims": claims, "titles": titles, "passages": passages}
        self.claims_service = Claims(self.store, self.settings, self.embedder, claims)
        self.matcher = Matcher(self.path, self.store, self.settings, self.embedder, claims, titles)
        self.priors = PriorChecks(self.path, self.store, self.settings, self.embedder, claims, titles,
                                  self.matcher)
        self.verdict_log = VerdictLog(self.store, self.settings, self.notices)
        self.sources = SourceLibrary(self.store, self.settings, self.embedder, passages)
        self.feeds = Feeds(self.store, self.settings, self.claims_service)
        self.queue = ReviewQueue(self.store, self.settings, self.claims_service, self.matcher)

    def close(self) -> None:
        self.store.close()

    # --- indexes and models ------------------------------------------------------------------
    @property
    def claim_index(self) -> VectorIndex:
        """The claim index, loaded once and synced whenever the store changed (any process)."""
        return self.indexes["claims"].get()

    @property
    def passage_index(self) -> VectorIndex:
        """Dense index over all passages, kept equal to the store."""
        return self.indexes["passages"].get()

    @property
    def calibration(self) -> Calibration:
        """This workspace's calibration (``factcheck calibrate``) or the one shipped with the package."""
        return self.matcher.calibration

    def backup_database(self, destination: Path) -> None:
        """A consistent copy of the workspace database at ``destination`` (online backup)."""
        self.store.backup_to(destination)

    # --- reading that the edges need --------------------------------------------------------
    def speakers(self) -> list[Speaker]:
        """Every speaker (canonical name, type, aliases), by name."""
        return self.store.list_speakers()

    def claims_by_id(self, ids: Iterable[int]) -> dict[int, Claim]:
        """The stored claims among ``ids`` (unknown ids left out)."""
        return self.store.get_claims(ids)

    # --- Claims --------------------------------------------------------------------------
    def save_index(self) -> None:
        """Bring the claim index up to date with the store and write it atomically."""
        return self.claims_service.save_index()

    def reindex(self, progress: Progress | None = None) -> int:
        """Rebuild the claim index from the store; returns the number of claims indexed."""
        return self.claims_service.reindex(progress)

    def segment_text(self, text: str) -> list[SegmentItem]:
        """Rule segmenter, then the learned attribution layer (calibrated confidence) when it is on."""
        return self.claims_service.segment_text(text)

    def ingest(self, inputs: Sequence[str], progress: Progress | None = None) -> list[IngestReport]:
        """Ingest files, folders and URLs; every input gets a report, failures never stop the batch."""
        return self.claims_service.ingest(inputs, progress)

    def ingest_text(self, text: str, *, label: str = "pasted text", title: str = "", author: str = "",
                    published: str = "", outlet: str = "", url: str = "") -> IngestReport:
        return self.claims_service.ingest_text(text, label=label, title=title, author=author,
                                               published=published, outlet=outlet, url=url)

    def article(self, article_id: int) -> Article:
        return self.claims_service.article(article_id)

    def articles(self) -> list[Article]:
        return self.claims_service.articles()

    def claim(self, claim_id: int) -> Claim:
        return self.claims_service.claim(claim_id)

    def claims(self, *, article_id: int | None = None, kind: str | None = None,
               include_priors: bool = False) -> list[Claim]:
        return self.claims_service.claims(article_id=article_id, kind=kind,
                                          include_priors=include_priors)

    def stats(self) -> Stats:
        return self.claims_service.stats()

    # --- Matcher -------------------------------------------------------------------------
    def thresholds_for(self, kind: str) -> Thresholds:
        """Probability thresholds of a query type from the precision targets in the settings."""
        return self.matcher.thresholds_for(kind)

    def match_level(self, score: float, text: str, other: str = "", *, kind: str = "") -> str:
        """'same', 'related' or 'none' for a calibrated probability (short texts never 'same')."""
        return self.matcher.match_level(score, text, other, kind=kind)

    def probabilities(self, query: Query, scored: Sequence[Scored]) -> dict[int, float]:
        """P(same claim) of the top candidates of a ranked list (calibrated per query type)."""
        return self.matcher.probabilities(query, scored)

    def calibration_signals(self, query: Query, top: Sequence[Scored]) -> list[tuple[float, ...]]:
        """Per candidate: its fusion signals and its word agreement with the query."""
        return self.matcher.calibration_signals(query, top)

    def search(self, text: str, *, k: int = 10, speaker: str | None = None,
               context: str | None = None, date: str | None = None,
               kinds: Sequence[str] | None = None,
               date_from: str | None = None, date_to: str | None = None,
               outlet: str | None = None, has_verdict: bool | None = None,
               said_by: str | None = None, exclude_claim_id: int | None = None,
               exclude_article_id: int | None = None, explain: bool = False) -> list[Match]:
        """The k stored claims most likely to say the same as ``text``, best first."""
        return self.matcher.search(text, k=k, speaker=speaker, context=context, date=date,
                                   kinds=kinds, date_from=date_from, date_to=date_to,
                                   outlet=outlet, has_verdict=has_verdict, said_by=said_by,
                                   exclude_claim_id=exclude_claim_id,
                                   exclude_article_id=exclude_article_id, explain=explain)

    def search_many(self, queries: Sequence[Query]) -> list[list[Match]]:
        """Batch search: one embedding pass for all queries, then per-query fusion."""
        return self.matcher.search_many(queries)

    def rank_candidates(self, queries: Sequence[Query]) -> list[list[Scored]]:
        """Every fused candidate of each query with its features (used by search and fitting)."""
        return self.matcher.rank_candidates(queries)

    def keyword_search(self, text: str, k: int = 10, *,
                       filters: MatchFilters | None = None) -> list[Match]:
        """Claims containing every word of ``text`` (FTS5 BM25 over claim text and speaker); of the top
        ``k``, those that pass ``filters`` (the rules semantic search applies)."""
        return self.matcher.keyword_search(text, k, filters=filters)

    def similar_claims(self, claim_id: int, k: int = 10, explain: bool = True, *,
                       include_same_article: bool | None = None) -> list[Match]:
        """Claims saying the same as a stored claim, one Match per quote cluster, best first."""
        return self.matcher.similar_claims(claim_id, k, explain,
                                           include_same_article=include_same_article)

    def panel_query(self, claim: Claim, *, k: int = 10, explain: bool = False,
                    include_same_article: bool | None = None) -> Query:
        """The query the Review panel runs for a stored claim: its speaker, the text just before it in
        its article (context) and the article's date."""
        return self.matcher.panel_query(claim, k=k, explain=explain,
                                        include_same_article=include_same_article)

    def assign_clusters(self, similarity: float = CLUSTER_SIMILARITY) -> int:
        """Persist ``claims.cluster_id`` for non-prior claims (same text, or cosine ≥ similarity)."""
        return self.matcher.assign_clusters(similarity)

    # --- PriorChecks ---------------------------------------------------------------------
    def prior_appearances(self, claim_id: int) -> list[PriorAppearance]:
        """Where an imported prior claim appeared (ClaimReview ``itemReviewed.appearance``)."""
        return self.priors.prior_appearances(claim_id)

    def import_claimreview(self, paths: Iterable[str | Path]) -> ImportReport:
        """Import ClaimReview files or http(s) URLs of feeds (fetched through the safe fetcher);
        malformed records are reported by position and skipped."""
        return self.priors.import_claimreview(paths)

    def import_claimreview_text(self, documents: Iterable[tuple[str, str]]) -> ImportReport:
        """Import ClaimReview documents given as (name, JSON or JSON Lines text), e.g. uploads."""
        return self.priors.import_claimreview_text(documents)

    def record_match_feedback(self, claim_id: int, other_id: int, same: bool, reviewer: str) -> int:
        """Store a reviewer's judgement that two claims are (not) the same claim."""
        return self.priors.record_match_feedback(claim_id, other_id, same, reviewer)

    def calibrate_levels(self, *, dry_run: bool = False) -> CalibrationReport:
        """Refit the match levels from the stored same/not-the-same feedback (see ``calibrate``)."""
        return self.priors.calibrate_levels(dry_run=dry_run)

    def rollback_calibration(self) -> str:
        """Restore the previous calibration; says which one is now in use."""
        return self.priors.rollback_calibration()

    def calibration_stamp(self) -> int:
        """Changes whenever this workspace's calibration file changes (0: the shipped one)."""
        return self.priors.calibration_stamp()

    def feedback_count(self) -> int:
        return self.priors.feedback_count()

    # --- VerdictLog ----------------------------------------------------------------------
    def rating_scale(self) -> RatingScale:
        """The scale named by the ``rating_scale`` setting."""
        return self.verdict_log.rating_scale()

    def record_verdict(self, claim_id: int, rating: str, *, explanation: str = "",
                       evidence: Iterable[Evidence | str] = (), reviewer: str = "",
                       status: str = "draft", based_on: BasedOn = Check.SKIP) -> Verdict:
        """Append a verdict for a claim; the rating's value/best/worst are stored with it."""
        return self.verdict_log.record_verdict(claim_id, rating, explanation=explanation,
                                               evidence=evidence, reviewer=reviewer, status=status,
                                               based_on=based_on)

    def current_verdict(self, claim_id: int) -> Verdict | None:
        return self.verdict_log.current_verdict(claim_id)

    def current_verdicts(self, claim_ids: Iterable[int] | None = None, *,
                         include_priors: bool = False) -> dict[int, Verdict]:
        """Each claim's current verdict (the store's one definition); priors' only when asked."""
        return self.verdict_log.current_verdicts(claim_ids, include_priors=include_priors)

    def batch_verdicts(self, batch_id: str) -> list[Verdict]:
        """The verdict records one cluster action (or its undo) appended."""
        return self.verdict_log.batch_verdicts(batch_id)

    def history(self, claim_id: int) -> list[Verdict]:
        """Every verdict record of a claim, oldest first (raises NotFoundError for no claim)."""
        return self.verdict_log.history(claim_id)

    def verdicts(self, *, since: str = "", until: str = "", reviewer: str = "", status: str = "",
                 limit: int | None = None, include_priors: bool = False,
                 current_only: bool = False) -> list[Verdict]:
        """The verdict log (every record matching the filters), newest first; ``current_only``: per
        claim, the latest record matching the filters that no undo withdrew (what exports pick)."""
        return self.verdict_log.verdicts(since=since, until=until, reviewer=reviewer,
                                         status=status, limit=limit, include_priors=include_priors,
                                         current_only=current_only)

    def cluster_claims(self, claim_id: int) -> list[int]:
        """Claims a cluster action on ``claim_id`` would touch (every appearance of the quote)."""
        return self.verdict_log.cluster_claims(claim_id)

    def apply_verdict_to_cluster(self, claim_id: int, rating: str, *, explanation: str = "",
                                 evidence: Iterable[Evidence | str] = (), reviewer: str = "",
                                 status: str = "draft", based_on: BasedOn = Check.SKIP) -> str:
        """Record the verdict on every appearance of the claim's quote; returns the batch id."""
        return self.verdict_log.apply_verdict_to_cluster(claim_id, rating, explanation=explanation,
                                                         evidence=evidence, reviewer=reviewer,
                                                         status=status, based_on=based_on)

    def undo_batch(self, batch_id: str, *, reviewer: str = "") -> UndoResult:
        """Undo a cluster action by appending records; claims edited since are left alone."""
        return self.verdict_log.undo_batch(batch_id, reviewer=reviewer)

    def verdict_counts_by_speaker(self, *, include_priors: bool = False) -> list[SpeakerVerdictCounts]:
        return self.verdict_log.verdict_counts_by_speaker(include_priors=include_priors)

    def export_chunks(self, fmt: str, *, since: str = "", until: str = "", reviewer: str = "",
                      status: str = "", include_history: bool = False, include_priors: bool = False,
                      summary: list[ExportSummary] | None = None) -> Iterator[bytes]:
        """The bytes of an export, streamed (the UI offers exactly what the CLI writes)."""
        return self.verdict_log.export_chunks(fmt, since=since, until=until, reviewer=reviewer,
                                              status=status, include_history=include_history,
                                              include_priors=include_priors, summary=summary)

    def export(self, fmt: str, out: BinaryIO | Path, *, since: str = "", until: str = "",
               reviewer: str = "", status: str = "", include_history: bool = False,
               include_priors: bool = False) -> ExportSummary:
        """Write an export to a file object, or atomically to a path (complete or absent)."""
        return self.verdict_log.export(fmt, out, since=since, until=until, reviewer=reviewer,
                                       status=status, include_history=include_history,
                                       include_priors=include_priors)

    # --- SourceLibrary -------------------------------------------------------------------
    def add_sources(self, inputs: Sequence[str], *, kind: str = "other", publisher: str = "",
                    title: str = "", reliability_note: str = "", published: str = "",
                    progress: Progress | None = None) -> list[SourceReport]:
        """Archive files, folders and URLs as sources; each input gets a report, errors never stop the
        batch."""
        return self.sources.add_sources(inputs, kind=kind, publisher=publisher, title=title,
                                        reliability_note=reliability_note, published=published,
                                        progress=progress)

    def archive_source(self, source: SourceInput, *, kind: str = "other", publisher: str = "",
                       title: str = "", reliability_note: str = "", published: str = "", url: str = "",
                       index: bool = True) -> SourceReport:
        """Store one source read elsewhere (a provider, a bench) with its passages."""
        return self.sources.archive_source(source, kind=kind, publisher=publisher, title=title,
                                           reliability_note=reliability_note, published=published,
                                           url=url, index=index)

    def list_sources(self) -> list[tuple[Source, int]]:
        """Every archived source (newest first) with its number of passages."""
        return self.sources.list_sources()

    def source(self, source_id: int) -> Source:
        return self.sources.source(source_id)

    def sync_passage_index(self, progress: Progress | None = None) -> int:
        """Add missing passages to the index (and drop removed ones), then save it; returns the size."""
        return self.sources.sync_passage_index(progress)

    def search_sources(self, text: str, k: int | None = None) -> list[PassageHit]:
        """Passages for free text: dense + lexical fused, best sentence and agreement hints."""
        return self.sources.search_sources(text, k)

    def search_sources_many(self, queries: Sequence[Query], k: int | None = None,
                            ) -> list[list[PassageHit]]:
        """Batch passage search: one embedding pass for every query's text."""
        return self.sources.search_sources_many(queries, k)

    def evidence_for_claim(self, claim_id: int, k: int | None = None, *,
                           online: bool = False) -> EvidencePanel:
        """The top passages for a stored claim (its vector comes from the embedding cache)."""
        return self.sources.evidence_for_claim(claim_id, k, online=online)

    def lookup_online(self, claim_id: int, *, providers: Sequence[Provider] | None = None,
                      limit: int = 3) -> list[str]:
        """Ask the enabled providers about a claim; archive results; one-line notices, never raises."""
        return self.sources.lookup_online(claim_id, providers=providers, limit=limit)

    def rank_passages(self, text: str, vector: np.ndarray, k: int,
                      dense_weight: float = DENSE_WEIGHT, title_weight: float = TITLE_WEIGHT,
                      ) -> list[tuple[int, float, float, float]]:
        """Retrieval only: (passage id, fused, cosine, relative BM25), best first."""
        return self.sources.rank_passages(text, vector, k, dense_weight, title_weight)

    # --- Feeds ---------------------------------------------------------------------------
    def add_feed(self, url: str, *, name: str = "", every_minutes: int | None = None) -> Feed:
        """Follow a feed (checked now against the fetch policy's scheme rules; polled later)."""
        return self.feeds.add_feed(url, name=name, every_minutes=every_minutes)

    def list_feeds(self) -> list[Feed]:
        return self.feeds.list_feeds()

    def remove_feed(self, feed_id: int) -> Feed:
        return self.feeds.remove_feed(feed_id)

    def poll_feeds(self, *, force: bool = False, now: datetime | None = None,
                   progress: FeedProgress | None = None) -> PollReport:
        """Poll every due feed once (all of them with ``force``) and ingest its new entries."""
        return self.feeds.poll_feeds(force=force, now=now, progress=progress)

    def watch_feeds(self, *, should_stop: Callable[[], bool], on_report: Callable[[PollReport], None],
                    tick_s: float = 1.0, sleep: Callable[[float], None] = time.sleep) -> int:
        """Poll due feeds until ``should_stop()`` (checked between polls and every ``tick_s`` while
        waiting, so a stop never cuts a poll in half); ``on_report`` sees every poll's report.
        Returns the number of polls that found a due feed."""
        return self.feeds.watch_feeds(should_stop=should_stop, on_report=on_report, tick_s=tick_s,
                                      sleep=sleep)

    # --- ReviewQueue ---------------------------------------------------------------------
    def claim_statuses(self) -> dict[int, str]:
        """Queue status of every claim that has a current verdict (no current verdict: unreviewed)."""
        return self.queue.claim_statuses()

    def review_queue(self, filters: QueueFilters | None = None) -> Queue:
        """Claims to review, most check-worthy first, with progress counts."""
        return self.queue.review_queue(filters)

    def prior_matched_ids(self, claims: Sequence[Claim] | None = None) -> set[int]:
        """Ids of claims whose best prior fact-check is 'likely the same claim' (one batched search)."""
        return self.queue.prior_matched_ids(claims)
