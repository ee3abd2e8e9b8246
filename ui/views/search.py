"""Search page: semantic and keyword search over quotes and claims; a selected row opens in Review."""

from __future__ import annotations

import streamlit as st

from factcheck.errors import FactcheckError
from factcheck.models import CLAIM_KINDS
from ui import state
from ui.render import escape_markdown
from ui.resources import workspace
from ui.search_support import SearchRequest, result_frame, run_search

ws = workspace()
st.title("Search quotes and claims")


with st.form("search.form"):
    query = st.text_input("Words or a quote", key=state.SEARCH_QUERY,
                          placeholder="e.g. humanitarian ceasefire")
    mode = st.segmented_control("Mode", ["Semantic", "Keyword"], default="Semantic",
                                key=state.SEARCH_MODE)
    cols = st.columns(4)
    speakers = {s.id: s.name for s in ws.speakers()}
    speaker = cols[0].selectbox("Speaker", [None, *speakers], key="search.speaker",
                                format_func=lambda i: "Any speaker" if i is None else speakers[i])
    outlets = sorted({a.outlet for a in ws.articles() if a.outlet})
    outlet = cols[1].selectbox("Outlet", ["", *outlets], key="search.outlet",
                               format_func=lambda o: o or "Any outlet")
    kinds = cols[2].multiselect("Kind", list(CLAIM_KINDS), key="search.kinds")
    verdict = cols[3].selectbox("Verdict", ["any", "with a verdict", "without a verdict"],
                                key="search.verdict")
    dates = st.columns(4)
    date_from = dates[0].date_input("Published from", value=None, key="search.date_from")
    date_to = dates[1].date_input("Published until", value=None, key="search.date_to")
    submitted = st.form_submit_button("Search", key="search.submit", type="primary")

if submitted:
    request = SearchRequest(
        text=query, keyword=mode == "Keyword", speaker=speakers.get(speaker) if speaker else "",
        outlet=outlet, kinds=tuple(kinds),
        has_verdict={"any": None, "with a verdict": True, "without a verdict": False}[verdict],
        date_from=date_from.isoformat() if date_from else "",
        date_to=date_to.isoformat() if date_to else "")
    try:
        st.session_state[state.SEARCH_RESULTS] = run_search(ws, request)
        st.session_state.pop("search.error", None)
    except FactcheckError as exc:
        st.session_state[state.SEARCH_RESULTS] = []
        st.session_state["search.error"] = str(exc)

if state.get("search.error"):
    st.error(escape_markdown(state.get("search.error")))
results = state.get(state.SEARCH_RESULTS)
if results is not None:
    st.caption(f"{len(results)} result{'s' if len(results) != 1 else ''} · select a row to open "
               "it in Review")
    if results:
        event = st.dataframe(result_frame(results), key=state.SEARCH_TABLE, on_select="rerun",
                             selection_mode="single-row", hide_index=True, width="stretch")
        rows = event.selection.rows if event is not None else []
        if rows and rows[0] < len(results):
            st.session_state[state.REVIEW_CLAIM] = results[rows[0]].claim.id
            st.switch_page("views/review.py")
