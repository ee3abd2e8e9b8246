"""Cluster verdicts: every appearance of the quote in one batch, and undo that never deletes."""

from __future__ import annotations

import io
import json

import pytest

from factcheck.errors import ConflictError, InputError, NotFoundError
from factcheck.workspace import Workspace


def _current(ws: Workspace, claim_id: int) -> str | None:
    verdict = ws.current_verdict(claim_id)
    return None if verdict is None else verdict.rating


def test_cluster_verdict_reaches_every_appearance_only(ws: Workspace, three_appearances: list[int]) -> None:
    a, b, c, other = three_appearances
    assert ws.cluster_claims(b) == [a, b, c]
    batch = ws.apply_verdict_to_cluster(b, "False", reviewer="ann", explanation="rose")
    saved = ws.store.batch_verdicts(batch)
    assert sorted(v.claim_id for v in saved) == [a, b, c]
    assert {(v.origin, v.rating, v.explanation) for v in saved} == {("cluster", "False", "rose")}
    assert _current(ws, other) is None


def test_cluster_id_wins_over_the_text_hash(ws: Workspace, three_appearances: list[int]) -> None:
    a, b, c, other = three_appearances
    with ws.store.db.write() as conn:  # the matching colleague's clustering sets cluster_id
        conn.executemany("UPDATE claims SET cluster_id = ? WHERE id = ?", [(7, a), (7, other)])
    assert ws.cluster_claims(a) == [a, other]
    assert ws.cluster_claims(b) == [a, b, c]  # b has no cluster yet: same normalised text


def test_undo_restores_previous_verdicts_by_appending(ws: Workspace, three_appearances: list[int]) -> None:
    a, b, c, _ = three_appearances
    before = ws.record_verdict(a, "Half true", explanation="original", status="published")
    batch = ws.apply_verdict_to_cluster(b, "False")
    assert [_current(ws, x) for x in (a, b, c)] == ["False"] * 3
    result = ws.undo_batch(batch, reviewer="ann")
    assert sorted(result.restored) == [a, b, c] and result.skipped == ()
    restored = ws.current_verdict(a)
    assert restored is not None and (restored.rating, restored.explanation, restored.status) == (
        "Half true", "original", "published")
    assert restored.id != before.id and restored.origin == "undo"
    assert _current(ws, b) is None and _current(ws, c) is None
    assert len(ws.history(a)) == 3 and ws.history(b)[-1].retracted  # nothing was deleted
    with pytest.raises(InputError, match="already undone"):
        ws.undo_batch(batch)
    with pytest.raises(NotFoundError):
        ws.undo_batch("no-such-batch")


def test_undo_keeps_later_edits(ws: Workspace, three_appearances: list[int]) -> None:
    a, b, c, _ = three_appearances
    batch = ws.apply_verdict_to_cluster(a, "False")
    ws.record_verdict(c, "Mostly false", reviewer="bob")
    result = ws.undo_batch(batch)
    assert result.skipped == (c,) and _current(ws, c) == "Mostly false"
    assert _current(ws, a) is None and _current(ws, b) is None
    assert any("left claims" in n for n in ws.notices)


def test_withdrawn_batch_never_reaches_exports(ws: Workspace, three_appearances: list[int]) -> None:
    a, b, _c, _ = three_appearances
    ws.record_verdict(a, "Half true", status="draft")
    batch = ws.apply_verdict_to_cluster(a, "False", status="published")
    ws.undo_batch(batch)
    out = io.BytesIO()
    ws.export("jsonl", out, status="published")
    assert out.getvalue() == b""  # the only published verdicts were withdrawn
    out = io.BytesIO()
    ws.export("jsonl", out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(r["claim_id"], r["rating"]) for r in rows] == [(a, "Half true")]
    assert b not in [r["claim_id"] for r in rows]


def test_published_export_keeps_the_last_published_while_a_draft_is_open(
        ws: Workspace, three_appearances: list[int]) -> None:
    a = three_appearances[0]
    ws.record_verdict(a, "False", status="published", explanation="v1")
    ws.record_verdict(a, "Mostly false", status="draft", explanation="v2 in progress")
    out = io.BytesIO()
    ws.export("jsonl", out, status="published")
    [row] = [json.loads(line) for line in out.getvalue().splitlines()]
    assert (row["rating"], row["explanation"]) == ("False", "v1")


def test_cluster_action_checks_the_view_of_the_claim_shown(ws: Workspace, three_appearances: list[int]) -> None:
    a, b, _c, _ = three_appearances
    ws.record_verdict(a, "True", reviewer="bob")
    with pytest.raises(ConflictError):
        ws.apply_verdict_to_cluster(a, "False", based_on=None)
    assert _current(ws, b) is None
