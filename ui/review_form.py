"""Verdict form of the Review page: rating keys (1–8 on the default scale), explanation, evidence, status, Ctrl+Enter saves."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from factcheck.auth import Action
from factcheck.models import VERDICT_STATUSES, Claim, Verdict
from factcheck.workspace import Workspace
from ui import draft, state
from ui.identity import denied_reason
from ui.render import escape_inline, escape_markdown

if TYPE_CHECKING:  # pandas loads with the first verdict history, not with the Review page
    import pandas as pd


def verdict_form(ws: Workspace, claim: Claim) -> None:
    """The draft of ``claim``'s verdict; a save stores it at once (append-only)."""
    draft.ensure_loaded(ws, claim.id)
    scale = ws.rating_scale()
    chosen = st.session_state.get(state.DRAFT_RATING)
    st.markdown("**Rating**" + (f" — {escape_inline(chosen)}" if chosen else " — press a number key"))
    with st.container(horizontal=True, gap="small"):
        for rating in scale.ratings:
            st.button(rating.label, key=f"rate.{rating.shortcut or rating.label}",
                      shortcut=rating.shortcut or None, on_click=draft.set_rating,
                      args=(rating.label,), help=rating.description or None,
                      type="primary" if chosen == rating.label else "secondary")
    if scale.free:
        st.text_input("Rating (free text)", key=draft.bind(state.DRAFT_RATING),
                      on_change=draft.sync, args=(state.DRAFT_RATING,))
    st.text_area("Explanation", key=draft.bind(state.DRAFT_EXPLANATION), height=110,
                 on_change=draft.sync, args=(state.DRAFT_EXPLANATION,),
                 placeholder="Why this rating; what the evidence shows.")
    attached = st.session_state.get(state.DRAFT_ATTACHED) or []
    if attached:
        st.caption("Attached evidence")
        for index, evidence in enumerate(attached):
            row = st.columns([0.85, 0.15])
            row[0].text(f"{evidence.title or evidence.url}: {evidence.passage[:160]}")
            row[1].button("Remove", key=f"detach.{index}", on_click=draft.detach, args=(index,))
    cols = st.columns([0.65, 0.35])
    cols[0].text_area("Evidence links (one http(s) URL per line)", key=draft.bind(state.DRAFT_LINKS),
                      height=68, on_change=draft.sync, args=(state.DRAFT_LINKS,))
    publish_denied = denied_reason(ws.principal, Action.PUBLISH)
    cols[1].selectbox("Status", VERDICT_STATUSES, key=draft.bind(state.DRAFT_STATUS),
                      on_change=draft.sync, args=(state.DRAFT_STATUS,),
                      help=publish_denied or None)
    save_denied = denied_reason(ws.principal, Action.RECORD_VERDICT)
    st.button("Save verdict", key="verdict.save", type="primary", shortcut="Ctrl+Enter",
              on_click=draft.save, args=(ws, claim.id), icon="💾", disabled=bool(save_denied),
              help=save_denied or None)
    if save_denied:
        st.caption(f"🔒 {save_denied}")
    elif publish_denied:
        st.caption("Publishing needs the editor role: save as draft or in review.")
    _messages(ws, claim)


def _messages(ws: Workspace, claim: Claim) -> None:
    saved = state.pop(state.REVIEW_SAVED)
    if saved:
        st.success(escape_markdown(saved))
        st.toast(escape_markdown(saved), icon="✅")
    error = state.get(state.REVIEW_ERROR)
    if error:
        st.error(escape_markdown(error))
    conflict = state.get(state.REVIEW_CONFLICT)
    if conflict:
        current, attempted, message = conflict
        st.error("**Not saved: someone else changed this claim's verdict while you were editing.** "
                 "Compare the two versions, then keep theirs or save yours on top.")
        left, right = st.columns(2)
        with left:
            st.markdown("**Now current**")
            _verdict_card(current)
        with right:
            st.markdown("**Yours (not saved)**")
            _verdict_card(attempted)
        with st.container(horizontal=True):
            st.button("Keep theirs", key="conflict.keep", on_click=draft.keep_theirs,
                      args=(ws, claim.id))
            st.button("Save mine on top", key="conflict.mine", type="primary",
                      on_click=draft.save_mine, args=(ws, claim.id))
        with st.expander("Details"):
            st.text(message)
    elif draft.is_dirty():
        st.caption("✏️ Unsaved changes — Ctrl+Enter saves.")


def _verdict_card(verdict: Verdict | None) -> None:
    with st.container(border=True):
        if verdict is None:
            st.text("No verdict (withdrawn).")
            return
        st.markdown(f"**{escape_inline(verdict.rating)}** · {escape_inline(verdict.status)} · "
                    f"{escape_inline(verdict.reviewer or 'unnamed')} · {escape_inline(verdict.created_at)}")
        st.text(verdict.explanation or "(no explanation)")
        for evidence in verdict.evidence:
            st.text(evidence.url or evidence.title)


def history_panel(ws: Workspace, claim: Claim) -> None:
    """Every verdict record of the claim: who, when, what (newest first)."""
    records = ws.history(claim.id)
    st.subheader("History", anchor=False)
    if not records:
        st.caption("No verdict yet.")
        return
    st.dataframe(history_frame(records), hide_index=True, key="review.history", width="stretch")


def history_frame(records: list[Verdict]) -> pd.DataFrame:
    import pandas as pd

    rows = [{"When": v.created_at, "Reviewer": v.reviewer, "Rating": v.rating, "Status": v.status,
             "Explanation": v.explanation, "Evidence": len(v.evidence),
             "Note": "withdrawn" if getattr(v, "retracted", False) else v.origin}
            for v in sorted(records, key=lambda v: v.id, reverse=True)]
    return pd.DataFrame(rows)
