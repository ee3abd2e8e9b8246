"""Workspace: the one object the CLI and the UI call, a thin facade over composed services."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from factcheck.config import Settings, load_settings
from factcheck.embed import Embedder
from factcheck.index import VectorIndex
from factcheck.match.calibration import Calibration
from factcheck.match.rerank import Reranker
from factcheck.models import Claim, Speaker
from factcheck.store import open_store
from factcheck.workspace.core import Claims, claim_index
from factcheck.workspace.embedding import LazyEmbedder
from factcheck.workspace.feeds import Feeds
from factcheck.workspace.matching import Matcher, title_index
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
        self._settings = settings or load_settings(self.path)
        self.store = open_store(self._settings, self.path)  # SQLite here, or the team's PostgreSQL
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
        # The calls the CLI and the UI make, each the bound method of the service doing the work.
        self.save_index = self.claims_service.save_index
        self.reindex = self.claims_service.reindex
        self.segment_text = self.claims_service.segment_text
        self.ingest = self.claims_service.ingest
        self.ingest_text = self.claims_service.ingest_text
        self.ingest_ray = self.claims_service.ingest_ray
        self.article = self.claims_service.article
        self.articles = self.claims_service.articles
        self.claim = self.claims_service.claim
        self.claims = self.claims_service.claims
        self.stats = self.claims_service.stats
        self.thresholds_for = self.matcher.thresholds_for
        self.match_level = self.matcher.match_level
        self.probabilities = self.matcher.probabilities
        self.calibration_signals = self.matcher.calibration_signals
        self.search = self.matcher.search
        self.search_many = self.matcher.search_many
        self.rank_candidates = self.matcher.rank_candidates
        self.rerank_inputs = self.matcher.rerank_inputs
        self.keyword_search = self.matcher.keyword_search
        self.similar_claims = self.matcher.similar_claims
        self.panel_query = self.matcher.panel_query
        self.assign_clusters = self.matcher.assign_clusters
        self.prior_appearances = self.priors.prior_appearances
        self.import_claimreview = self.priors.import_claimreview
        self.import_claimreview_text = self.priors.import_claimreview_text
        self.record_match_feedback = self.priors.record_match_feedback
        self.calibrate_levels = self.priors.calibrate_levels
        self.rollback_calibration = self.priors.rollback_calibration
        self.calibration_stamp = self.priors.calibration_stamp
        self.feedback_count = self.priors.feedback_count
        self.rating_scale = self.verdict_log.rating_scale
        self.record_verdict = self.verdict_log.record_verdict
        self.current_verdict = self.verdict_log.current_verdict
        self.current_verdicts = self.verdict_log.current_verdicts
        self.batch_verdicts = self.verdict_log.batch_verdicts
        self.history = self.verdict_log.history
        self.verdicts = self.verdict_log.verdicts
        self.cluster_claims = self.verdict_log.cluster_claims
        self.apply_verdict_to_cluster = self.verdict_log.apply_verdict_to_cluster
        self.undo_batch = self.verdict_log.undo_batch
        self.verdict_counts_by_speaker = self.verdict_log.verdict_counts_by_speaker
        self.export_chunks = self.verdict_log.export_chunks
        self.export = self.verdict_log.export
        self.add_sources = self.sources.add_sources
        self.archive_source = self.sources.archive_source
        self.list_sources = self.sources.list_sources
        self.source = self.sources.source
        self.sync_passage_index = self.sources.sync_passage_index
        self.search_sources = self.sources.search_sources
        self.search_sources_many = self.sources.search_sources_many
        self.evidence_for_claim = self.sources.evidence_for_claim
        self.lookup_online = self.sources.lookup_online
        self.rank_passages = self.sources.rank_passages
        self.add_feed = self.feeds.add_feed
        self.list_feeds = self.feeds.list_feeds
        self.remove_feed = self.feeds.remove_feed
        self.poll_feeds = self.feeds.poll_feeds
        self.watch_feeds = self.feeds.watch_feeds
        self.claim_statuses = self.queue.claim_statuses
        self.review_queue = self.queue.review_queue
        self.prior_matched_ids = self.queue.prior_matched_ids

    def close(self) -> None:
        self.store.close()

    @property
    def settings(self) -> Settings:
        return self._settings

    @settings.setter
    def settings(self, value: Settings) -> None:
        """Replacing the settings hands the new table to every service (indexes keep theirs)."""
        self._settings = value
        for service in (self.claims_service, self.matcher, self.priors, self.verdict_log,
                        self.sources, self.feeds, self.queue):
            service.settings = value

    # --- indexes and models ------------------------------------------------------------------
    @property
    def claim_index(self) -> VectorIndex:
        """The claim index, loaded once and synced whenever the store changed (any process)."""
        return self.indexes["claims"].get()

    def load_model_in_background(self) -> None:
        """Start loading the embedding model in a background thread (the app does not wait for it)."""
        self.embedder.load_in_background()

    def model_state(self) -> str:
        """``ready``, ``loading``, ``idle`` (not loaded, not asked for) or ``failed: why``."""
        return self.embedder.model_state()

    @property
    def passage_index(self) -> VectorIndex:
        """Dense index over all passages, kept equal to the store."""
        return self.indexes["passages"].get()

    @property
    def reranker(self) -> Reranker:
        """The learned re-ranker of the top prior claims (``factcheck/match/reranker.md``)."""
        return self.matcher.reranker

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
