"""Adjudication page (editors): blind double review on/off, the claims whose two reviews disagree,
both reviews side by side, and the adjudicated verdict."""

from __future__ import annotations

import streamlit as st

from factcheck.auth import Action
from factcheck.errors import FactcheckError
from factcheck.models import VERDICT_STATUSES, Evidence
from ui.double_review_panel import review_card
from ui.draft import parse_links
from ui.identity import current_reviewer
from ui.render import escape_inline, escape_markdown, inline_fields
from ui.resources import workspace

MESSAGE = "adjudication.message"

ws = workspace()
st.title("Adjudication")


def switch_mode() -> None:
    try:
        ws.set_double_review(bool(st.session_state.get("adjudication.mode")))
    except FactcheckError as exc:
        st.session_state[MESSAGE] = ("error", f"Not changed: {exc}")


st.toggle("Blind double review", value=ws.double_review_enabled(), key="adjudication.mode",
          on_change=switch_mode, disabled=not ws.can(Action.SETTINGS),
          help="Each claim gets two independent reviews; a reviewer sees the other's only once both "
               "are in. Agreement (same rating) makes the verdict final; disagreements come here. "
               "Editors only.")
kind, text = st.session_state.pop(MESSAGE, (None, ""))
if kind == "error":
    st.error(escape_markdown(text))
elif kind == "success":
    st.success(escape_markdown(text))

disputes = ws.disputes()
if not disputes:
    st.info("No claim waits for adjudication: every claim with two reviews has its verdict.")
    st.stop()
if not ws.can(Action.ADJUDICATE):
    st.warning("Only an editor adjudicates; you can read the disputes below.")

claims = ws.claims_by_id([d.claim_id for d in disputes])
by_claim = {d.claim_id: d for d in disputes}
chosen = st.selectbox(f"{len(disputes)} claims wait for adjudication (oldest dispute first)",
                      list(by_claim), key="adjudication.claim",
                      format_func=lambda i: f"#{i} {claims[i].speaker or '?'}: {claims[i].text[:90]}")
dispute = by_claim[chosen]
claim = claims[chosen]
with st.container(border=True, key="adjudication.claim_text"):
    st.markdown(escape_markdown(claim.text))
    st.markdown(inline_fields([("Speaker", claim.speaker or "unknown"), ("Kind", claim.kind),
                               ("Article", str(claim.article_id))]))
left, right = st.columns(2)
with left:
    st.markdown("**First review**")
    review_card(dispute.first, key="adjudication.first")
with right:
    st.markdown("**Second review**")
    review_card(dispute.second, key="adjudication.second")

scale = ws.rating_scale()
with st.form("adjudication.form", border=True):
    st.markdown(f"**Your verdict on claim #{claim.id}** (records both reviews, "
                f"R{dispute.first.id} and R{dispute.second.id}, and you as the adjudicator)")
    if scale.free:
        rating = st.text_input("Rating", key="adjudication.rating_text")
    else:
        rating = st.selectbox("Rating", scale.labels(), index=None, key="adjudication.rating",
                              placeholder="Choose the rating") or ""
    note = st.text_area("Note", key="adjudication.note", placeholder="Why this rating settles it.")
    links = st.text_area("Evidence links (one http(s) URL per line)", key="adjudication.links", height=68)
    keep = st.checkbox("Keep both reviews' sources", value=True, key="adjudication.keep_sources")
    status = st.selectbox("Status", VERDICT_STATUSES, key="adjudication.status")
    submitted = st.form_submit_button("Save adjudicated verdict", type="primary",
                                      disabled=not ws.can(Action.ADJUDICATE))
if submitted:
    good, bad = parse_links(links)
    kept: list[Evidence] = list(dict.fromkeys([*dispute.first.evidence, *dispute.second.evidence])) if keep else []
    if bad:
        st.session_state[MESSAGE] = ("error", f"Not saved: {len(bad)} evidence link(s) are not "
                                              "http(s) web addresses.")
    else:
        try:
            saved = ws.adjudicate(claim.id, rating, explanation=note, evidence=[*kept, *good],
                                  reviewer=current_reviewer(), status=status, based_on=None)
        except FactcheckError as exc:
            st.session_state[MESSAGE] = ("error", f"Not saved: {exc}")
        else:
            st.session_state[MESSAGE] = ("success", f"Adjudicated claim #{claim.id}: {saved.rating} "
                                                    f"(verdict #{saved.id}, by {saved.reviewer or 'you'}).")
            st.session_state.pop("adjudication.claim", None)
    st.rerun()
st.caption(escape_inline("Agreement figures are on the Dashboard."))
