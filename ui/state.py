"""Session-state keys of the app, defined in one place (state holds UI cursors, never data)."""

from __future__ import annotations

from typing import Any

import streamlit as st

# Identity
REVIEWER_NAME = "reviewer.name"
IDENTITY_ERROR = "reviewer.identity_error"  # why a signed-in user got no role from the settings

# Review page: the cursor, the queue filters and the verdict draft
REVIEW_CLAIM = "review.claim_id"
REVIEW_SKIPPED = "review.skipped"
REVIEW_PENDING_MOVE = "review.pending_move"  # a move waiting for "discard the draft?"
REVIEW_CONFLICT = "review.conflict"  # (current, attempted) of a stale-view save
REVIEW_SAVED = "review.saved_message"
REVIEW_ERROR = "review.error_message"
REVIEW_ADVANCE = "review.advance_from"  # the claim whose verdict was just saved
REVIEW_NEXT = "review.next_claim"  # the claim that followed the one on screen
FILTER_ARTICLE = "review.filter.article"
FILTER_SPEAKER = "review.filter.speaker"
FILTER_KIND = "review.filter.kind"
FILTER_MIN_SCORE = "review.filter.min_checkworthiness"
FILTER_STATUS = "review.filter.status"
FILTER_PRIOR = "review.filter.prior_match"

DRAFT_CLAIM = "draft.claim_id"  # the claim the draft widgets were loaded for
DRAFT_BASED_ON = "draft.based_on"  # id of the verdict the reviewer saw (None: none)
DRAFT_BASELINE = "draft.baseline"  # the loaded values; a draft differs from them
DRAFT_RATING = "draft.rating"
DRAFT_EXPLANATION = "draft.explanation"
DRAFT_LINKS = "draft.links"
DRAFT_STATUS = "draft.status"
DRAFT_ATTACHED = "draft.attached"  # Evidence records attached from reference passages

# The model-loading notice
PAGE_DRAWN = "model.page_drawn"  # the session had a run: its next one starts the model load

# Search page
SEARCH_QUERY = "search.query"
SEARCH_MODE = "search.mode"
SEARCH_RESULTS = "search.results"
SEARCH_TABLE = "search.table"

# Ingest page
INGEST_REPORTS = "ingest.reports"


def get(key: str, default: Any = None) -> Any:
    """``st.session_state[key]`` or ``default``."""
    return st.session_state.get(key, default)


def pop(key: str) -> Any:
    return st.session_state.pop(key, None)
