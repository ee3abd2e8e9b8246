"""Dates at their known precision: parsing forms, URLs, bylines, page metadata, the extractor's fallback."""

from __future__ import annotations

import json

import pytest

from factcheck.dates import (
    DatedValue,
    PartialDate,
    byline_date,
    choose,
    date_from_url,
    display_date,
    extractor_date,
    page_dates,
    parse_date,
    precision_of,
)
from factcheck.documents import extract_document


@pytest.mark.parametrize(("text", "iso"), [
    ("2019-10-30", "2019-10-30"), ("2019-10-30T23:30:00-04:00", "2019-10-30"), ("2019-10", "2019-10"),
    ("2019", "2019"), ("20191030", "2019-10-30"), ("Wed, 30 Oct 2019 23:30:00 -0400", "2019-10-30"),
    ("Oct. 30, 2019", "2019-10-30"), ("October 30, 2019", "2019-10-30"), ("30 October 2019", "2019-10-30"),
    ("Sept. 3, 2020", "2020-09-03"), ("October 2019", "2019-10"), ("2019-02-30", None), ("2019-13", None),
    ("yesterday", None), ("", None), ("Updated at 10:00", None),
])
def test_parse_date(text: str, iso: str | None) -> None:
    date = parse_date(text)
    assert (date.iso if date else None) == iso


@pytest.mark.parametrize(("url", "iso"), [
    ("https://www.politifact.com/factchecks/2019/oct/30/joe-biden/claim/", "2019-10-30"),
    ("https://example.org/2019/10/30/story.html", "2019-10-30"),
    ("https://example.org/news/2019-10-30-story", "2019-10-30"),
    ("https://example.org/20191030/story", "2019-10-30"),
    ("https://example.org/2019/10/story", "2019-10"),
    ("https://example.org/archive/2018/story", "2018"),
    ("https://example.org/story?id=20191030", None),
    ("https://example.org/items/1234567/", None),
    ("https://example.org/2019/feb/30/x/", "2019-02"),  # no 30 February: the month still holds
])
def test_date_from_url(url: str, iso: str | None) -> None:
    date = date_from_url(url)
    assert (date.iso if date else None) == iso


def test_byline_and_page_metadata() -> None:
    assert byline_date("By Kim Lo | Published Oct. 4, 2019 | Updated Nov. 1, 2019").iso == "2019-10-04"
    assert byline_date("x" * 700 + " Oct. 4, 2019") is None
    html = """<html><head><meta name="date" content="2019-01-01">
    <meta property="article:published_time" content="2019-10-30T09:00:00Z">
    <script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "datePublished": "2019-10-29"}]}</script>
    </head><body><time itemprop="datePublished" datetime="2019-10-28">x</time></body></html>"""
    assert [(d.iso, d.source) for d in page_dates(html)] == [
        ("2019-10-29", "page metadata (JSON-LD datePublished)"),
        ("2019-10-30", "page metadata (article:published_time)"),
        ("2019-01-01", "page metadata (date)"),
        ("2019-10-28", "page metadata (<time> datePublished)"),
    ]


def test_extractor_fallback_is_year_only_and_choose_refines() -> None:
    guess = extractor_date("2019-01-01")
    assert guess == DatedValue(PartialDate(2019), "extractor (year only: YYYY-01-01 is its fallback)")
    assert extractor_date("2019-10-30") == DatedValue(PartialDate(2019, 10, 30), "extractor (htmldate)")
    url_year = DatedValue(PartialDate(2019), "url")
    byline = DatedValue(PartialDate(2019, 10, 30), "byline")
    assert choose([None, url_year, byline]) == DatedValue(byline.date, "byline, agreeing with url")
    assert choose([DatedValue(PartialDate(2018), "url"), byline]).iso == "2018"  # disagreement: keep the first
    assert choose([None, None]) is None
    assert [precision_of(v) for v in ("2019", "2019-10", "2019-10-30", "soon")] == ["year", "month", "day", ""]
    assert [display_date(v) for v in ("2019", "2019-10", "2019-10-30", "n/a")] == [
        "2019", "Oct 2019", "30 Oct 2019", "n/a"]


ARTICLE = "<p>" + "The committee heard evidence from several witnesses about the budget. " * 12 + "</p>"


def test_politifact_style_url_is_no_longer_stored_as_january_first() -> None:
    """The bug: trafilatura reads /2019/oct/30/ as the year alone and returns 2019-01-01."""
    html = f"<html><head><title>Claim</title></head><body><article>{ARTICLE}</article></body></html>"
    url = "https://www.politifact.com/factchecks/2019/oct/30/joe-biden/claim/"
    doc = extract_document(html.encode(), content_type="text/html", url=url)
    assert (doc.published, doc.published_precision, doc.provenance["published"]) == ("2019-10-30", "day", "url")
    undated = extract_document(html.encode(), content_type="text/html",
                               url="https://www.politifact.com/factchecks/2019/claim/")
    assert (undated.published, undated.published_precision) == ("2019", "year")


def test_page_metadata_wins_over_the_url() -> None:
    html = ("<html><head><title>Claim</title><meta property='article:published_time' content='2019-10-31T01:00:00Z'>"
            f"</head><body><article>{ARTICLE}</article></body></html>")
    doc = extract_document(html.encode(), content_type="text/html",
                           url="https://example.org/2019/10/30/claim")
    assert (doc.published, doc.provenance["published"]) == ("2019-10-31", "page metadata (article:published_time)")


def test_no_witness_means_no_date() -> None:
    html = f"<html><head><title>Claim</title></head><body><article>{ARTICLE}</article></body></html>"
    doc = extract_document(html.encode(), content_type="text/html", url="https://example.org/claim")
    assert (doc.published, doc.published_precision, "published" in doc.provenance) == ("", "", False)


def test_ingest_keeps_stated_precision_and_provenance(workspace, tmp_path) -> None:
    records = tmp_path / "records.jsonl"
    records.write_text("\n".join(json.dumps(r) for r in (
        {"text": "The mayor said taxes rose 5 percent last year.", "date": 2019, "outlet": "Gazette"},
        {"text": "The governor said unemployment fell.", "datePublished": "Oct. 30, 2019"},
        {"text": "Officials said the bridge will close.", "date": "sometime soon"},
    )), encoding="utf-8")
    assert [r.status for r in workspace.ingest([str(records)])] == ["added"] * 3
    pasted = workspace.ingest_text("The minister said exports doubled.", published="2019-10")
    assert pasted.status == "added"
    got = [(a.published, a.published_precision, a.provenance.get("published"), a.provenance.get("outlet"))
           for a in workspace.articles()]
    assert got == [
        ("2019", "year", "record field 'date'", "record field 'outlet'"),
        ("2019-10-30", "day", "record field 'datePublished'", None),
        ("", "", "dropped: 'sometime soon' is not a date", None),
        ("2019-10", "month", "given", None),
    ]
    assert workspace.articles()[0].provenance["title"] == "first line of the text"


def test_sources_keep_date_precision_and_provenance(workspace, tmp_path) -> None:
    dated = tmp_path / "report.html"
    dated.write_text("<html><head><title>Jobs report</title>"
                     "<meta property='article:published_time' content='2024-03-05T10:00:00Z'></head>"
                     f"<body><article>{ARTICLE}</article></body></html>", encoding="utf-8")
    plain = tmp_path / "notes.txt"
    plain.write_text("Employment rose by 20,000 jobs in the first quarter of the year.", encoding="utf-8")
    reports = workspace.add_sources([str(dated)])
    reports += workspace.add_sources([str(plain)], published="2024-03")
    assert [r.status for r in reports] == ["added", "added"]
    got = {s.title: (s.published, s.published_precision, s.provenance.get("published"))
           for s, _n in workspace.list_sources()}
    assert got == {"Jobs report": ("2024-03-05", "day", "page metadata (article:published_time)"),
                   "notes": ("2024-03", "month", "given")}
