"""Recording verdicts: append-only history, stale-view conflicts, validation, filters, counts."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from factcheck.errors import ConflictError, InputError, NotFoundError
from factcheck.models import Evidence
from factcheck.workspace import Workspace
from factcheck.workspace.verdicts import parse_bound


def test_edits_append_and_the_latest_is_current(ws: Workspace, three_appearances: list[int]) -> None:
    claim = three_appearances[0]
    assert ws.current_verdict(claim) is None and ws.history(claim) == []
    first = ws.record_verdict(claim, "False", explanation="Rose to 3.9%", reviewer="ann",
                              evidence=["https://stats.example/u", Evidence(
                                  url="https://bls.example/t", passage="3.9 percent", start=0,
                                  end=11, stance="refutes")])
    second = ws.record_verdict(claim, "Mostly false", reviewer="bob", status="in review",
                               based_on=first.id)
    assert ws.current_verdict(claim) == second
    history = ws.history(claim)
    assert [v.id for v in history] == [first.id, second.id]
    assert second.supersedes == first.id and first.supersedes is None
    assert history[0].evidence[1].stance == "refutes" and history[0].evidence[1].end == 11
    assert (second.rating_value, second.best_rating, second.worst_rating) == (2, 5, 1)


def test_the_database_refuses_updates_and_deletes(ws: Workspace, three_appearances: list[int]) -> None:
    verdict = ws.record_verdict(three_appearances[0], "True")
    for sql in ("UPDATE verdicts SET rating = 'False' WHERE id = ?", "DELETE FROM verdicts WHERE id = ?"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            ws.store.db.conn.execute(sql, (verdict.id,))
    assert ws.current_verdict(three_appearances[0]) == verdict


def test_stale_save_is_refused_showing_both_versions(ws: Workspace, three_appearances: list[int]) -> None:
    claim = three_appearances[0]
    seen = ws.record_verdict(claim, "Half true", explanation="first look", reviewer="ann",
                             based_on=None)
    theirs = ws.record_verdict(claim, "False", explanation="the figure is wrong", reviewer="bob",
                               based_on=seen.id)
    with pytest.raises(ConflictError) as err:
        ws.record_verdict(claim, "True", explanation="my take", reviewer="ann", based_on=seen.id)
    message = str(err.value)
    assert "'False'" in message and "bob" in message and "the figure is wrong" in message
    assert "'True'" in message and "my take" in message and f"--based-on {theirs.id}" in message
    assert err.value.current == theirs
    assert err.value.attempted.rating == "True" and err.value.attempted.explanation == "my take"
    assert [v.id for v in ws.history(claim)] == [seen.id, theirs.id]  # nothing lost, nothing added
    with pytest.raises(ConflictError):  # "I saw no verdict" is stale too
        ws.record_verdict(claim, "True", based_on=None)


def test_two_reviewers_saving_at_once_one_wins(ws: Workspace, three_appearances: list[int]) -> None:
    claim = three_appearances[1]
    other = Workspace(ws.path)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(workspace: Workspace, name: str) -> None:
        barrier.wait()
        try:
            workspace.record_verdict(claim, "False", reviewer=name, based_on=None)
            outcomes.append("saved")
        except ConflictError:
            outcomes.append("conflict")

    threads = [threading.Thread(target=save, args=(w, n)) for w, n in ((ws, "a"), (other, "b"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.close()
    assert sorted(outcomes) == ["conflict", "saved"]
    assert len(ws.history(claim)) == 1


@pytest.mark.parametrize("kwargs,needle", [
    ({"rating": "Probably"}, "not on the 'default' scale"),
    ({"rating": "True", "status": "final"}, "status 'final'"),
    ({"rating": "True", "evidence": ["www.example.org/x"]}, "absolute"),
    ({"rating": "True", "evidence": [Evidence(url="https://a.example", stance="maybe")]}, "stance"),
])
def test_invalid_input_is_refused_with_the_reason(ws: Workspace, three_appearances: list[int],
                                                  kwargs: dict, needle: str) -> None:
    rating = kwargs.pop("rating")
    with pytest.raises(InputError, match=needle):
        ws.record_verdict(three_appearances[0], rating, **kwargs)
    assert ws.history(three_appearances[0]) == []


def test_unknown_claim_is_not_found(ws: Workspace) -> None:
    with pytest.raises(NotFoundError, match="no claim with id 999"):
        ws.record_verdict(999, "True")
    with pytest.raises(NotFoundError):
        ws.history(999)


def test_log_filters(ws: Workspace, three_appearances: list[int]) -> None:
    a = ws.record_verdict(three_appearances[0], "True", reviewer="Ann", status="published")
    b = ws.record_verdict(three_appearances[1], "False", reviewer="bob")
    assert [v.id for v in ws.verdicts()] == [b.id, a.id]
    assert [v.id for v in ws.verdicts(reviewer="ann")] == [a.id]
    assert [v.id for v in ws.verdicts(status="published")] == [a.id]
    today = a.created_at[:10]
    assert len(ws.verdicts(since=today, until=today)) == 2
    assert ws.verdicts(until="2000-01-01") == [] and ws.verdicts(since="2999-01-01") == []
    assert [v.id for v in ws.verdicts(since=b.created_at)] == [b.id]
    assert [v.id for v in ws.verdicts(until=a.created_at)] == [a.id]
    with pytest.raises(InputError, match="--since"):
        ws.verdicts(since="last week")


def test_parse_bound() -> None:
    assert parse_bound("2024-05-01", end=False) == "2024-05-01T00:00:00+00:00".replace(
        "+", ".000000+")
    assert parse_bound("2024-05-01", end=True).startswith("2024-05-02T00:00:00")
    assert parse_bound("2024-05-01T12:00+02:00", end=False).startswith("2024-05-01T10:00:00")


def test_counts_per_speaker_use_current_verdicts(ws: Workspace, three_appearances: list[int]) -> None:
    jane1, jane2, _jane3, bob = three_appearances
    ws.record_verdict(jane1, "True")
    ws.record_verdict(jane1, "False")  # the edit replaces, it does not add
    ws.record_verdict(jane2, "False")
    ws.record_verdict(bob, "Misleading")
    counts = {c.speaker: c for c in ws.verdict_counts_by_speaker()}
    assert counts["Jane Doe"].total == 2 and counts["Jane Doe"].by_rating == {"False": 2}
    assert counts["Bob Mayor"].by_rating == {"Misleading": 1}
    assert next(c.speaker for c in ws.verdict_counts_by_speaker()) == "Jane Doe"
