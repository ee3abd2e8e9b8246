"""Role checks of the Workspace: who acts (its Principal), and the calls that need more than viewer."""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, ParamSpec, Self, TypeVar

from factcheck.auth import LOCAL_ISSUER, Action, Principal
from factcheck.errors import PermissionDeniedError
from factcheck.models import Evidence, Verdict
from factcheck.records import BasedOn, Check, UndoResult

if TYPE_CHECKING:
    from factcheck.workspace.calibrate import CalibrationReport
    from factcheck.workspace.core import Claims
    from factcheck.workspace.feeds import Feeds
    from factcheck.workspace.priors import PriorChecks
    from factcheck.workspace.sources import SourceLibrary
    from factcheck.workspace.verdicts import VerdictLog

P = ParamSpec("P")
R = TypeVar("R")


class RoleGuard:
    """Mixed into :class:`Workspace`: every write checks ``self.principal``'s role first.

    Reading, searching and exporting need only the viewer role (everyone); the calls bound in
    :meth:`_bind_guarded` and the methods below raise :class:`PermissionDeniedError` naming the role
    they need. Verdicts carry the principal's stable identity (issuer + subject).
    """

    principal: Principal
    claims_service: Claims
    priors: PriorChecks
    verdict_log: VerdictLog
    sources: SourceLibrary
    feeds: Feeds

    def acting_as(self, principal: Principal) -> Self:
        """This workspace as seen by ``principal``: same store, indexes and services, its own checks.

        The app keeps one Workspace per process and hands each session ``acting_as(its user)``.
        """
        clone = copy.copy(self)
        clone.principal = principal
        clone._bind_guarded()
        return clone

    def can(self, action: Action) -> bool:
        """Whether the acting principal's role allows ``action`` (for greying out controls)."""
        return self.principal.can(action)

    def require(self, action: Action) -> None:
        """Raise :class:`PermissionDeniedError` unless the acting principal may do ``action``."""
        self.principal.require(action)

    def _guard(self, action: Action, call: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(call)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
            self.principal.require(action)
            return call(*args, **kwargs)
        return guarded

    def _bind_guarded(self) -> None:
        """The forwarded calls that need a role, each checking this workspace's principal."""
        self.reindex = self._guard(Action.REINDEX, self.claims_service.reindex)
        self.ingest = self._guard(Action.INGEST, self.claims_service.ingest)
        self.ingest_text = self._guard(Action.INGEST, self.claims_service.ingest_text)
        self.ingest_ray = self._guard(Action.INGEST, self.claims_service.ingest_ray)
        self.import_claimreview = self._guard(Action.IMPORT_CLAIMREVIEW,
                                              self.priors.import_claimreview)
        self.import_claimreview_text = self._guard(Action.IMPORT_CLAIMREVIEW,
                                                   self.priors.import_claimreview_text)
        self.rollback_calibration = self._guard(Action.CALIBRATE, self.priors.rollback_calibration)
        self.add_sources = self._guard(Action.SOURCES, self.sources.add_sources)
        self.archive_source = self._guard(Action.SOURCES, self.sources.archive_source)
        self.add_feed = self._guard(Action.FEEDS, self.feeds.add_feed)
        self.remove_feed = self._guard(Action.FEEDS, self.feeds.remove_feed)
        self.poll_feeds = self._guard(Action.FEEDS, self.feeds.poll_feeds)
        self.watch_feeds = self._guard(Action.FEEDS, self.feeds.watch_feeds)

    # --- the acting reviewer ------------------------------------------------------------------
    def author(self, reviewer: str = "") -> Principal:
        """Who a write is recorded under: the principal; in single-user mode a typed ``reviewer``
        name stands for the local user (issuer ``local``, the name as subject)."""
        typed = reviewer.strip()
        who = self.principal
        if not typed or typed == who.display_name:
            return who
        if who.is_local:
            return Principal(issuer=LOCAL_ISSUER, subject=typed, display_name=typed, role=who.role)
        raise PermissionDeniedError(
            f"signed in as {who.label}: verdicts and labels are recorded under your own identity, "
            f"not as {typed!r}; leave the reviewer name empty", action="record under another name",
            required="", role=who.role.label)

    def _verdict_author(self, reviewer: str, status: str) -> Principal:
        self.require(Action.PUBLISH if status == "published" else Action.RECORD_VERDICT)
        return self.author(reviewer)

    # --- guarded calls with an identity ---------------------------------------------------------
    def record_verdict(self, claim_id: int, rating: str, *, explanation: str = "",
                       evidence: Iterable[Evidence | str] = (), reviewer: str = "",
                       status: str = "draft", based_on: BasedOn = Check.SKIP) -> Verdict:
        """Append a verdict under the acting principal (reviewer; ``published`` needs editor).

        ``based_on`` is the id of the verdict the reviewer was looking at (None: none); when the
        claim's current verdict is another one, :class:`ConflictError` carries both.
        """
        by = self._verdict_author(reviewer, status)
        return self.verdict_log.record_verdict(claim_id, rating, explanation=explanation,
                                               evidence=evidence, status=status,
                                               based_on=based_on, by=by)

    def apply_verdict_to_cluster(self, claim_id: int, rating: str, *, explanation: str = "",
                                 evidence: Iterable[Evidence | str] = (), reviewer: str = "",
                                 status: str = "draft", based_on: BasedOn = Check.SKIP) -> str:
        """Record the verdict on every appearance of the claim's quote; returns the batch id."""
        by = self._verdict_author(reviewer, status)
        return self.verdict_log.apply_verdict_to_cluster(
            claim_id, rating, explanation=explanation, evidence=evidence, status=status,
            based_on=based_on, by=by)

    def undo_batch(self, batch_id: str, *, reviewer: str = "") -> UndoResult:
        """Undo a cluster action: a reviewer their own, an editor anyone's."""
        self.require(Action.UNDO_OWN)
        by = self.author(reviewer)
        if not self.can(Action.UNDO_ANY):
            authors = {(v.reviewer_issuer, v.reviewer_subject)
                       for v in self.verdict_log.batch_verdicts(batch_id) if v.origin == "cluster"}
            if authors - {by.key}:
                self.require(Action.UNDO_ANY)
        return self.verdict_log.undo_batch(batch_id, by=by)

    def record_match_feedback(self, claim_id: int, other_id: int, same: bool,
                              reviewer: str = "") -> int:
        """Store a same / not-the-same label under the acting reviewer (reviewer role)."""
        self.require(Action.FEEDBACK)
        return self.priors.record_match_feedback(claim_id, other_id, same,
                                                 self.author(reviewer).label)

    def calibrate_levels(self, *, dry_run: bool = False) -> CalibrationReport:
        """Refit the match levels from the feedback (editor); a dry run only reads (anyone)."""
        if not dry_run:
            self.require(Action.CALIBRATE)
        return self.priors.calibrate_levels(dry_run=dry_run)
