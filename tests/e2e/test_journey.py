"""A reviewer's day in a real browser: ingest, review with the keyboard, search, download exports."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from factcheck.workspace import Workspace
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "000_df7939084b441783.txt"


def first_in_queue(text: str, scratch: Path):
    """The claim the queue opens with: highest learned check-worthiness (as stored at ingest,
    here into a scratch workspace), then article order."""
    ws = Workspace(scratch)
    try:
        ws.ingest_text(text, label=SEED.name)
        return max(ws.claims(), key=lambda c: (c.checkworthiness, -c.start))
    finally:
        ws.close()


def prepare_workspace(folder: Path) -> tuple[str, str]:
    """A prior fact-check and a reference source about the seed's first claim (the seed itself
    is ingested through the app). Returns (prior claim text, source title)."""
    from factcheck.sources.library import SourceInput

    first = first_in_queue(SEED.read_text(encoding="utf-8"), folder.parent / "scratch")
    prior_text = "Very simply, " + first.text.strip(" “”\"'")  # the prior as a fact-checker wrote it
    review = {
        "@context": "https://schema.org", "@type": "ClaimReview",
        "url": "https://factcheck.example.org/reviews/1", "claimReviewed": prior_text,
        "datePublished": "2023-10-20", "author": {"@type": "Organization", "name": "Example"},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A columnist"}},
        "reviewRating": {"@type": "Rating", "ratingValue": 4, "bestRating": 5, "worstRating": 1,
                         "alternateName": "Mostly true"}}
    path = folder.parent / "prior.json"
    path.write_text(json.dumps(review), encoding="utf-8")
    title = "Timeline of Russia–Israel relations"
    ws = Workspace(folder)
    try:
        assert ws.import_claimreview([path]).added == 1
        ws.archive_source(SourceInput(label="timeline.txt", title=title, text=(
            "Relations between Russia and Israel were warm for years.\n"
            f"{first.text}\n"
            "Both countries kept a deconfliction line for Syria.")),
            kind="report", publisher="Example Institute", published="2023-06-01",
            url="https://example.org/timeline")
    finally:
        ws.close()
    return prior_text, title


def go(page: Page, title: str) -> None:
    page.get_by_role("link", name=title).first.click()
    expect(page.get_by_role("heading", name=re.compile(title, re.IGNORECASE)).first).to_be_visible(timeout=30_000) \
        if title != "Review" else None


def test_reviewer_journey(page: Page, serve_app, tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    _prior_text, source_title = prepare_workspace(folder)
    base = serve_app(folder)
    page.goto(base)
    expect(page.get_by_text("No claim to review")).to_be_visible(timeout=60_000)
    page.get_by_label("Your name (recorded with verdicts)").fill("E2E Reviewer")
    page.keyboard.press("Tab")

    # Ingest the seed through the Ingest page (upload).
    go(page, "Ingest")
    page.get_by_role("tab", name="Upload files").click()
    page.locator("input[type=file]").first.set_input_files(str(SEED))  # the article uploader (first tab)
    expect(page.get_by_role("button", name=f"Remove {SEED.name}")).to_be_visible()
    page.get_by_role("button", name="Ingest files").click()
    expect(page.get_by_text(re.compile(r"1 added"))).to_be_visible(timeout=120_000)
    screenshot(page, "ingest")

    # Review the first claim: highlighted in context, a similar prior claim, a reference source.
    go(page, "Review")
    ws = Workspace(folder)
    first = max(ws.claims(), key=lambda c: (c.checkworthiness, -c.start))
    context = page.locator(".st-key-review-context")
    highlight = context.locator("span", has_text=first.text[:40]).last
    expect(highlight).to_be_visible(timeout=60_000)
    background = highlight.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), background
    similar = page.locator("[class*='st-key-match-']").first
    expect(similar).to_be_visible(timeout=60_000)
    screenshot(page, "review")
    expect(similar).to_contain_text("Very simply")  # the prior as written
    expect(similar).to_contain_text("Likely the same claim")
    expect(similar).to_contain_text("Mostly true")
    expect(page.get_by_text(source_title).first).to_be_visible()
    screenshot(page, "review")

    # Keyboard only: rating key, explanation, Ctrl+Enter saves.
    save = page.get_by_role("button", name=re.compile("Save verdict"))
    expect(save).to_be_enabled()
    page.keyboard.press("2")
    expect(page.get_by_text("Rating — Mostly true")).to_be_visible()
    page.get_by_label("Explanation").focus()
    page.keyboard.type("Relations cooled after February 2022.")
    page.keyboard.press("Control+Enter")
    expect(page.get_by_text(re.compile(r"Saved verdict #\d+: Mostly true")).first).to_be_visible()
    history = ws.history(first.id)
    assert [(v.rating, v.reviewer, v.explanation) for v in history] == [
        ("Mostly true", "E2E Reviewer", "Relations cooled after February 2022.")]
    # saved as a draft (the UI's default status, as the CLI's): in review, not yet reviewed
    expect(page.get_by_text(re.compile(r"^0 of \d+ reviewed · 1 in review"))).to_be_visible()
    # Saving moved the queue on to the next claim (setting review_advance_after_verdict).
    expect(page.get_by_text(re.compile(r"claim 2 of \d+ in the queue"))).to_be_visible()
    screenshot(page, "review-saved")

    # J moves on (focus leaves the text box first: plain-letter keys do not fire while typing).
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("j")
    expect(page.get_by_text(re.compile(r"claim 3 of \d+ in the queue"))).to_be_visible()

    # Search for a quote; select the first result to open it in Review.
    go(page, "Search")
    page.get_by_label("Words or a quote").fill("humanitarian ceasefire")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_text(re.compile(r"^\d+ results?"))).to_be_visible(timeout=60_000)
    grid = page.locator("[data-testid='stDataFrame']").first
    expect(grid).to_be_visible()
    screenshot(page, "search")
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 17)
    expect(page.get_by_text("opened from search; not in the current queue").or_(
        page.get_by_text(re.compile(r"claim \d+ of \d+ in the queue")))).to_be_visible(timeout=30_000)
    expect(page.locator(".st-key-review-claim")).to_contain_text("humanitarian ceasefire")

    # Downloads: the CSV and ClaimReview files hold the verdict just saved.
    go(page, "Verdicts")
    screenshot(page, "verdicts")
    with page.expect_download() as download:
        page.get_by_role("button", name="CSV", exact=True).click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text("utf-8"))))
    mine = [r for r in rows if r["reviewer"] == "E2E Reviewer"]
    assert [(r["claim_text"], r["rating"]) for r in mine] == [(first.text, "Mostly true")]
    with page.expect_download() as download:
        page.get_by_role("button", name="ClaimReview JSON-LD", exact=True).click()
    reviews = json.loads(Path(download.value.path()).read_text("utf-8"))
    assert [(r["claimReviewed"], r["reviewRating"]["alternateName"]) for r in reviews] == [
        (first.text, "Mostly true")]

    go(page, "Dashboard")
    expect(page.get_by_text(re.compile("of claims had a prior match"))).to_be_visible(timeout=60_000)
    expect(page.locator("[data-testid='stVegaLiteChart']").first).to_be_visible()
    page.wait_for_timeout(1000)  # let the charts draw before the screenshot
    screenshot(page, "dashboard")
    go(page, "Sources")
    page.get_by_role("tab", name="Library").click()
    screenshot(page, "sources")
