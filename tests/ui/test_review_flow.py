"""Review page: queue, claim in context, verdict → history, unsaved-draft warning, conflicts, filters."""

from __future__ import annotations

import re

import pytest

from factcheck.queue import QueueFilters, keep_claim
from factcheck.workspace import Workspace
from ui.render import HIGHLIGHT


def markdown_text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def progress_text(at) -> str:
    return at.get("progress")[0].proto.text


def reviewed_count(at) -> tuple[int, int]:
    match = re.match(r"(\d+) of (\d+) reviewed", progress_text(at))
    assert match, progress_text(at)
    return int(match[1]), int(match[2])


def current_claim(at) -> int:
    return at.session_state["review.claim_id"]


@pytest.mark.model
def test_first_claim_is_the_most_check_worthy_and_highlighted_in_context(seed_ws, app):
    at = app(reviewer="Ana Reviewer")
    assert not at.exception
    ws = Workspace(seed_ws)
    cut = QueueFilters(min_confidence=ws.settings.min_confidence)  # weak attributions stay out of the queue
    claims = [c for c in ws.claims() if keep_claim(c, cut)]
    best = max(claims, key=lambda c: (c.checkworthiness, -c.article_id, -c.start, -c.id))
    assert current_claim(at) == best.id
    assert f":{HIGHLIGHT}[" in markdown_text(at)
    assert reviewed_count(at) == (0, len(claims))


@pytest.mark.model
def test_review_verdict_history_flow(seed_ws, app):
    (seed_ws / "config.json").write_text('{"review_advance_after_verdict": false}')
    at = app(reviewer="Ana Reviewer")
    claim_id = current_claim(at)
    done, total = reviewed_count(at)
    at.button(key="rate.5").click().run()  # 5 = "False" on the default scale
    assert at.session_state["draft.rating"] == "False"
    assert at.selectbox(key="w.draft.status").value == "draft"  # the CLI's default too
    at.selectbox(key="w.draft.status").select("published").run()
    at.text_area(key="w.draft.explanation").input("The record shows otherwise.").run()
    at.button(key="verdict.save").click().run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    history = Workspace(seed_ws).history(claim_id)
    assert [(v.rating, v.reviewer, v.status, v.explanation) for v in history] == [
        ("False", "Ana Reviewer", "published", "The record shows otherwise.")]
    assert at.dataframe[0].value["Rating"].tolist() == ["False"]
    assert reviewed_count(at) == (done + 1, total)
    # Editing the saved verdict appends a second record based on the first (no conflict).
    at.button(key="rate.4").click().run()
    at.button(key="verdict.save").click().run()
    history = Workspace(seed_ws).history(claim_id)
    assert [v.rating for v in history] == ["False", "Mostly false"]
    assert history[1].supersedes == history[0].id
    assert at.dataframe[0].value["Rating"].tolist() == ["Mostly false", "False"]


def test_saving_needs_a_reviewer_name(seed_ws, app):
    at = app()
    at.button(key="rate.1").click().run()
    at.button(key="verdict.save").click().run()
    assert any("name" in e.value for e in at.error)
    assert Workspace(seed_ws).history(current_claim(at)) == []


def test_next_and_previous_walk_the_queue_and_an_unsaved_draft_warns(seed_ws, app):
    at = app(reviewer="Ana Reviewer")
    first = current_claim(at)
    at.button(key="nav.next").click().run()
    second = current_claim(at)
    assert second != first
    at.button(key="nav.previous").click().run()
    assert current_claim(at) == first
    at.button(key="rate.2").click().run()  # an unsaved draft
    at.button(key="nav.next").click().run()
    assert current_claim(at) == first
    assert any("unsaved" in w.value for w in at.warning)
    at.button(key="nav.stay").click().run()
    assert at.session_state["draft.rating"] == "Mostly true"
    at.button(key="nav.next").click().run()
    at.button(key="nav.discard").click().run()
    assert current_claim(at) == second
    assert at.session_state["draft.rating"] is None
    assert Workspace(seed_ws).history(first) == []


def test_a_stale_view_shows_both_versions_and_saves_nothing_until_asked(seed_ws, app):
    at = app(reviewer="Ana Reviewer")
    claim_id = current_claim(at)
    other = Workspace(seed_ws)
    other.record_verdict(claim_id, "True", explanation="saved elsewhere", reviewer="Bo",
                         status="published")
    at.button(key="rate.5").click().run()
    at.button(key="verdict.save").click().run()
    assert any("Not saved" in e.value for e in at.error)
    assert "saved elsewhere" in "\n".join(t.value for t in at.text)
    assert [v.rating for v in other.history(claim_id)] == ["True"]
    at.button(key="conflict.mine").click().run()
    assert [v.rating for v in other.history(claim_id)] == ["True", "False"]
    assert not at.error


def test_queue_filters(seed_ws, app):
    at = app(reviewer="Ana Reviewer")
    ws = Workspace(seed_ws)
    at.selectbox(key="review.filter.kind").select("direct").run()
    assert ws.claim(current_claim(at)).kind == "direct"
    direct = [c for c in ws.claims() if c.kind == "direct"]
    assert reviewed_count(at) == (0, len(direct))
    first = current_claim(at)
    at.button(key="rate.1").click().run()
    at.button(key="verdict.save").click().run()  # saved as a draft: in review, not yet reviewed
    at.selectbox(key="review.filter.status").select("in review").run()
    assert current_claim(at) == first
    assert "claim 1 of 1 in the queue" in "\n".join(c.value for c in at.caption)
    at.selectbox(key="review.filter.status").select("unreviewed").run()
    assert current_claim(at) != first
    assert ws.current_verdict(current_claim(at)) is None
    speaker = ws.claim(first).speaker_id
    at.selectbox(key="review.filter.status").select("any").run()
    at.selectbox(key="review.filter.speaker").select(speaker).run()
    assert ws.claim(current_claim(at)).speaker_id == speaker


@pytest.mark.model
def test_saving_a_verdict_moves_on_to_the_next_claim(seed_ws, app):
    at = app(reviewer="Ana Reviewer")
    first = current_claim(at)
    at.button(key="nav.next").click().run()
    second = current_claim(at)
    at.button(key="nav.previous").click().run()
    at.button(key="rate.5").click().run()
    at.button(key="verdict.save").click().run()
    assert not at.exception and not at.error
    assert [v.rating for v in Workspace(seed_ws).history(first)] == ["False"]
    assert current_claim(at) == second
    assert at.session_state["draft.rating"] is None  # the next claim's (empty) draft
    assert any("Saved verdict" in s.value for s in at.success)
