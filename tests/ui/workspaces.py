"""Workspaces the app tests run on: the seeds, a prior fact-check (ClaimReview) and a reference source."""

from __future__ import annotations

import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"

PRIOR_CLAIM = "The siege of Gaza may come to resemble the German siege of Leningrad in World War 2"
PRIOR_REVIEW = {
    "@context": "https://schema.org", "@type": "ClaimReview",
    "url": "https://factcheck.example.org/reviews/leningrad",
    "claimReviewed": PRIOR_CLAIM,
    "datePublished": "2023-10-20",
    "author": {"@type": "Organization", "name": "Example Fact Check"},
    "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Vladimir Putin"},
                     "datePublished": "2023-10-13",
                     "appearance": [{"@type": "CreativeWork", "url": "https://news.example.org/a"}]},
    "reviewRating": {"@type": "Rating", "ratingValue": 3, "bestRating": 5, "worstRating": 1,
                     "alternateName": "Half true"},
}
REFERENCE_SOURCE = """United Nations General Assembly resolution of 27 October 2023.
The General Assembly called for an immediate, durable and sustained humanitarian truce leading to a cessation of hostilities.
The resolution was adopted by 120 votes in favour, 14 against and 45 abstentions.
It demanded that all parties comply with their obligations under international law.
"""
SOURCE_TITLE = "UN General Assembly resolution ES-10/21"


def add_prior_and_source(ws, scratch: Path) -> None:
    """Import one prior fact-check and archive one reference source."""
    from factcheck.sources.library import SourceInput

    review = scratch / "prior-claimreview.json"
    review.write_text(json.dumps(PRIOR_REVIEW), encoding="utf-8")
    report = ws.import_claimreview([review])
    assert report.added == 1, report
    added = ws.archive_source(SourceInput(label="un.txt", text=REFERENCE_SOURCE, title=SOURCE_TITLE),
                              kind="official record", publisher="United Nations",
                              published="2023-10-27", url="https://example.org/un-resolution")
    assert added.status == "added", added


def build_seed_workspace(folder: Path, *, seeds: bool = True) -> None:
    """A workspace with the prior and the source, and (unless ``seeds=False``) the seed articles."""
    from factcheck.workspace import Workspace

    ws = Workspace(folder)
    try:
        add_prior_and_source(ws, folder)
        if seeds:
            reports = ws.ingest([str(SEEDS)])
            assert all(r.status == "added" for r in reports), reports
    finally:
        ws.close()
