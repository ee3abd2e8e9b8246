"""The review queue for the Review page: cached calls into ``Workspace.review_queue``."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from factcheck.models import Claim
from factcheck.queue import QUEUE_STATUSES, Queue, QueueFilters, build_queue, review_status
from factcheck.workspace import Workspace
from ui.resources import open_workspace

STATUSES = QUEUE_STATUSES


def data_version(ws: Workspace) -> tuple[int, ...]:
    """Changes whenever claims or verdicts are added (the queue cache key)."""
    stats = ws.stats()
    return (stats.articles, stats.claims, stats.verdicts, stats.prior_claims, stats.sources)


@st.cache_data(max_entries=64, show_spinner=False)
def cached_queue(path: str, version: tuple[int, ...], filters: QueueFilters) -> Queue:
    """The queue for one workspace state and filter set (shared by sessions; ids only)."""
    return open_workspace(path).review_queue(filters)


def prior_matched_ids(ws: Workspace, claims: Sequence[Claim] | None = None) -> set[int]:
    """Claims whose best prior fact-check is 'likely the same claim'."""
    return ws.prior_matched_ids(claims)


ARTICLE_LIST_MAX = 2000  # past this many articles the Review filter takes an article id, not a list


@st.cache_data(max_entries=16, show_spinner=False)
def article_titles(path: str, version: tuple[int, ...]) -> dict[int, str]:
    """Article id → title for the filter (cached: listing articles reads their full text)."""
    return {a.id: a.title or f"article {a.id}" for a in open_workspace(path).articles()}


@st.cache_data(max_entries=16, show_spinner=False)
def speaker_names(path: str, version: tuple[int, ...]) -> dict[int, str]:
    return {s.id: s.name for s in open_workspace(path).speakers()}


__all__ = ["STATUSES", "Queue", "QueueFilters", "article_titles", "build_queue", "cached_queue",
           "data_version", "prior_matched_ids", "review_status", "speaker_names"]
