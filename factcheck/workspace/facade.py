"""Workspace: the one object the CLI and the UI call, a thin facade over composed services."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from factcheck.auth import Action, Principal, local_principal
from factcheck.config import Settings, load_settings
from factcheck.embed import Embedder
from factcheck.index import VectorIndex
from factcheck.match.calibration import Calibration
from factcheck.match.rerank import Reranker
from factcheck.models import Claim, Speaker
from factcheck.store import open_store
from factcheck.workspace.core import Claims, claim_index
from factcheck.workspace.double_review import DoubleReview
from factcheck.workspace.double_review_calls import DoubleReviewCalls
from factcheck.workspace.embedding import LazyEmbedder
from factcheck.workspace.feeds import Feeds
from factcheck.workspace.matching import Matcher, title_index
from factcheck.workspace.priors import PriorChecks
from factcheck.workspace.review import ReviewQueue
from factcheck.workspace.sources import SourceLibrary, passage_index
from factcheck.workspace.verdicts import VerdictLog


class Workspace(DoubleReviewCalls):
    """A workspace folder: ``factcheck.sqlite3`` (the truth) and its derived vector indexes.

    It builds its services once, each with its dependencies passed in, and forwards the calls
    the CLI and the UI make (the services hold the logic). Every call acts as ``principal``
    (default: the local single user, role ``local_role``); writes check its role
    (:class:`~factcheck.workspace.guard.RoleGuard`), and ``acting_as`` gives another user's view.

    >>> ws = Workspace("index")          # doctest: +SKIP
    >>> ws.ingest(["seeds/"])            # doctest: +SKIP
    """

    def __init__(self, path: Path | str, settings: Settings | None = None, *,
                 embedder: Embedder | None = None, principal: Principal | None = None,
                 background_index_builds: bool = True) -> None:
        """Open (or create) the workspace at ``path``.

        ``embedder`` lets a caller share one loaded model between workspaces (tests, benches);
        by default the configured sentence-transformers model is loaded on first use.
        ``principal`` is who acts (default: the local single user, see ``local_role``).
        ``background_index_builds``: a long-lived process (the app) builds the claim index's
        approximate layer in the background when due; a one-shot process (the CLI) passes False
        and builds it only when it saves the index (after an ingest or ``reindex``).
        """
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self._settings = settings or load_settings(self.path)
        self.principal = principal or local_principal(self._settings)
        self.store = open_store(self._settings, self.path)  # SQLite here, or the team's PostgreSQL
        self.notices: list[str] = []
        self.embedder = LazyEmbedder(self.store, self.settings, embedder)
        claims = claim_index(self.path, self.store, self.settings, self.embedder, self.notices,
                             background_builds=background_index_builds)
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
        self.double_review = DoubleReview(self.store, self.settings, self.verdict_log)
        self.queue = ReviewQueue(self.store, self.settings, self.claims_service, self.matcher,
                                 self.double_review)
        # The calls the CLI and the UI make, each the bound method of the service doing the work.
        self.save_index = self.claims_service.save_index
        self.segment_text = self.claims_service.segment_text
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
        self.calibration_stamp = self.priors.calibration_stamp
        self.feedback_count = self.priors.feedback_count
        self.rating_scale = self.verdict_log.rating_scale
        self.current_verdict = self.verdict_log.current_verdict
        self.current_verdicts = self.verdict_log.current_verdicts
        self.batch_verdicts = self.verdict_log.batch_verdicts
        self.history = self.verdict_log.history
        self.verdicts = self.verdict_log.verdicts
        self.cluster_claims = self.verdict_log.cluster_claims
        self.verdict_counts_by_speaker = self.verdict_log.verdict_counts_by_speaker
        self.export_chunks = self.verdict_log.export_chunks
        self.export = self.verdict_log.export
        self.list_sources = self.sources.list_sources
        self.source = self.sources.source
        self.sync_passage_index = self.sources.sync_passage_index
        self.search_sources = self.sources.search_sources
        self.search_sources_many = self.sources.search_sources_many
        self.evidence_for_claim = self.sources.evidence_for_claim
        self.lookup_online = self.sources.lookup_online
        self.rank_source_passages = self.sources.rank_many
        self.passage_candidates = self.sources.candidates_many
        self.list_feeds = self.feeds.list_feeds
        self.claim_statuses = self.queue.claim_statuses
        self.prior_matched_ids = self.queue.prior_matched_ids
        self.double_review_enabled = self.double_review.enabled
        self.disputes = self.double_review.disputes
        self.agreement = self.double_review.agreement
        self.review_count = self.double_review.review_count
        self._bind_guarded()  # ingest, imports, sources, feeds, …: each checks the principal's role

    def close(self) -> None:
        self.store.close()

    @property
    def settings(self) -> Settings:
        return self._settings

    @settings.setter
    def settings(self, value: Settings) -> None:
        """Replacing the settings hands the new table to every service (indexes keep theirs);
        it changes them for every user of the workspace, so it needs the editor role."""
        self.require(Action.SETTINGS)
        self._settings = value
        for service in (self.claims_service, self.matcher, self.priors, self.verdict_log,
                        self.sources, self.feeds, self.queue, self.double_review):
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
