"""The model-loading notice: the app loads the embedding model in the background and says so meanwhile."""

from __future__ import annotations

import streamlit as st

from factcheck.workspace import Workspace

LOADING = ("The language model is loading in the background (a few seconds). Reviewing works now; "
           "searching new text, ingesting and matching new claims start once it is ready.")


def model_notice(ws: Workspace) -> None:
    """While the model is not ready: a notice that refreshes itself and reruns the app when it is."""
    state = ws.model_state()
    if state == "ready":
        return
    if state.startswith("failed: "):
        st.error(f"The language model could not be loaded: {state.removeprefix('failed: ')}", icon="⚠️")
        return

    @st.fragment(run_every=1.0)
    def watch() -> None:
        if ws.model_state() != "ready":
            st.info(LOADING, icon="⏳")
        else:
            st.rerun()  # the whole app, now without the notice

    watch()


def start_model_load(ws: Workspace) -> None:
    """After the first page is drawn: load the model in a background thread (once per process)."""
    ws.load_model_in_background()
