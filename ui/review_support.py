"""Cached library calls of the Review page (keyed by workspace state, shared by sessions)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from factcheck.models import Match
from ui.resources import open_workspace


@st.cache_data(max_entries=256, show_spinner="Finding similar claims…")
def cached_similar(path: str, version: tuple[int, ...], claim_id: int) -> list[Match]:
    """``similar_claims`` for one claim and workspace state."""
    return open_workspace(path).similar_claims(claim_id, k=10, explain=True)


@st.cache_data(max_entries=256, show_spinner="Finding reference passages…")
def cached_evidence(path: str, version: tuple[int, ...], claim_id: int) -> tuple[list[Any], list[str]]:
    """``evidence_for_claim`` hits and the notices it left (e.g. a provider that was down)."""
    result = open_workspace(path).evidence_for_claim(claim_id)
    hits = list(getattr(result, "hits", result))
    notices = list(getattr(result, "notices", ()))
    return hits, notices


@st.cache_data(max_entries=64, show_spinner=False)
def prior_count(path: str, version: tuple[int, ...]) -> int:
    """How many prior fact-checks the workspace holds (0: the panel says how to import some)."""
    return open_workspace(path).stats().prior_claims


@st.cache_data(max_entries=64, show_spinner=False)
def source_count(path: str, version: tuple[int, ...]) -> int:
    """How many reference sources the workspace holds (0: the panel says how to add some)."""
    return open_workspace(path).stats().sources
