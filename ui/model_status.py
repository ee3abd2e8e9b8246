"""The model-loading notice: the app loads the embedding model in the background and says so meanwhile."""

from __future__ import annotations

import streamlit as st

from factcheck.workspace import Workspace

LOADING = ("The language model is loading in the background (a few seconds; this notice goes on "
           "your next click). Reviewing works now; searching new text, ingesting and matching new "
           "claims start once it is ready.")


def model_notice(ws: Workspace) -> None:
    """While the model is not ready: a notice, drawn on each run until the model is in.

    No timed rerun: a rerun of the whole app when the model arrives would interrupt what the
    reviewer is doing (an upload, an import in progress); the notice goes on the next interaction.
    """
    state = ws.model_state()
    if state == "ready":
        return
    if state.startswith("failed: "):
        st.sidebar.error(f"The language model could not be loaded: {state.removeprefix('failed: ')}",
                         icon="⚠️")
        return
    with st.sidebar:  # not above the page: a main-area element that goes away resets the page's tabs
        st.info(LOADING, icon="⏳")


def start_model_load(ws: Workspace) -> None:
    """After the first page is drawn: load the model in a background thread (once per process)."""
    ws.load_model_in_background()
