"""Review page in blind double review: the second reviewer gets the same claim without the first
review; it shows once both are in; the queue never serves the claim to the first reviewer again."""

from __future__ import annotations

import pytest

from factcheck.workspace import Workspace


def page_text(at) -> str:
    return "\n".join(str(e.value) for kind in ("markdown", "caption", "text", "success", "info")
                     for e in getattr(at, kind))


def current_claim(at) -> int:
    return at.session_state["review.claim_id"]


@pytest.mark.model
def test_two_reviewers_are_blind_until_both_are_in(seed_ws, app):
    (seed_ws / "config.json").write_text('{"review_advance_after_verdict": false}')
    setup = Workspace(seed_ws)
    setup.set_double_review(True)
    setup.close()
    ana = app(reviewer="Ana")
    claim = current_claim(ana)
    ana.button(key="rate.5").click().run()  # False
    ana.text_area(key="w.draft.explanation").input("secret reasoning one").run()
    ana.button(key="verdict.save").click().run()
    assert not ana.exception and not ana.error, [e.value for e in ana.error]
    assert "1 of 2 reviews in" in page_text(ana)
    ws = Workspace(seed_ws)
    assert ws.history(claim) == [] and ws.current_verdict(claim) is None
    mine = ws.claim_reviews(claim, reviewer="Ana").mine
    assert mine is not None and mine.rating == "False"

    bo = app(reviewer="Bo")
    assert current_claim(bo) == claim  # still served to a second reviewer
    assert "secret reasoning one" not in page_text(bo)
    assert "1 of 2 independent reviews in" in page_text(bo)
    assert bo.session_state["draft.rating"] is None  # Bo's draft does not start from Ana's review
    bo.button(key="rate.1").click().run()  # True
    bo.button(key="verdict.save").click().run()
    assert not bo.exception and not bo.error, [e.value for e in bo.error]
    assert "disagree" in page_text(bo)
    assert "secret reasoning one" in page_text(bo)  # both are in: the other review shows
    assert [d.claim_id for d in ws.disputes()] == [claim]

    again = app(reviewer="Ana")
    assert current_claim(again) != claim  # never served twice to the same reviewer
