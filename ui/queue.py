"""The review queue: a thin adapter that filters and orders the Workspace's claims for the Review page."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import streamlit as st

from factcheck.models import Claim
from factcheck.workspace import Workspace
from ui.resources import open_workspace

STATUSES: tuple[str, ...] = ("any", "unreviewed", "in review", "reviewed")


def review_status(verdict_status: str | None) -> str:
    """Queue status of a claim from its current verdict's status (None: no verdict)."""
    if verdict_status is None:
        return "unreviewed"
    return "reviewed" if verdict_status == "published" else "in review"


@dataclass(frozen=True, slots=True)
class QueueFilters:
    """What the reviewer narrowed the queue to (all optional)."""

    article_id: int | None = None
    speaker_id: int | None = None
    kind: str | None = None
    min_checkworthiness: float = 0.0
    status: str = "any"
    prior_match: bool = False


@dataclass(frozen=True, slots=True)
class Queue:
    """Claim ids in review order, and the progress over the filtered set (status filter aside)."""

    claim_ids: tuple[int, ...]
    total: int
    reviewed: int
    in_review: int

    def position(self, claim_id: int | None) -> int | None:
        try:
            return self.claim_ids.index(claim_id) if claim_id is not None else None
        except ValueError:
            return None

    def step(self, claim_id: int | None, delta: int) -> int | None:
        """The claim ``delta`` places from ``claim_id`` (clamped); the first one when not queued."""
        if not self.claim_ids:
            return None
        here = self.position(claim_id)
        if here is None:
            return self.claim_ids[0] if delta >= 0 else self.claim_ids[-1]
        return self.claim_ids[max(0, min(len(self.claim_ids) - 1, here + delta))]


def build_queue(claims: Iterable[Claim], statuses: dict[int, str], filters: QueueFilters,
                prior_matched: set[int] | None = None) -> Queue:
    """Filter ``claims`` and sort them by check-worthiness (highest first, then article order).

    ``statuses`` maps claim id → queue status (missing: unreviewed); ``prior_matched`` holds
    the ids with a likely prior match (needed only when that filter is on).
    """
    kept: list[Claim] = []
    for claim in claims:
        if filters.article_id is not None and claim.article_id != filters.article_id:
            continue
        if filters.speaker_id is not None and claim.speaker_id != filters.speaker_id:
            continue
        if filters.kind is not None and claim.kind != filters.kind:
            continue
        if claim.checkworthiness < filters.min_checkworthiness:
            continue
        if filters.prior_match and (prior_matched is None or claim.id not in prior_matched):
            continue
        kept.append(claim)
    total = len(kept)
    reviewed = sum(statuses.get(c.id) == "reviewed" for c in kept)
    in_review = sum(statuses.get(c.id) == "in review" for c in kept)
    if filters.status != "any":
        kept = [c for c in kept if statuses.get(c.id, "unreviewed") == filters.status]
    kept.sort(key=lambda c: (-c.checkworthiness, c.article_id, c.start, c.id))
    return Queue(tuple(c.id for c in kept), total, reviewed, in_review)


def claim_statuses(ws: Workspace) -> dict[int, str]:
    """Queue status of every claim that has a verdict record (its latest record decides)."""
    statuses: dict[int, str] = {}
    for verdict in ws.verdicts():  # newest first: the first record of a claim is its latest
        if verdict.claim_id not in statuses:
            statuses[verdict.claim_id] = ("unreviewed" if verdict.retracted
                                          else review_status(verdict.status))
    return statuses


def data_version(ws: Workspace) -> tuple[int, ...]:
    """Changes whenever claims or verdicts are added (the queue cache key)."""
    stats = ws.stats()
    return (stats.articles, stats.claims, stats.verdicts, stats.prior_claims, stats.sources)


@st.cache_data(max_entries=64, show_spinner=False)
def cached_queue(path: str, version: tuple[int, ...], filters: QueueFilters) -> Queue:
    """The queue for one workspace state and filter set (shared by sessions; ids only)."""
    ws = open_workspace(path)
    claims = ws.claims()
    prior = None
    if filters.prior_match:  # search only the claims the other filters keep
        narrowed = build_queue(claims, {}, replace(filters, prior_match=False, status="any"))
        keep = set(narrowed.claim_ids)
        prior = prior_matched_ids(ws, [c for c in claims if c.id in keep])
    return build_queue(claims, claim_statuses(ws), filters, prior)


def prior_matched_ids(ws: Workspace, claims: Sequence[Claim] | None = None) -> set[int]:
    """Claims whose best prior fact-check is 'likely the same claim' (one batched search).

    A thin adapter over ``Workspace.search_many``; the library has no stored flag for this yet.
    """
    from factcheck.match.ranking import MatchFilters, Query

    todo = list(ws.claims() if claims is None else claims)
    if not todo or not ws.stats().prior_claims:
        return set()
    only_priors = MatchFilters(kinds=("prior",))
    results = ws.search_many([Query(text=c.text, speaker=c.speaker, k=1, filters=only_priors,
                                    exclude_claim_id=c.id) for c in todo])
    return {c.id for c, found in zip(todo, results, strict=True)
            if found and found[0].level == "same"}


@st.cache_data(max_entries=16, show_spinner=False)
def article_titles(path: str, version: tuple[int, ...]) -> dict[int, str]:
    """Article id → title for the filter (cached: listing articles reads their full text)."""
    return {a.id: a.title or f"article {a.id}" for a in open_workspace(path).articles()}


@st.cache_data(max_entries=16, show_spinner=False)
def speaker_names(path: str, version: tuple[int, ...]) -> dict[int, str]:
    return {s.id: s.name for s in open_workspace(path).store.list_speakers()}
