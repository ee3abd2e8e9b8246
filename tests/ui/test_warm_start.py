"""`factcheck serve` warms the first page: the default queue is computed before any session, and read by it."""

from __future__ import annotations

import pytest

from factcheck.workspace.review import ReviewQueue
from ui import state

pytestmark = pytest.mark.model  # the Review page's similar-claims panel embeds the claim's context


@pytest.fixture
def queue_calls(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every filter set the library computed a queue for (``ReviewQueue.review_queue`` calls)."""
    calls: list[object] = []
    original = ReviewQueue.review_queue

    def counted(self, filters=None, **kwargs):
        calls.append(filters)
        return original(self, filters, **kwargs)

    monkeypatch.setattr(ReviewQueue, "review_queue", counted)
    return calls


def test_the_first_page_reads_the_queue_the_server_computed_while_starting(seed_ws, app, queue_calls):
    from ui.serve import warm_up

    warm_up()
    assert len(queue_calls) == 1  # computed once, before any session existed
    at = app()
    assert not at.exception, at.exception
    assert len(queue_calls) == 1  # the first page found it in the cache: no second computation
    assert any(b.label == "Save verdict" for b in at.button)
    warmed_claim = at.session_state[state.REVIEW_CLAIM]

    import streamlit as st

    st.cache_resource.clear()  # a cold start of the same workspace opens the same first claim
    st.cache_data.clear()
    cold = app()
    assert len(queue_calls) == 2
    assert cold.session_state[state.REVIEW_CLAIM] == warmed_claim


def test_a_filtered_queue_is_computed_for_the_page(seed_ws, app, queue_calls):
    from ui.serve import warm_up

    warm_up()
    at = app()
    at.selectbox(key=state.FILTER_STATUS).set_value("reviewed").run()
    assert not at.exception, at.exception
    assert len(queue_calls) == 2 and queue_calls[-1].status == "reviewed"
    assert any("No claim to review" in i.value for i in at.info)  # nothing reviewed in the seed yet


def test_a_warm_up_that_fails_leaves_the_error_to_the_page(seed_ws, app, monkeypatch):
    import ui.serve

    monkeypatch.setattr(ui.serve, "warm_up", lambda: 1 / 0)
    ui.serve._warm_up_quietly()  # no exception escapes the warm-up thread
    at = app()
    assert not at.exception, at.exception
