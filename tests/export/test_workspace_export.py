"""Exports through the Workspace: filters, history, atomic files, streaming, the ClaimReview round trip."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from factcheck.errors import InputError
from factcheck.export import atomic_output
from factcheck.export.audit import verify
from factcheck.export.lint import lint
from factcheck.workspace import Workspace
from tests.verdicts.conftest import QUOTE, add_article


def _jsonl(ws: Workspace, **filters) -> list[dict]:
    out = io.BytesIO()
    ws.export("jsonl", out, **filters)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_current_only_unless_history(ws: Workspace, three_appearances: list[int]) -> None:
    a, _b, _c, other = three_appearances
    ws.record_verdict(a, "True", reviewer="ann")
    ws.record_verdict(a, "False", reviewer="bob", explanation="=cmd|' /C calc'!A0")
    ws.record_verdict(other, "Misleading", reviewer="ann", status="published")
    rows = _jsonl(ws)
    assert [(r["claim_id"], r["rating"]) for r in rows] == [(a, "False"), (other, "Misleading")]
    row = rows[0]
    assert (row["speaker"], row["article_url"], row["article_published"]) == (
        "Jane Doe", "https://news1.example/story", "2024-03-02")
    assert row["claim_text"] == QUOTE and row["end"] - row["start"] == len(QUOTE)
    assert len(_jsonl(ws, include_history=True)) == 3
    assert [r["rating"] for r in _jsonl(ws, reviewer="ann")] == ["True", "Misleading"]
    assert [r["claim_id"] for r in _jsonl(ws, status="published")] == [other]
    out = io.BytesIO()
    summary = ws.export("csv", out)
    cells = list(csv.DictReader(io.StringIO(out.getvalue().decode(), newline="")))
    assert summary.records == 2 and cells[0]["explanation"].startswith("'=cmd")
    with pytest.raises(InputError, match="format"):
        ws.export("xml", io.BytesIO())
    with pytest.raises(InputError, match="full history"):
        ws.export("audit", io.BytesIO(), reviewer="ann")


def test_claimreview_groups_appearances_and_lints_clean(ws: Workspace, three_appearances: list[int]) -> None:
    _a, b, _c, other = three_appearances
    ws.apply_verdict_to_cluster(b, "Mostly false", status="published")
    ws.record_verdict(other, "Misleading", status="published")
    out = io.BytesIO()
    summary = ws.export("claimreview", out, status="published")
    reviews = json.loads(out.getvalue())
    assert summary.records == len(reviews) == 2  # one review per quote, not per appearance
    jane = next(r for r in reviews if r["claimReviewed"] == QUOTE)
    item = jane["itemReviewed"]
    assert [w["url"] for w in item["appearance"]] == [
        "https://news2.example/story", "https://news1.example/story", "https://news3.example/story"]
    assert item["firstAppearance"]["datePublished"] == "2024-03-01"
    assert item["author"] == {"@type": "Person", "name": "Jane Doe"}
    assert jane["reviewRating"] == {"@type": "Rating", "alternateName": "Mostly false",
                                    "ratingValue": 2, "bestRating": 5, "worstRating": 1}
    mislead = next(r for r in reviews if r is not jane)["reviewRating"]
    assert mislead == {"@type": "Rating", "alternateName": "Misleading"}
    assert jane["author"]["name"] == ws.settings.organization_name
    assert lint(io.StringIO(out.getvalue().decode())) == (2, [])


def test_audit_export_verifies(ws: Workspace, three_appearances: list[int], tmp_path: Path) -> None:
    batch = ws.apply_verdict_to_cluster(three_appearances[0], "False")
    ws.undo_batch(batch)
    target = tmp_path / "audit.jsonl"
    summary = ws.export("audit", target)
    with target.open("rb") as handle:
        report = verify(handle)
    assert report.ok and report.entries == summary.records == 6
    assert report.head_sha256 == summary.head_sha256


def test_file_output_is_complete_or_absent(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old export")
    with pytest.raises(RuntimeError), atomic_output(target) as handle:
        handle.write(b"half of the new")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"old export"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temporary file left


def test_export_streams_from_a_snapshot(ws: Workspace, three_appearances: list[int]) -> None:
    for claim in three_appearances:
        ws.record_verdict(claim, "True")
    rows = ws.store.iter_export_rows(chunk=1)
    first = next(rows)
    ws.record_verdict(three_appearances[0], "False")  # a save during the export
    rest = list(rows)
    assert [r.verdict.rating for r in [first, *rest]] == ["True"] * 4


def test_claimreview_round_trip_through_the_importer(ws: Workspace, three_appearances: list[int],
                                                     tmp_path: Path, workspace: Workspace) -> None:
    """Export → import into an empty workspace (the session's model) → same claims and ratings."""
    a, _b, _c, other = three_appearances
    ws.apply_verdict_to_cluster(a, "False", status="published")
    ws.record_verdict(other, "Half true", status="published")
    path = tmp_path / "reviews.json"
    ws.export("claimreview", path, status="published")
    exported = json.loads(path.read_text())

    from factcheck.match.claimreview_import import parse_claimreview_file

    parsed = parse_claimreview_file(path)
    assert parsed.problems == []
    got = {(r.claim, r.claimant, r.rating, r.rating_value, r.best_rating, r.worst_rating,
            tuple((x.url, x.headline) for x in r.appearances)) for _, r in parsed.records}
    want = {(e["claimReviewed"], e["itemReviewed"]["author"]["name"],
             e["reviewRating"]["alternateName"], e["reviewRating"].get("ratingValue"),
             e["reviewRating"].get("bestRating"), e["reviewRating"].get("worstRating"),
             tuple((w["url"], w["headline"]) for w in e["itemReviewed"]["appearance"]))
            for e in exported}
    assert got == want and len(got) == 2

    target = workspace
    if not hasattr(target, "import_claimreview"):
        pytest.skip("Workspace.import_claimreview is not there yet (issue 4)")
    target.import_claimreview([path])
    priors = target.claims(kind="prior")
    assert sorted((c.text, c.speaker) for c in priors) == sorted(
        (QUOTE if c == a else "Crime doubled in 2023.", "Jane Doe" if c == a else "Bob Mayor")
        for c in (a, other))
    ratings = {c.text: target.current_verdict(c.id) for c in priors}
    assert ratings[QUOTE].rating == "False" and ratings[QUOTE].rating_value == 1
    assert ratings["Crime doubled in 2023."].rating == "Half true"
    # appearances (url, headline, date) and claimant types survive the round trip too
    imported = {c.text: [(x.url, x.headline, x.date) for x in target.prior_appearances(c.id)]
                for c in priors}
    assert imported == {e["claimReviewed"]: [(w["url"], w["headline"], w.get("datePublished", ""))
                                             for w in e["itemReviewed"]["appearance"]]
                        for e in exported}
    assert len(imported[QUOTE]) == 3
    types = {s.name: s.type for s in target.store.list_speakers()}
    want_types = {e["itemReviewed"]["author"]["name"]: e["itemReviewed"]["author"]["@type"].lower()
                  for e in exported}
    assert {name: types[name] for name in want_types} == want_types
    # a second import changes nothing
    again = target.import_claimreview([path])
    assert (again.added, again.updated) == (0, 0)


def test_exports_skip_prior_fact_checks_in_claimreview(ws: Workspace) -> None:
    [claim] = add_article(ws, 'X said: "Prices fell."', [("Prices fell.", "X", "person")])
    with ws.store.db.write() as conn:
        conn.execute("UPDATE claims SET kind = 'prior' WHERE id = ?", (claim,))
    ws.record_verdict(claim, "False")
    out = io.BytesIO()
    ws.export("claimreview", out)
    assert json.loads(out.getvalue()) == []
    assert len(_jsonl(ws)) == 1
