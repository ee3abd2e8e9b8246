"""The similar-claims panel in a real browser: a claim with a known prior, and one with none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from factcheck.workspace import Workspace
from tests.e2e.conftest import screenshot
from tests.e2e.test_journey import SEED, first_in_queue

pytestmark = pytest.mark.e2e


def _review(claim: str, rating: str, claimant: str) -> dict:
    return {"@context": "https://schema.org", "@type": "ClaimReview",
            "url": "https://factcheck.example.org/reviews/x", "claimReviewed": claim,
            "datePublished": "2023-10-20", "author": {"@type": "Organization", "name": "Example Check"},
            "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": claimant}},
            "reviewRating": {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1,
                             "alternateName": rating}}


def _workspace(folder: Path, review: dict) -> None:
    path = folder.parent / f"{folder.name}-prior.json"
    path.write_text(json.dumps(review), encoding="utf-8")
    ws = Workspace(folder)
    try:
        assert ws.import_claimreview([path]).added == 1
        assert ws.ingest([str(SEED)])[0].status == "added"
    finally:
        ws.close()


def _open_review(page: Page, base: str) -> None:
    page.goto(base)
    page.get_by_label("Your name (recorded with verdicts)").fill("E2E Reviewer")
    page.keyboard.press("Tab")
    expect(page.get_by_text("Similar prior claims")).to_be_visible(timeout=90_000)


def test_panel_with_a_known_prior_and_with_none(page: Page, serve_app, tmp_path: Path) -> None:
    first = first_in_queue(SEED.read_text(encoding="utf-8"), tmp_path / "scratch")
    known = tmp_path / "known"
    # the prior as a fact-checker wrote it: the claim with a lead-in (whatever claim the queue opens with)
    prior = "Very simply, " + first.text.strip(" “”\"'")
    _workspace(known, _review(prior, "Pants on Fire", "A columnist"))
    _open_review(page, serve_app(known))
    card = page.locator("[class*='st-key-match-']").first
    expect(card).to_be_visible(timeout=60_000)
    expect(card).to_contain_text("Likely the same claim")
    expect(card).to_contain_text("Pants on Fire")
    expect(card).to_contain_text("A columnist · Example Check · 2023-10-20")
    badge = card.get_by_text("Pants on Fire", exact=True)
    colour = badge.evaluate("e => getComputedStyle(e.closest('span') || e).color")
    assert colour not in ("rgb(49, 51, 63)", "rgb(0, 0, 0)"), colour  # a coloured badge
    expect(page.get_by_text("No prior fact-check is likely")).to_have_count(0)
    screenshot(page, "similar-known-prior")
    card.get_by_role("button", name="Word-by-word difference").click()
    diff = page.get_by_test_id("stPopoverBody")
    expect(diff).to_be_visible()
    expect(diff).to_contain_text("simply")
    screenshot(page, "similar-known-prior-diff")

    none = tmp_path / "none"
    _workspace(none, _review("Drinking bleach cures the flu in two days.", "False", "A post"))
    _open_review(page, serve_app(none))
    expect(page.get_by_text("No prior fact-check is likely")).to_be_visible(timeout=60_000)
    folded = page.get_by_text("Weaker candidates (1)")
    expect(folded).to_be_visible()
    expect(page.get_by_text("Drinking bleach cures")).not_to_be_visible()
    screenshot(page, "similar-no-prior")


def test_first_run_claimreview_upload_on_the_ingest_page(page: Page, serve_app, tmp_path: Path) -> None:
    folder = tmp_path / "first"
    ws = Workspace(folder)
    try:
        assert ws.ingest([str(SEED)])[0].status == "added"
    finally:
        ws.close()
    _open_review(page, serve_app(folder))
    expect(page.get_by_text("No prior fact-checks in this workspace yet")).to_be_visible()
    expect(page.get_by_text("No reference sources in this workspace yet")).to_be_visible()
    screenshot(page, "first-run-review")
    page.get_by_role("link", name="Ingest").first.click()
    page.get_by_role("tab", name="Prior fact-checks (ClaimReview)").click()
    sample = Path(__file__).resolve().parents[2] / "examples" / "claimreview-sample.jsonl"
    page.locator("input[type=file]").last.set_input_files(str(sample))
    page.get_by_role("button", name="Import fact-checks").click()
    expect(page.get_by_text("5 prior fact-checks added")).to_be_visible(timeout=90_000)
    screenshot(page, "first-run-claimreview-imported")
    check = Workspace(folder)
    assert check.stats().prior_claims == 5
