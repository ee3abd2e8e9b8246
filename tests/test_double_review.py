"""Blind double review through the Workspace on both backends: the queue, blindness, agreement,
disputes and adjudication, current verdicts, exports and undo, agreement figures."""

from __future__ import annotations

import io
import json

import pytest

from factcheck.auth import Principal, Role
from factcheck.errors import ConflictError, InputError, PermissionDeniedError
from factcheck.workspace import Workspace

ARTICLE = ('The mayor said "crime fell by 20 percent last year" at the council meeting. '
           'Later, Jane Roe said "the budget for schools doubled since 2019" in an interview. '
           'Vladimir Putin said "the siege of Gaza may come to resemble the siege of Leningrad".')


def _setup(ws: Workspace) -> list[int]:
    assert ws.ingest_text(ARTICLE, title="Council").status == "added"
    ws.set_double_review(True)
    assert ws.double_review_enabled()
    return [c.id for c in ws.claims()]


def test_queue_serves_a_claim_to_two_different_reviewers_only(backend_workspace: Workspace) -> None:
    ws = backend_workspace
    ids = _setup(ws)
    first = ws.review_queue(reviewer="ana").claim_ids[0]
    assert first in ws.review_queue(reviewer="bo").claim_ids
    review, verdict = ws.review(first, "False", reviewer="ana", explanation="ana's note")
    assert verdict is None and review.reviewer_subject == "ana"
    assert first not in ws.review_queue(reviewer="ana").claim_ids  # never twice to the same reviewer
    assert first in ws.review_queue(reviewer="bo").claim_ids  # still open for a second reviewer
    ws.review(first, "False", reviewer="bo")
    for who in ("ana", "bo", "cy"):  # two reviews in: served to nobody
        assert first not in ws.review_queue(reviewer=who).claim_ids
    assert len(ws.review_queue(reviewer="cy").claim_ids) == len(ids) - 1
    with pytest.raises(ConflictError, match="already has its verdict"):
        ws.review(first, "True", reviewer="cy")
    queue = ws.review_queue(reviewer="ana")
    assert queue.total == len(ids) and queue.in_review == 1


def test_a_review_is_blind_until_both_are_in(backend_workspace: Workspace) -> None:
    ws = backend_workspace
    claim = _setup(ws)[0]
    ws.review(claim, "Mostly false", reviewer="ana", explanation="first look")
    ws.review(claim, "False", reviewer="ana", explanation="revised")  # revisable until the other's is in
    seen = ws.claim_reviews(claim, reviewer="bo")
    assert (seen.count, seen.state, seen.mine, seen.others) == (1, "waiting", None, ())
    mine = ws.claim_reviews(claim, reviewer="ana")
    assert mine.mine is not None and mine.mine.explanation == "revised" and mine.others == ()
    # nothing of it reaches verdicts, history, the log or exports
    assert ws.current_verdict(claim) is None and ws.history(claim) == [] and ws.verdicts() == []
    assert b"".join(ws.export_chunks("jsonl")) == b""
    text = ws.claim(claim).text
    hits = [*ws.search(text, k=5), *ws.keyword_search(text)]
    assert claim in {m.claim.id for m in hits} and all(m.verdict is None for m in hits)
    assert ws.claim_statuses()[claim] == "in review"
    ws.review(claim, "Half true", reviewer="bo", explanation="bo's note")
    both = ws.claim_reviews(claim, reviewer="bo")
    assert both.state == "disputed" and [r.rating for r in both.others] == ["False"]
    with pytest.raises(ConflictError, match="both independent reviews are in"):
        ws.review(claim, "True", reviewer="ana")


def test_agreement_makes_the_verdict_final(backend_workspace: Workspace) -> None:
    ws = backend_workspace
    claim = _setup(ws)[0]
    first, _ = ws.review(claim, "false", reviewer="ana", explanation="Police data says 3 %",
                         evidence=["https://example.org/police"])
    second, verdict = ws.review(claim, "5", reviewer="bo", explanation="Stats office",
                                evidence=["https://example.org/police", "https://example.org/stats"])
    assert verdict is not None  # "false" and shortcut 5 both resolve to the label "False"
    assert (verdict.rating, verdict.origin, verdict.inputs) == ("False", "agreed", (first.id, second.id))
    assert verdict.reviewer == "ana + bo" and verdict.rating_value == 1
    assert verdict.explanation == "Police data says 3 %\n\nStats office"
    assert [e.url for e in verdict.evidence] == ["https://example.org/police", "https://example.org/stats"]
    assert ws.current_verdicts() == {claim: verdict} and ws.disputes() == []
    assert ws.claim_reviews(claim, reviewer="cy").state == "agreed"


def test_a_disagreement_goes_to_adjudication(backend_workspace: Workspace) -> None:
    ws = backend_workspace
    claim, other = _setup(ws)[:2]
    a, _ = ws.review(claim, "True", reviewer="ana", explanation="confirmed")
    b, verdict = ws.review(claim, "Misleading", reviewer="bo", explanation="missing context")
    assert verdict is None and ws.current_verdict(claim) is None
    ws.review(other, "True", reviewer="ana")  # one review only: not a dispute
    (dispute,) = ws.disputes()
    assert (dispute.claim_id, dispute.first.id, dispute.second.id) == (claim, a.id, b.id)
    with pytest.raises(InputError, match=r"reviewed claim \d+ and cannot adjudicate"):
        ws.adjudicate(claim, "True", reviewer="ana")
    with pytest.raises(InputError, match="1 of 2 independent reviews"):
        ws.adjudicate(other, "True", reviewer="ed")
    settled = ws.adjudicate(claim, "Mostly true", reviewer="ed", explanation="both partly right",
                            status="published", based_on=None)
    assert (settled.origin, settled.inputs, settled.reviewer) == ("adjudicated", (a.id, b.id), "ed")
    assert ws.disputes() == [] and ws.current_verdicts() == {claim: settled}
    with pytest.raises(ConflictError):  # a second adjudication from a stale view
        ws.adjudicate(claim, "False", reviewer="eve", based_on=None)
    out = io.BytesIO()
    assert ws.export("claimreview", out, status="published").records == 1
    review = json.loads(out.getvalue())
    review = review[0] if isinstance(review, list) else review
    assert "Mostly true" in json.dumps(review)
    rows = [json.loads(line) for line in b"".join(ws.export_chunks("jsonl")).decode().splitlines()]
    assert [(r["claim_id"], r["rating"], r["inputs"]) for r in rows] == [(claim, "Mostly true", [a.id, b.id])]


def test_cluster_undo_keeps_working(backend_workspace: Workspace) -> None:
    ws = backend_workspace
    assert ws.ingest_text(ARTICLE).status == "added"
    claim = ws.claims()[0].id
    batch = ws.apply_verdict_to_cluster(claim, "True", reviewer="ana")  # before double review
    ws.set_double_review(True)
    result = ws.undo_batch(batch, reviewer="ana")
    assert result.restored == (claim,) and ws.current_verdict(claim) is None
    ws.review(claim, "False", reviewer="ana")
    _, verdict = ws.review(claim, "False", reviewer="bo")
    assert verdict is not None and ws.current_verdict(claim) == verdict


def test_agreement_figures(backend_workspace: Workspace) -> None:
    ws = backend_workspace
    ids = _setup(ws)
    for claim, (ana, bo) in zip(ids, [("True", "True"), ("False", "Mostly false"), ("Misleading", "True")],
                                strict=False):
        ws.review(claim, ana, reviewer="ana")
        ws.review(claim, bo, reviewer="bo")
    report = ws.agreement()
    overall = report.overall
    assert (overall.double_reviewed, overall.items, overall.non_ordinal, overall.same_rating) == (
        min(3, len(ids)), min(2, len(ids)), 1 if len(ids) >= 3 else 0, 1)
    # units (5,5) and (1,2): ordinal alpha 1 - 3 * 2 / 36 = 5/6 (worked out in tests/test_alpha.py)
    assert overall.alpha == pytest.approx(5 / 6)
    assert [p.reviewers for p in report.pairs] == [("ana", "bo")]
    assert report.pairs[0].alpha == pytest.approx(5 / 6)


def test_off_by_default_and_refused_when_off(backend_workspace: Workspace) -> None:
    ws = backend_workspace
    assert ws.ingest_text(ARTICLE).status == "added"
    claim = ws.claims()[0].id
    assert not ws.double_review_enabled()
    with pytest.raises(InputError, match="blind double review is off"):
        ws.review(claim, "True", reviewer="ana")
    ws.set_double_review(True)
    review, _ = ws.review(claim, "True")  # no name typed: the workspace's own (local) user
    assert review.reviewer_key == ws.principal.key
    with pytest.raises(InputError, match="gets its verdict from two independent reviews"):
        ws.record_verdict(claim, "True", reviewer="bo")
    with pytest.raises(InputError, match="cluster verdicts are off"):
        ws.apply_verdict_to_cluster(claim, "True", reviewer="bo")


def _user(subject: str, role: Role, name: str) -> Principal:
    return Principal(issuer="https://idp.example", subject=subject, display_name=name, role=role)


def test_roles_and_stable_identities(backend_workspace: Workspace) -> None:
    editor = backend_workspace
    claim = _setup(editor)[0]
    ana = editor.acting_as(_user("sub-ana", Role.REVIEWER, "Ana"))
    ana_again = editor.acting_as(_user("sub-ana", Role.REVIEWER, "Ana Lima"))  # renamed, same identity
    homonym = editor.acting_as(_user("sub-other", Role.REVIEWER, "Ana"))  # same name, another person
    viewer = editor.acting_as(_user("sub-vi", Role.VIEWER, "Vi"))
    with pytest.raises(PermissionDeniedError, match="reviewer"):
        viewer.review(claim, "True")
    with pytest.raises(PermissionDeniedError, match="editor"):
        ana.set_double_review(False)
    first, _ = ana.review(claim, "True")
    assert claim not in ana_again.review_queue().claim_ids  # the same person under a new name
    assert claim in homonym.review_queue().claim_ids  # a different person with the same name
    ana_again.review(claim, "False")  # a revision of Ana's own review, not a second review
    assert editor.claim_reviews(claim).count == 1
    _, verdict = homonym.review(claim, "Half true")
    assert verdict is None and editor.claim_reviews(claim).state == "disputed"
    with pytest.raises(PermissionDeniedError, match="editor"):
        ana.adjudicate(claim, "True")
    settled = editor.adjudicate(claim, "Mostly false", reviewer="ed")
    assert (settled.reviewer_issuer, settled.reviewer_subject) == ("local", "ed")
    assert settled.inputs[0] != first.id  # Ana's latest review (her revision) is the input
    with pytest.raises(PermissionDeniedError, match="editor"):  # a settled verdict: editors only
        ana.record_verdict(claim, "True")
    published = editor.record_verdict(claim, "Mostly false", status="published", based_on=settled.id)
    assert editor.current_verdict(claim) == published
