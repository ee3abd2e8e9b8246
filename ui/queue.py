"""The review queue for the Review page: cached calls into ``Workspace.review_queue``."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from factcheck.errors import FactcheckError
from factcheck.models import Claim
from factcheck.queue import QUEUE_STATUSES, Queue, QueueFilters, build_queue, review_status
from factcheck.workspace import Workspace
from ui.identity import current_reviewer
from ui.resources import open_workspace

STATUSES = QUEUE_STATUSES


def data_version(ws: Workspace) -> tuple[int, ...]:
    """Changes whenever claims or verdicts are added (the queue cache key)."""
    stats = ws.stats()
    return (stats.articles, stats.claims, stats.verdicts, stats.prior_claims, stats.sources,
            ws.review_count(), int(ws.double_review_enabled()))


def reviewer_key(ws: Workspace) -> tuple[str, str]:
    """The acting reviewer's stable identity (issuer, subject): in blind double review each
    reviewer has their own queue."""
    try:
        return ws.author(current_reviewer()).key
    except FactcheckError:  # a name that is not the signed-in user's: the user counts
        return ws.principal.key


@st.cache_resource(max_entries=64, show_spinner=False)
def cached_queue(path: str, version: tuple[int, ...], filters: QueueFilters,
                 reviewer: tuple[str, str] | None = None) -> Queue:
    """The queue for one workspace state, filter set and reviewer identity (issuer, subject; in
    blind double review each reviewer has their own); shared by sessions; ids only. A resource
    cache (the frozen Queue is shared, not copied): ``ui/serve.py`` computes the first one while
    the server starts, before any session exists."""
    return open_workspace(path).review_queue(filters, reviewer_key=reviewer)


def prior_matched_ids(ws: Workspace, claims: Sequence[Claim] | None = None) -> set[int]:
    """Claims whose best prior fact-check is 'likely the same claim'."""
    return ws.prior_matched_ids(claims)


ARTICLE_LIST_MAX = 2000  # past this many articles the Review filter takes an article id, not a list


@st.cache_data(max_entries=16, show_spinner=False)
def article_titles(path: str, version: tuple[int, ...]) -> dict[int, str]:
    """Article id → title for the filter (cached: listing articles reads their full text)."""
    return {a.id: a.title or f"article {a.id}" for a in open_workspace(path).articles()}


@st.cache_resource(max_entries=16, show_spinner=False)
def speaker_names(path: str, version: tuple[int, ...]) -> dict[int, str]:
    """Speaker id → name for the filter (a resource cache, warmed like the queue; read only)."""
    return {s.id: s.name for s in open_workspace(path).speakers()}


__all__ = ["STATUSES", "Queue", "QueueFilters", "article_titles", "build_queue", "cached_queue",
           "data_version", "prior_matched_ids", "review_status", "reviewer_key", "speaker_names"]
