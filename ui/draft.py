"""The verdict draft of the Review page: loaded from the current verdict, kept across pages, saved at once."""

from __future__ import annotations

from typing import Any

import streamlit as st

from factcheck.errors import ConflictError, FactcheckError
from factcheck.models import Evidence, Review, Verdict
from factcheck.workspace import Workspace
from ui import state
from ui.identity import current_reviewer
from ui.render import is_web_url

DEFAULT_STATUS = "draft"  # the same default as `factcheck verdict --status`
FIELDS = (state.DRAFT_RATING, state.DRAFT_EXPLANATION, state.DRAFT_LINKS, state.DRAFT_STATUS)


def widget_key(store_key: str) -> str:
    """The widget bound to a draft field (widget state is dropped when a page is left; ours is not)."""
    return "w." + store_key


def bind(store_key: str) -> str:
    """Prepare the widget key of a draft field from the stored value; returns the widget key."""
    wkey = widget_key(store_key)
    if wkey not in st.session_state:
        st.session_state[wkey] = st.session_state.get(store_key)
    return wkey


def sync(store_key: str) -> None:
    """on_change: copy a widget's value into the stored draft."""
    st.session_state[store_key] = st.session_state.get(widget_key(store_key))


def _value(store_key: str) -> Any:
    wkey = widget_key(store_key)
    return st.session_state[wkey] if wkey in st.session_state else st.session_state.get(store_key)


def snapshot() -> tuple[Any, ...]:
    attached = tuple(st.session_state.get(state.DRAFT_ATTACHED) or ())
    return (*(_value(k) or "" for k in FIELDS), attached)


def load(ws: Workspace, claim_id: int) -> None:
    """Fill the draft from the claim's current verdict (or empty) and remember what was seen; in
    blind double review, before the claim has a verdict, from the reviewer's own review (if any)."""
    verdict = ws.current_verdict(claim_id)
    current: Verdict | Review | None = verdict
    if verdict is None and ws.double_review_enabled():
        current = ws.claim_reviews(claim_id, reviewer=current_reviewer()).mine
    links, attached = split_evidence(current.evidence if current else ())
    values = {
        state.DRAFT_RATING: current.rating if current else None,
        state.DRAFT_EXPLANATION: current.explanation if current else "",
        state.DRAFT_LINKS: "\n".join(links),
        state.DRAFT_STATUS: current.status if current else DEFAULT_STATUS,
    }
    for key, value in values.items():
        st.session_state[key] = value
        st.session_state.pop(widget_key(key), None)
    st.session_state[state.DRAFT_ATTACHED] = list(attached)
    st.session_state[state.DRAFT_CLAIM] = claim_id
    st.session_state[state.DRAFT_BASED_ON] = verdict.id if verdict else None
    st.session_state[state.DRAFT_BASELINE] = snapshot()
    st.session_state.pop(state.REVIEW_CONFLICT, None)


def ensure_loaded(ws: Workspace, claim_id: int) -> None:
    if st.session_state.get(state.DRAFT_CLAIM) != claim_id:
        load(ws, claim_id)


def is_dirty() -> bool:
    """True when the draft differs from what was loaded (an unsaved change)."""
    baseline = st.session_state.get(state.DRAFT_BASELINE)
    return baseline is not None and snapshot() != baseline


def split_evidence(evidence: tuple[Evidence, ...] | list[Evidence]) -> tuple[list[str], list[Evidence]]:
    """Pasted links (URL only) and attached passages/fact-checks (anything richer)."""
    links = [e.url for e in evidence if not (e.passage or e.source_id or e.title)]
    attached = [e for e in evidence if e.passage or e.source_id or e.title]
    return links, attached


def parse_links(text: str) -> tuple[list[Evidence], list[str]]:
    """Evidence from one-URL-per-line text, and the lines that are not web addresses."""
    good, bad = [], []
    for line in (text or "").splitlines():
        url = line.strip()
        if not url:
            continue
        (good.append(Evidence(url=url)) if is_web_url(url) else bad.append(url))
    return good, bad


def attach(evidence: Evidence) -> None:
    """on_click: add a passage or prior fact-check to the draft's evidence (once)."""
    attached = list(st.session_state.get(state.DRAFT_ATTACHED) or [])
    if evidence not in attached:
        attached.append(evidence)
    st.session_state[state.DRAFT_ATTACHED] = attached


def detach(index: int) -> None:
    attached = list(st.session_state.get(state.DRAFT_ATTACHED) or [])
    if 0 <= index < len(attached):
        attached.pop(index)
    st.session_state[state.DRAFT_ATTACHED] = attached


def set_rating(label: str) -> None:
    """on_click of a rating button (its digit key)."""
    st.session_state[state.DRAFT_RATING] = label
    st.session_state[widget_key(state.DRAFT_RATING)] = label


def save(ws: Workspace, claim_id: int, *, based_on: int | str | None = "draft") -> None:
    """on_click (Ctrl+Enter): store the verdict now; errors and conflicts are kept for the page."""
    for key in FIELDS:
        if widget_key(key) in st.session_state:
            sync(key)
    st.session_state.pop(state.REVIEW_ERROR, None)
    reviewer = current_reviewer()
    if not reviewer:
        st.session_state[state.REVIEW_ERROR] = ("Type your name in the sidebar first: every verdict "
                                                "records who made it.")
        return
    links, bad = parse_links(st.session_state.get(state.DRAFT_LINKS) or "")
    if bad:
        st.session_state[state.REVIEW_ERROR] = (
            f"Not saved: {len(bad)} evidence link(s) are not http(s) web addresses; fix or remove "
            "them (one URL per line).")
        return
    seen = st.session_state.get(state.DRAFT_BASED_ON) if based_on == "draft" else based_on
    if seen is None and ws.double_review_enabled():
        _save_review(ws, claim_id, reviewer, links)
        return
    try:
        saved: Verdict = ws.record_verdict(
            claim_id, st.session_state.get(state.DRAFT_RATING) or "",
            explanation=st.session_state.get(state.DRAFT_EXPLANATION) or "",
            evidence=[*(st.session_state.get(state.DRAFT_ATTACHED) or []), *links],
            reviewer=reviewer, status=st.session_state.get(state.DRAFT_STATUS) or DEFAULT_STATUS,
            based_on=seen)
    except ConflictError as exc:
        st.session_state[state.REVIEW_CONFLICT] = (exc.current, exc.attempted, str(exc))
        return
    except FactcheckError as exc:
        st.session_state[state.REVIEW_ERROR] = f"Not saved: {exc}"
        return
    load(ws, claim_id)
    st.session_state[state.REVIEW_SAVED] = f"Saved verdict #{saved.id}: {saved.rating} ({saved.status})."
    st.session_state[state.REVIEW_ADVANCE] = claim_id  # the Review page moves on (a setting)


def _save_review(ws: Workspace, claim_id: int, reviewer: str, links: list[Evidence]) -> None:
    """Blind double review: the draft is saved as the reviewer's independent review."""
    try:
        saved, settled = ws.review(
            claim_id, st.session_state.get(state.DRAFT_RATING) or "",
            explanation=st.session_state.get(state.DRAFT_EXPLANATION) or "",
            evidence=[*(st.session_state.get(state.DRAFT_ATTACHED) or []), *links],
            reviewer=reviewer, status=st.session_state.get(state.DRAFT_STATUS) or DEFAULT_STATUS)
    except ConflictError as exc:
        st.session_state[state.REVIEW_CONFLICT] = (exc.current, exc.attempted, str(exc))
        return
    except FactcheckError as exc:
        st.session_state[state.REVIEW_ERROR] = f"Not saved: {exc}"
        return
    load(ws, claim_id)
    if settled is not None:
        outcome = f"Both reviews agree: the claim's verdict is {settled.rating} (#{settled.id})."
    elif ws.claim_reviews(claim_id, reviewer=reviewer).count < 2:
        outcome = "1 of 2 reviews in; the other review stays hidden until both are in."
    else:
        outcome = "The two reviews disagree: the claim waits for an editor's adjudication."
    st.session_state[state.REVIEW_SAVED] = f"Saved your independent review R{saved.id}: {saved.rating}. {outcome}"
    st.session_state[state.REVIEW_ADVANCE] = claim_id


def keep_theirs(ws: Workspace, claim_id: int) -> None:
    """Conflict: drop my draft and load the verdict that is now current."""
    load(ws, claim_id)


def save_mine(ws: Workspace, claim_id: int) -> None:
    """Conflict: save my draft on top of the verdict that is now current."""
    conflict = st.session_state.get(state.REVIEW_CONFLICT)
    current = conflict[0] if conflict else None
    save(ws, claim_id, based_on=current.id if current is not None else None)
