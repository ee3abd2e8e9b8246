"""The page-boilerplate table: every row matches its dev-data line, blanking keeps offsets."""

from __future__ import annotations

import pytest

from factcheck.segment.boilerplate import BOILERPLATE, blank_boilerplate, boilerplate_spans

# (table row name, a line seen in the GGT dev articles)
SEEN = [
    ("ad-break", "Story continues below advertisement"),
    ("ad-break", "Story continues below advertisement."),
    ("ad-break-star", "Article Continued Below"),
    ("read-more", "READ MORE: Alberta proposes 8 new Rocky Mountain parks for land protection and recreation"),
    ("read-more", "Read more about:"),
    ("read-more", "Also on HuffPost:"),
    ("watch", "WATCH: ‘No magic pill’ – Toronto’s police chief highlights gun violence in year-end review"),
    ("watch", "WATCH | Highlights from Calgary's OT win"),
    ("watch", "WATCH (Aired Sept. 18, 2007): James McEwan is named the Rockets’ team captain"),
    ("photo-gallery", "Open this photo in gallery Federal NDP Leader Jagmeet Singh. Cole Burston/The Canadian Press."),
    ("contact-line", "• Email: bplatt@postmedia.com | Twitter: btaplatt"),
    ("tips", "If you have a story about benzodiazepines you want to share, contact richard.cuthbertson@cbc.ca"),
    ("subscribe", "Click here to subscribe to our newsletter"),
    ("share", "Share this story on Facebook"),
    ("byline-cp", "Sheryl Ubelacker, The Canadian Press"),
]


@pytest.mark.parametrize(("name", "line"), SEEN, ids=[f"{n}-{i}" for i, (n, _) in enumerate(SEEN)])
def test_row_matches_its_line(name: str, line: str) -> None:
    text = f"The mayor spoke on Monday.\n{line}\nShe left."
    spans = boilerplate_spans(text)
    assert [n for _, _, n in spans] == [name]
    start, end, _ = spans[0]
    assert text[start:end].strip() == line


def test_every_row_is_exercised() -> None:
    assert {n for n, _, _ in BOILERPLATE} - {n for n, _ in SEEN} <= {"advertisement", "photo-credit", "photo-line"}


def test_inline_photo_credit_and_ad_break() -> None:
    text = "Golden said she looked for the co-worker. (Steve Lawrence/CBC)\nWatch: the king abdicates. Story continues below."
    blanked = blank_boilerplate(text)
    assert len(blanked) == len(text)
    assert "Steve Lawrence" not in blanked and "Story continues" not in blanked
    assert "Golden said she looked for the co-worker." in blanked


def test_ordinary_lines_are_kept() -> None:
    text = "“Watch what we do,” she said.\nShe shared the report with reporters.\nRead the full ruling."
    assert boilerplate_spans(text) == []
    assert blank_boilerplate(text) == text
