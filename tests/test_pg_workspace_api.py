"""The Workspace on both backends (the ``backend_workspace`` fixture): ingest, claims, verdicts, history,
exports, claim and keyword search, prior fact-checks, sources and the review queue give the same results."""

from __future__ import annotations

import io
import json
from pathlib import Path

from factcheck.sources.library import SourceInput
from factcheck.workspace import Workspace
from tests.ui.workspaces import PRIOR_CLAIM, PRIOR_REVIEW, REFERENCE_SOURCE, SOURCE_TITLE

ARTICLE = ('The mayor said "crime fell by 20 percent last year" at the council meeting. '
           'Later, Jane Roe said "the budget for schools doubled since 2019" in an interview. '
           'Vladimir Putin said "the siege of Gaza may come to resemble the siege of Leningrad".')


def test_a_review_through_the_workspace(backend_workspace: Workspace, tmp_path: Path) -> None:
    ws = backend_workspace
    assert ws.ingest_text(ARTICLE, title="Council").status == "added"
    assert ws.ingest_text(ARTICLE).status == "duplicate"
    claims = ws.claims()
    assert len(claims) == ws.stats().claims >= 3
    crime = next(c for c in claims if c.kind == "partial" and "crime fell" in c.text)
    first = ws.record_verdict(crime.id, "False", reviewer="ana", based_on=None)
    second = ws.record_verdict(crime.id, "Mostly false", reviewer="bo", status="published", based_on=first.id)
    assert [v.id for v in ws.history(crime.id)] == [first.id, second.id]
    assert ws.current_verdict(crime.id) == second
    assert "crime fell" in ws.search("crime fell by twenty percent", k=3)[0].claim.text
    assert {m.claim.id for m in ws.keyword_search("budget schools")} == {
        c.id for c in claims if "budget for schools" in c.text}
    for fmt, records in (("csv", 1), ("jsonl", 1), ("claimreview", 1), ("audit", 2)):
        out = io.BytesIO()
        assert ws.export(fmt, out, status="published" if fmt == "claimreview" else "").records == records, fmt
        assert out.getvalue()
    rows = [json.loads(line) for line in b"".join(ws.export_chunks("jsonl")).decode().splitlines()]
    assert [(r["claim_id"], r["rating"]) for r in rows] == [(crime.id, "Mostly false")]


def test_priors_sources_and_the_queue(backend_workspace: Workspace, tmp_path: Path) -> None:
    ws = backend_workspace
    ws.ingest_text(ARTICLE)
    report = ws.import_claimreview_text([("prior.json", json.dumps(PRIOR_REVIEW))])
    assert report.added == 1
    putin = next(c for c in ws.claims() if "Leningrad" in c.text)
    matches = ws.search(putin.text, k=5, kinds=["prior"])
    assert matches and matches[0].claim.text == PRIOR_CLAIM and matches[0].verdict is not None
    added = ws.archive_source(SourceInput(label="un.txt", text=REFERENCE_SOURCE, title=SOURCE_TITLE))
    assert added.status == "added"
    hits = ws.search_sources("how many votes did the resolution get", k=2)
    assert hits and "120 votes" in hits[0].passage.text
    queue = ws.review_queue()
    assert queue.total >= 1 and set(queue.claim_ids) <= {c.id for c in ws.claims()}
