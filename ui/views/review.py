"""Review page: the queue, the claim in its article, similar prior claims, sources, the verdict form."""

from __future__ import annotations

import streamlit as st

from factcheck.errors import NotFoundError
from factcheck.models import CLAIM_KINDS
from factcheck.queue import Queue
from ui import draft, state
from ui import queue as queue_module
from ui.double_review_panel import reviews_panel
from ui.queue import (
    STATUSES,
    QueueFilters,
    article_titles,
    cached_queue,
    data_version,
    reviewer_key,
    speaker_names,
)
from ui.render import (
    context_window,
    escape_inline,
    escape_markdown,
    highlighted_markdown,
    inline_fields,
    render_link,
)
from ui.resources import workspace, workspace_path
from ui.review_form import history_panel, verdict_form
from ui.review_panels import similar_panel, sources_panel
from ui.review_support import cached_evidence, cached_similar, prior_count, source_count

ws = workspace()


def filters_changed() -> None:
    """A new queue starts at its first claim (an unsaved draft keeps its claim on screen)."""
    if not draft.is_dirty():
        st.session_state.pop(state.REVIEW_CLAIM, None)


def queue_filters(version: tuple[int, ...]) -> QueueFilters:
    with st.sidebar:
        st.subheader("Queue", anchor=False)
        if version[0] <= queue_module.ARTICLE_LIST_MAX:
            articles = article_titles(str(workspace_path()), version)
            article = st.selectbox("Article", [None, *articles], key=state.FILTER_ARTICLE,
                                   on_change=filters_changed,
                                   format_func=lambda i: "All articles" if i is None else articles[i])
        else:  # a list of every title would be read, sent and drawn on each first page: ask for the id
            article = st.number_input("Article id", min_value=1, value=None, step=1, key=state.FILTER_ARTICLE,
                                      on_change=filters_changed, placeholder="All articles")
        speakers = speaker_names(str(workspace_path()), version)
        speaker = st.selectbox("Speaker", [None, *speakers], key=state.FILTER_SPEAKER, on_change=filters_changed,
                               format_func=lambda i: "All speakers" if i is None else speakers[i])
        kinds = [k for k in CLAIM_KINDS if k != "prior"]
        kind = st.selectbox("Kind", [None, *kinds], key=state.FILTER_KIND, on_change=filters_changed,
                            format_func=lambda k: "All kinds" if k is None else k)
        min_score = st.slider("Check-worthiness at least", 0.0, 1.0, 0.0, 0.05,
                              key=state.FILTER_MIN_SCORE, on_change=filters_changed)
        status = st.selectbox("Status", STATUSES, key=state.FILTER_STATUS, on_change=filters_changed)
        prior = st.toggle("Has a likely prior match", key=state.FILTER_PRIOR, on_change=filters_changed)
    return QueueFilters(article_id=article, speaker_id=speaker, kind=kind,
                        min_checkworthiness=float(min_score), status=status, prior_match=prior)


def move(target: int | None, *, force: bool = False) -> None:
    """on_click of J/K/skip: go to ``target``; an unsaved draft asks first unless forced."""
    if target is None:
        return
    if not force and draft.is_dirty():
        st.session_state[state.REVIEW_PENDING_MOVE] = target
        return
    st.session_state.pop(state.REVIEW_PENDING_MOVE, None)
    st.session_state.pop(state.REVIEW_ERROR, None)
    st.session_state[state.REVIEW_CLAIM] = target
    draft.load(ws, target)


def skip(current: int, target: int | None) -> None:
    skipped = set(st.session_state.get(state.REVIEW_SKIPPED) or ())
    skipped.add(current)
    st.session_state[state.REVIEW_SKIPPED] = skipped
    move(target, force=True)


def next_after_save(queue: Queue, saved: int, remembered: int | None) -> int | None:
    """The claim to show after a save: the one that followed it (if still queued), else the next."""
    if remembered is not None and remembered != saved and queue.position(remembered) is not None:
        return remembered
    following = queue.step(saved, +1)
    return following if following != saved else None


def stay() -> None:
    st.session_state.pop(state.REVIEW_PENDING_MOVE, None)


version = data_version(ws)
filters = queue_filters(version)
queue = cached_queue(str(workspace_path()), version, filters, reviewer_key(ws))

st.progress(queue.reviewed / queue.total if queue.total else 0.0,
            text=f"{queue.reviewed} of {queue.total} reviewed · {queue.in_review} in review")

claim_id = state.get(state.REVIEW_CLAIM)
saved_from = state.pop(state.REVIEW_ADVANCE)
if saved_from is not None and saved_from == claim_id and ws.settings.review_advance_after_verdict:
    # A verdict was just saved: go on to the claim that followed it when it was on screen.
    following = next_after_save(queue, saved_from, state.get(state.REVIEW_NEXT))
    if following is not None:
        claim_id = following
        move(following, force=True)
if claim_id is None and queue.claim_ids:
    claim_id = queue.claim_ids[0]
claim = None
if claim_id is not None:
    try:
        claim = ws.claim(claim_id)
    except NotFoundError:
        claim = None
if claim is None:
    st.title("Review")
    st.info("No claim to review with these filters. Ingest articles on the Ingest page, or "
            "widen the queue filters in the sidebar.")
    st.page_link("views/ingest.py", label="Ingest articles", icon="📥")
    st.stop()

st.session_state[state.REVIEW_CLAIM] = claim.id
draft.ensure_loaded(ws, claim.id)
position = queue.position(claim.id)
previous_id, next_id = queue.step(claim.id, -1), queue.step(claim.id, +1)
st.session_state[state.REVIEW_NEXT] = next_id

with st.container(horizontal=True, vertical_alignment="center"):
    st.button("Previous", key="nav.previous", shortcut="K", icon="⬅️",
              on_click=move, args=(previous_id,), disabled=position == 0)
    st.button("Next", key="nav.next", shortcut="J", icon="➡️", on_click=move, args=(next_id,),
              disabled=position is not None and position >= len(queue.claim_ids) - 1)
    st.button("Skip", key="nav.skip", shortcut="S", on_click=skip, args=(claim.id, next_id),
              help="Leave this claim without a verdict (drops an unsaved draft)")
    where = (f"claim {position + 1} of {len(queue.claim_ids)} in the queue" if position is not None
             else "opened from search; not in the current queue")
    keys = [r.shortcut for r in ws.rating_scale().ratings if r.shortcut]
    rating_keys = f"{keys[0]}–{keys[-1]} rating · " if keys else ""
    st.caption(f"{where} · J next · K previous · {rating_keys}Ctrl+Enter save")

pending = state.get(state.REVIEW_PENDING_MOVE)
if pending is not None:
    st.warning("You have an unsaved verdict draft for this claim. Save it (Ctrl+Enter), or discard "
               "it and move on.")
    with st.container(horizontal=True):
        st.button("Discard the draft and move on", key="nav.discard", on_click=move,
                  args=(pending,), kwargs={"force": True})
        st.button("Keep editing", key="nav.stay", on_click=stay)

article = ws.article(claim.article_id)
left, right = st.columns([0.58, 0.42], gap="large")
with left:
    with st.container(border=True, key="review.claim"):
        st.markdown(escape_markdown(claim.text))
        st.markdown(inline_fields([
            ("Kind", claim.kind), ("Speaker", claim.speaker or "unknown"),
            ("Type", claim.speaker_type), ("Cue", claim.cue),
            ("Check-worthiness", f"{claim.checkworthiness:.2f}")]))
    st.subheader(escape_inline(article.title or f"Article {article.id}"), anchor=False)
    st.markdown(inline_fields([("Outlet", article.outlet), ("Date", article.published),
                               ("Author", article.author)]))
    window = context_window(article.text, claim.start, claim.end, paragraphs=1)
    with st.container(border=True, key="review.context"):
        if window.before:
            st.caption("…")
        st.markdown(highlighted_markdown(window.text, window.start, window.end))
        if window.after:
            st.caption("…")
    with st.expander("Whole article"):
        st.markdown(highlighted_markdown(article.text, claim.start, claim.end))
    render_link(article.url, key="review.article_link")
    st.subheader("Verdict", anchor=False)
    reviews_panel(ws, claim)
    verdict_form(ws, claim)
    history_panel(ws, claim)
with right:
    similar_panel(ws, claim, cached_similar(str(workspace_path()),
                                            (*version, ws.calibration_stamp()), claim.id),
                  prior_count=prior_count(str(workspace_path()), version))
    evidence, notices = cached_evidence(str(workspace_path()), version, claim.id)
    for notice in notices:
        st.caption(escape_inline(notice))
    sources_panel(ws, claim, evidence, source_count=source_count(str(workspace_path()), version))
