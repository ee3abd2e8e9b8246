"""Blind double review in the app: the Review page's reviews panel, review cards, the Dashboard's agreement section."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from factcheck.blind_review import AgreementReport
from factcheck.models import Claim, Review
from factcheck.workspace import Workspace
from ui.identity import current_reviewer
from ui.render import escape_inline, escape_markdown, render_link

if TYPE_CHECKING:  # pandas and altair load with the Dashboard, not with the Review page
    import pandas as pd


def reviews_panel(ws: Workspace, claim: Claim) -> None:
    """Where the claim stands in blind double review; the other review only once both are in."""
    if not ws.double_review_enabled():
        return
    seen = ws.claim_reviews(claim.id, reviewer=current_reviewer())
    with st.container(border=True, key="review.double"):
        st.markdown(f"**Blind double review** · {seen.count} of 2 independent reviews in · {seen.state}")
        if seen.state in ("open", "waiting"):
            note = ("Your review is in; you may revise it until the other one is in."
                    if seen.mine is not None else
                    "Your verdict is saved as your independent review; the other reviewer's stays "
                    "hidden until both are in.")
            st.caption(note)
        elif seen.state == "disputed":
            st.caption("The two reviews disagree: the claim waits for an editor's adjudication.")
            st.page_link("views/adjudication.py", label="Adjudication queue", icon="⚖️")
        for other in seen.others:
            st.markdown("**The other review**")
            review_card(other, key=f"review.other.{other.id}")


def review_card(review: Review, *, key: str) -> None:
    """One review: rating (value), reviewer, status, note and sources; all text escaped."""
    value = "" if review.rating_value is None else f" ({review.rating_value:g}/{review.best_rating:g})"
    with st.container(border=True, key=key):
        st.markdown(f"**{escape_inline(review.rating)}**{escape_inline(value)} · "
                    f"{escape_inline(review.reviewer or review.reviewer_subject)} · "
                    f"{escape_inline(review.status)} · R{review.id} · {escape_inline(review.created_at[:19])}")
        st.markdown(escape_markdown(review.explanation) if review.explanation else "_(no note)_")
        for index, evidence in enumerate(review.evidence):
            label = evidence.title or evidence.url or f"source {evidence.source_id}"
            st.caption(escape_inline(f"{evidence.stance}: {label}"))
            if evidence.passage:
                st.text(evidence.passage[:300])
            render_link(evidence.url, key=f"{key}.link.{index}")


def agreement_frame(report: AgreementReport) -> pd.DataFrame:
    """One row per figure (all reviewers first, then each pair) for the Dashboard's table."""
    import pandas as pd

    rows = [{"Reviewers": f.label,
             "Krippendorff's alpha (ordinal)": None if f.alpha is None else round(f.alpha, 3),
             "Items in alpha": f.items, "Double-reviewed": f.double_reviewed,
             "Left out (rating off the scale)": f.non_ordinal,
             "Same rating": None if f.percent_agreement is None else f"{f.percent_agreement:.0%}",
             "Note": f.reason}
            for f in (report.overall, *report.pairs)]
    return pd.DataFrame(rows)


def agreement_section(ws: Workspace) -> None:
    """Dashboard: agreement of the independent reviews, overall and per reviewer pair."""
    import altair as alt

    st.subheader("Reviewer agreement (blind double review)", anchor=False)
    report = ws.agreement()
    if not report.overall.double_reviewed:
        state = "on" if ws.double_review_enabled() else "off (an editor turns it on on the Adjudication page)"
        st.caption(f"No claim has two independent reviews yet. Blind double review is {state}.")
        return
    frame = agreement_frame(report)
    st.dataframe(frame, hide_index=True, key="dashboard.agreement", width="stretch")
    pairs = frame.iloc[1:].dropna(subset=["Krippendorff's alpha (ordinal)"])
    if not pairs.empty:
        st.altair_chart(alt.Chart(pairs).mark_bar().encode(
            x=alt.X("Krippendorff's alpha (ordinal):Q", scale=alt.Scale(domain=[-1, 1])),
            y=alt.Y("Reviewers:N", sort=list(pairs["Reviewers"])),
            tooltip=["Reviewers", "Krippendorff's alpha (ordinal)", "Items in alpha"]),
            key="dashboard.agreement_chart")
    st.caption("Alpha is Krippendorff's alpha for ordinal data over the rating scale's values "
               "(1 = perfect agreement, 0 = chance level). Ratings off the scale (Misleading, "
               "Unproven, Not a checkable claim, free text) count as missing in it; 'Same rating' "
               "covers every double-reviewed claim.")
