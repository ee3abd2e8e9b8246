"""The model-loading notice: the app loads the embedding model in the background and says so meanwhile."""

from __future__ import annotations

import streamlit as st

from factcheck.workspace import Workspace
from ui import state

LOADING = ("The language model is loading in the background (a few seconds). Reviewing works now; "
           "searching new text, ingesting and matching new claims start once it is ready.")
POLL_SECONDS = 1.0  # how often the notice looks again while the model loads


def model_notice(ws: Workspace) -> None:
    """While the model is not ready: a notice in the sidebar that goes by itself once it is.

    The notice is a fragment that reruns alone every :data:`POLL_SECONDS`: never a rerun of the
    whole app, which would interrupt what the reviewer is doing (an upload, an import in
    progress). Once the model is in, the app's next run draws no notice and no timer.

    The model load starts on the run after the session's first one: the notice's first refresh
    (the browser asks for it once it has drawn the page) or a click. The first page never waits
    for the model nor shares the CPU with its load (importing torch and reading the weights took
    one core for about a second while the browser was still drawing that page).
    """
    status = ws.model_state()
    if status != "ready":
        with st.sidebar:  # not above the page: a main-area element that goes away resets its tabs
            if status.startswith("failed: "):
                _failed(status)
            else:
                _loading_notice(ws)
    st.session_state[state.PAGE_DRAWN] = True  # (set here, not after the page: a page may st.stop())


@st.fragment(run_every=POLL_SECONDS)
def _loading_notice(ws: Workspace) -> None:
    if state.get(state.PAGE_DRAWN):  # a run after the session's first: the browser has drawn it
        ws.load_model_in_background()  # (once per process)
    status = ws.model_state()
    if status.startswith("failed: "):
        _failed(status)
    elif status != "ready":
        st.info(LOADING, icon="⏳")


def _failed(status: str) -> None:
    st.error(f"The language model could not be loaded: {status.removeprefix('failed: ')}", icon="⚠️")

