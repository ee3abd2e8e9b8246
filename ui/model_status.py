"""The model-loading notice: the app loads the embedding model in the background and says so meanwhile."""

from __future__ import annotations

import streamlit as st

from factcheck.workspace import Workspace

LOADING = ("The language model is loading in the background (a few seconds). Reviewing works now; "
           "searching new text, ingesting and matching new claims start once it is ready.")
POLL_SECONDS = 2.0  # how often the notice looks again while the model loads


def model_notice(ws: Workspace) -> None:
    """While the model is not ready: a notice in the sidebar that goes by itself once it is.

    The notice is a fragment that reruns alone every :data:`POLL_SECONDS`: never a rerun of the
    whole app, which would interrupt what the reviewer is doing (an upload, an import in
    progress). Once the model is in, the app's next run draws no notice and no timer.
    """
    state = ws.model_state()
    if state == "ready":
        return
    with st.sidebar:  # not above the page: a main-area element that goes away resets the page's tabs
        if state.startswith("failed: "):
            _failed(state)
        else:
            _loading_notice(ws)


@st.fragment(run_every=POLL_SECONDS)
def _loading_notice(ws: Workspace) -> None:
    state = ws.model_state()
    if state.startswith("failed: "):
        _failed(state)
    elif state != "ready":
        st.info(LOADING, icon="⏳")


def _failed(state: str) -> None:
    st.error(f"The language model could not be loaded: {state.removeprefix('failed: ')}", icon="⚠️")


def start_model_load(ws: Workspace) -> None:
    """After the first page is drawn: load the model in a background thread (once per process)."""
    ws.load_model_in_background()
