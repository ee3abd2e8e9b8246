"""ClaimReview exporter and linter: every export lints clean; broken files report each problem."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.errors import InputError
from factcheck.export import lint as lint_module
from factcheck.export.claimreview import Publisher, claim_review, claimreview_chunks
from factcheck.export.lint import iter_json_records, lint
from tests.export.strategies import review_records

PUB = Publisher("Desk", "https://desk.example", "https://desk.example/checks/{claim_id}")


def _records(draw_ids: int):
    return st.tuples(*[review_records(claim_id=i + 1) for i in range(draw_ids)])


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 4).flatmap(_records))
def test_every_export_parses_and_lints_clean(records) -> None:
    data = b"".join(claimreview_chunks(records, PUB))
    assert b"<" not in data and b">" not in data  # safe inside <script type=application/ld+json>
    reviews = json.loads(data)
    assert len(reviews) == len(records)
    count, problems = lint(io.StringIO(data.decode()))
    # distinct claim ids give distinct urls; the same text+claimant twice is a real duplicate
    keys = [(" ".join(r.row.claim_text.casefold().split()),
             " ".join(r.claimant.name.casefold().split()) if r.claimant.name else "")
            for r in records]
    duplicates = len(keys) - len(set(keys))
    assert count == len(records)
    assert len(problems) == duplicates, problems
    for record, review in zip(records, reviews, strict=True):
        v = record.row.verdict
        rating = review["reviewRating"]
        assert rating["alternateName"] == v.rating
        assert ("ratingValue" in rating) == (v.rating_value is not None)
        assert review["claimReviewed"] == record.row.claim_text
        assert review["url"] == f"https://desk.example/checks/{v.claim_id}"
        item = review["itemReviewed"]
        assert [a.get("url") for a in item.get("appearance", [])] == [a.url for a in record.appearances]
        if record.appearances:
            assert item["firstAppearance"] == item["appearance"][0]
        if record.claimant.name:
            expected = "Person" if record.claimant.type in {"person", "unknown"} else "Organization"
            assert item["author"]["@type"] == expected


def test_template_without_placeholder_is_refused() -> None:
    with pytest.raises(InputError, match="claim_id"):
        Publisher("Desk", "https://desk.example", "https://desk.example/checks")


def _valid() -> dict:
    return {
        "@context": "https://schema.org", "@type": "ClaimReview", "url": "https://d.example/1",
        "claimReviewed": "Taxes doubled", "datePublished": "2024-05-01",
        "author": {"@type": "Organization", "name": "Desk"},
        "reviewRating": {"@type": "Rating", "alternateName": "False", "ratingValue": 1,
                         "bestRating": 5, "worstRating": 1},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Al"},
                         "appearance": [{"url": "https://n.example/a", "headline": "A"}]},
    }


def test_lint_reports_every_problem_with_its_position() -> None:
    bad_rating = _valid()
    bad_rating["reviewRating"]["ratingValue"] = 7
    bad_rating["url"] = "https://d.example/2"
    no_fields = {"@type": "ClaimReview"}
    relative = _valid() | {"url": "/checks/3", "datePublished": "01/05/2024",
                           "claimReviewed": "Other claim"}
    relative["itemReviewed"] = {"@type": "Claim", "appearance": [{"url": "n.example/x"}]}
    duplicate = _valid() | {"url": "https://d.example/4"}
    text = json.dumps([_valid(), bad_rating, no_fields, relative, duplicate])
    count, problems = lint(io.StringIO(text))
    assert count == 5
    found = {(p.position, p.field) for p in problems}
    assert (2, "reviewRating.ratingValue") in found
    assert {(3, "claimReviewed"), (3, "url"), (3, "datePublished"), (3, "author"),
            (3, "reviewRating"), (3, "itemReviewed")} <= found
    assert {(4, "url"), (4, "datePublished"), (4, "itemReviewed.appearance[0].url")} <= found
    assert (5, "claimReviewed") in found  # the same claim as record 1
    assert (2, "claimReviewed") in found  # record 2 also repeats record 1's claim
    assert not any(p.position == 1 for p in problems)
    assert any(str(p).startswith("record 2: reviewRating.ratingValue: 7 is outside") for p in problems)


def test_lint_reads_json_lines_graph_and_single_objects() -> None:
    lines = json.dumps(_valid()) + "\n\n" + json.dumps({"@type": "ClaimReview"}) + "\n"
    _, problems = lint(io.StringIO(lines))
    assert {p.position for p in problems} == {3}  # JSON Lines positions are line numbers
    count, problems = lint(io.StringIO(json.dumps({"@graph": [_valid()]})))
    assert (count, problems) == (1, [])
    count, problems = lint(io.StringIO(json.dumps(_valid())))
    assert (count, problems) == (1, [])
    count, problems = lint(io.StringIO('[{"@type": "ClaimReview"}, {"broken": '))
    assert problems[-1].message.startswith("invalid JSON") and problems[-1].position == 2


@settings(max_examples=40, deadline=None)
@given(st.lists(st.dictionaries(st.text(max_size=5), st.text(max_size=30) | st.integers(),
                                max_size=4), max_size=6), st.integers(1, 50))
def test_incremental_array_reader_matches_json_loads(values, read_size) -> None:
    text = json.dumps(values, indent=1)
    original = lint_module.READ_SIZE
    lint_module.READ_SIZE = read_size  # records straddle read boundaries
    try:
        got = [v for _, v in iter_json_records(io.StringIO(text))]
    finally:
        lint_module.READ_SIZE = original
    assert got == values


def test_a_real_export_record_lints_clean() -> None:
    from factcheck.export.records import Appearance, Claimant, ExportRow, ReviewRecord
    from factcheck.models import Verdict

    row = ExportRow(verdict=Verdict(3, 9, "Mostly false", rating_value=2.0, best_rating=5.0,
                                    worst_rating=1.0, created_at="2024-05-01T10:00:00+00:00"),
                    claim_text="Crime doubled", kind="direct", start=0, end=13, article_id=1,
                    article_published="2024-04-30")
    record = ReviewRecord(row, Claimant("City of X", "organization", same_as=("https://x.example",)),
                          (Appearance("https://n.example/a", "Crime story", "2024-04-30"),))
    review = claim_review(record, PUB)
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": "City of X",
                                                "sameAs": "https://x.example"}
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Mostly false",
                                      "ratingValue": 2, "bestRating": 5, "worstRating": 1}
    assert review["datePublished"] == "2024-05-01"
    assert lint(io.StringIO(json.dumps([review]))) == (1, [])
