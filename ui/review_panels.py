"""Side panels of the Review page: similar prior claims (with feedback) and reference passages."""

from __future__ import annotations

from typing import Any

import streamlit as st

from factcheck.auth import Action
from factcheck.models import AlignOp, Claim, Evidence, Match
from factcheck.workspace import Workspace
from ui import draft
from ui.identity import current_reviewer, denied_reason
from ui.match_view import (
    byline,
    flag_words,
    level_label,
    shared_markdown,
    shared_terms,
    split_levels,
)
from ui.render import (
    badge_color,
    badge_markdown,
    escape_inline,
    escape_markdown,
    highlighted_markdown,
)

HINT_MARKS = {"agree": "✅", "shared": "✅", "differ": "⚠️", "mismatch": "⚠️", "absent": "·",
              "missing": "·"}


def alignment_markdown(ops: tuple[AlignOp, ...] | list[AlignOp]) -> str:
    """Word-level difference as escaped Markdown: removed words struck in red, added in green."""
    parts = []
    for op in ops:
        left, right = escape_inline(op.left), escape_inline(op.right)
        if op.op == "equal":
            parts.append(left or right)
        elif op.op == "replace":
            parts.append(f":red[~~{left}~~] :green[**{right}**]")
        elif op.op == "delete":
            parts.append(f":red[~~{left}~~]")
        elif op.op == "insert":
            parts.append(f":green[**{right}**]")
    return " ".join(p for p in parts if p)


def _feedback(ws: Workspace, claim_id: int, other_id: int, same: bool) -> None:
    reviewer = current_reviewer()
    ws.record_match_feedback(claim_id, other_id, same, reviewer)
    st.session_state[f"feedback.{claim_id}.{other_id}"] = "same claim" if same else "not the same"


def similar_panel(ws: Workspace, claim: Claim, matches: list[Match], *, prior_count: int) -> None:
    """Prior claims a reviewer reads at a glance: likely ones first, weaker ones folded away."""
    st.subheader("Similar prior claims", anchor=False)
    if prior_count == 0 and not matches:
        st.info("No prior fact-checks in this workspace yet. Import ClaimReview records on the "
                "Ingest page (JSON or JSON Lines) or with `factcheck import claimreview FILE|URL`; "
                "similar fact-checked claims then show up here.")
        st.page_link("views/ingest.py", label="Import ClaimReview", icon="📥")
        return
    likely, weaker = split_levels(matches)
    if not likely:
        best = f" (best candidate: {round(matches[0].score * 100)} %)" if matches else ""
        st.info(f"No prior fact-check is likely for this claim{best}.", icon="🔎")
    for match in likely:
        _candidate(ws, claim, match)
    if weaker:
        with st.expander(f"Weaker candidates ({len(weaker)})"):
            for match in weaker:
                _candidate(ws, claim, match)


def _candidate(ws: Workspace, claim: Claim, match: Match) -> None:
    """One candidate card: level and verdict badges, the prior as written, byline, flags, buttons."""
    other = match.claim
    with st.container(border=True, key=f"match.{other.id}"):
        label, colour = level_label(match)
        head = [badge_markdown(label, colour)]
        if match.verdict is not None:
            v = match.verdict
            head.append(badge_markdown(v.rating, badge_color(v.rating_value, v.best_rating,
                                                             v.worst_rating)))
        else:
            head.append(badge_markdown("no verdict yet", "gray"))
        st.markdown(" ".join(head))
        st.markdown(shared_markdown(other.text, shared_terms(claim.text, other.text)))
        st.caption(escape_inline(byline(match)))
        explanation = match.explanation
        if explanation is not None and explanation.flags:
            st.markdown(" ".join(badge_markdown(flag_words(flag), "orange")
                                 for flag in explanation.flags))
        if explanation is not None and explanation.alignment:
            with st.popover("Word-by-word difference", key=f"diff.{claim.id}.{other.id}"):
                st.markdown(alignment_markdown(explanation.alignment))
        answered = st.session_state.get(f"feedback.{claim.id}.{other.id}")
        if answered:
            st.caption(f"You marked this: {answered}")
        denied = denied_reason(ws.principal, Action.FEEDBACK)
        with st.container(horizontal=True):
            st.button("Same claim", key=f"same.{claim.id}.{other.id}", on_click=_feedback,
                      args=(ws, claim.id, other.id, True), disabled=bool(denied),
                      help=denied or None)
            st.button("Not the same", key=f"notsame.{claim.id}.{other.id}", on_click=_feedback,
                      args=(ws, claim.id, other.id, False), disabled=bool(denied),
                      help=denied or None)
            if match.verdict is not None:
                st.button("Cite this fact-check", key=f"cite.{claim.id}.{other.id}",
                          on_click=draft.attach, args=(_prior_evidence(match),))


def _prior_evidence(match: Match) -> Evidence:
    article = match.article
    return Evidence(url=article.url if article else "", title=(article.title if article else "")
                    or f"prior fact-check of claim {match.claim.id}",
                    passage=match.claim.text, stance="context")


def sources_panel(ws: Workspace, claim: Claim, hits: list[Any], *, source_count: int = 1) -> None:
    """Reference passages with their best sentence highlighted; one click attaches one."""
    st.subheader("Reference sources", anchor=False)
    if source_count == 0:
        st.info("No reference sources in this workspace yet. Add documents, pages or official "
                "records on the Sources page (or with `factcheck sources add FILE|URL`); their "
                "passages relevant to each claim then show up here.")
        st.page_link("views/sources.py", label="Add reference sources", icon="📚")
        return
    if not hits:
        st.caption("No reference passage found for this claim. Add sources on the Sources page.")
        return
    if not any(getattr(hit, "likely", False) for hit in hits):
        st.caption("No passage is likely relevant to this claim; the closest ones follow.")
    for number, hit in enumerate(hits):
        source, passage = hit.source, hit.passage
        with st.container(border=True, key=f"source.{number}"):
            st.markdown(" · ".join(x for x in (
                f"**{escape_inline(source.title or 'untitled source')}**",
                escape_inline(source.publisher), escape_inline(source.published),
                escape_inline(source.kind)) if x))
            st.caption(relevance_line(hit))
            start, end = _sentence_span(hit, passage.text)
            st.markdown(highlighted_markdown(passage.text, start, end))
            hints = [f"{HINT_MARKS.get(h.status, '•')} {h.message}" for h in hit.hints]
            if hints:
                st.caption(escape_markdown("\n".join(hints)))
            if source.url:
                st.code(source.url, language=None)
            st.button("Attach as evidence", key=f"attach.{claim.id}.{passage.id}",
                      on_click=draft.attach, args=(_passage_evidence(hit),))


def relevance_line(hit: Any) -> str:
    """How likely the passage bears on the claim, in words, with the level's measured precision."""
    score = f"score {hit.score:.2f}"
    if not getattr(hit, "likely", False):
        return score
    precision = getattr(hit, "likely_precision", 0.0)
    measured = (f" ({precision:.0%} of passages shown as likely relevant were, on a held-out "
                "benchmark)") if precision > 0 else ""
    return f"✅ likely relevant · {score}{measured}"


def _sentence_span(hit: Any, text: str) -> tuple[int, int]:
    """The best sentence's span inside the passage text ((0, 0) when it falls outside)."""
    sentence = getattr(hit, "sentence", None)
    if sentence is None:
        return 0, 0
    start, end = sentence.start - hit.passage.start, sentence.end - hit.passage.start
    if not 0 <= start <= end <= len(text):
        return 0, 0
    return start, end


def _passage_evidence(hit: Any) -> Evidence:
    source, passage = hit.source, hit.passage
    sentence = getattr(hit, "sentence", None)
    start, end = (sentence.start, sentence.end) if sentence is not None else (passage.start, passage.end)
    return Evidence(url=source.url, title=source.title or f"source {source.id}",
                    passage=sentence.text if sentence is not None else passage.text,
                    start=start, end=end, stance="context", source_id=source.id)
