"""Dashboard page: verdicts by rating, claims and verdicts per speaker, progress, prior matches, a speaker view."""

from __future__ import annotations

import altair as alt
import streamlit as st

from ui.calibration_panel import calibration_section
from ui.dashboard_data import (
    progress_frame,
    ratings_frame,
    speaker_claims_frame,
    speakers_frame,
)
from ui.double_review_panel import agreement_section
from ui.queue import data_version, prior_matched_ids
from ui.resources import open_workspace, workspace, workspace_path


@st.cache_data(max_entries=8, show_spinner="Matching claims against prior fact-checks…")
def prior_match_count(path: str, version: tuple[int, ...]) -> int:
    return len(prior_matched_ids(open_workspace(path)))


ws = workspace()
st.title("Dashboard")

stats = ws.stats()
log = ws.verdicts()
current = list(ws.current_verdicts().values())  # the store's one definition
claims = ws.claims()
metrics = st.columns(5)
metrics[0].metric("Articles", stats.articles)
metrics[1].metric("Claims", stats.claims)
metrics[2].metric("Reviewed", len(current))
metrics[3].metric("Speakers", stats.speakers)
metrics[4].metric("Reference sources", stats.sources)

if not claims:
    st.info("Nothing to chart yet: ingest articles on the Ingest page.")
    st.stop()

left, right = st.columns(2)
with left:
    st.subheader("Verdicts by rating", anchor=False)
    ratings = ratings_frame(current, ws.rating_scale().labels())
    if ratings.empty:
        st.caption("No verdict yet.")
    else:
        st.altair_chart(alt.Chart(ratings).mark_bar().encode(
            x=alt.X("Verdicts:Q"), y=alt.Y("Rating:N", sort=list(ratings["Rating"])),
            tooltip=["Rating", "Verdicts"]), key="dashboard.ratings")
with right:
    st.subheader("Claims and verdicts per speaker", anchor=False)
    speakers = speakers_frame(claims, current)
    long = speakers.melt("Speaker", var_name="Count of", value_name="Number")
    st.altair_chart(alt.Chart(long).mark_bar().encode(
        x=alt.X("Number:Q"), y=alt.Y("Speaker:N", sort=list(speakers["Speaker"])),
        color="Count of:N", yOffset="Count of:N", tooltip=["Speaker", "Count of", "Number"]),
        key="dashboard.speakers")

left, right = st.columns(2)
with left:
    st.subheader("Review progress", anchor=False)
    progress = progress_frame(log)
    if progress.empty:
        st.caption("No verdict yet.")
    else:
        st.line_chart(progress, x="Day", y="Reviewed in total")
with right:
    st.subheader("Claims with a prior match", anchor=False)
    if not stats.prior_claims:
        st.caption("No prior fact-check imported yet: import ClaimReview on the Ingest page or with "
                   "`factcheck import claimreview FILE|URL`.")
    else:
        matched = prior_match_count(str(workspace_path()), data_version(ws))
        share = matched / len(claims)
        st.metric("Claims with a likely prior fact-check", f"{matched} of {len(claims)}",
                  help="Best prior fact-check is 'likely the same claim'")
        st.progress(share, text=f"{share:.0%} of claims had a prior match")

calibration_section(ws)
agreement_section(ws)

st.subheader("Speaker view", anchor=False)
people = {s.id: s.name for s in ws.speakers()}
chosen = st.selectbox("Everything this speaker said, with verdicts", [None, *people],
                      key="dashboard.speaker",
                      format_func=lambda i: "Choose a speaker" if i is None else people[i])
if chosen is not None:
    said = [c for c in claims if c.speaker_id == chosen]
    verdicts = {v.claim_id: v for v in current}
    titles = {a.id: a.title for a in ws.articles()}
    st.dataframe(speaker_claims_frame(said, verdicts, titles), hide_index=True,
                 key="dashboard.speaker_claims", width="stretch")
