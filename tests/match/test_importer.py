"""ClaimReview parsing: every JSON shape, malformed records reported by position."""

import json

from factcheck.match.claimreview_import import iso_date, parse_claimreview_text

RECORD = {
    "@context": "https://schema.org", "@type": "ClaimReview", "identifier": "pf-1",
    "url": "https://example.org/fc/1", "datePublished": "2020-01-05",
    "author": {"@type": "Organization", "name": "PolitiFact"},
    "name": "Claim about jobs is wrong",
    "claimReviewed": "We created 34,000 jobs last year.",
    "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Jane Doe"},
                     "datePublished": "2020-01-02",
                     "appearance": [{"url": "https://news.example/a", "headline": "Speech"},
                                    {"description": "a rally"}]},
    "reviewRating": {"@type": "Rating", "alternateName": "False", "ratingValue": 2,
                     "bestRating": 6, "worstRating": 1},
}


def _rec(**changes):
    data = json.loads(json.dumps(RECORD))
    data.update(changes)
    return data


def test_single_object_fields():
    result = parse_claimreview_text(json.dumps(RECORD), "one.json")
    assert result.problems == []
    [(position, rec)] = result.records
    assert position == "one.json"
    assert rec.external_id == "pf-1" and rec.claim == "We created 34,000 jobs last year."
    assert rec.claimant == "Jane Doe" and rec.claim_date == "2020-01-02"
    assert rec.rating == "False" and (rec.rating_value, rec.best_rating, rec.worst_rating) == (2, 6, 1)
    assert rec.reviewer == "PolitiFact" and rec.review_url == "https://example.org/fc/1"
    assert rec.review_date == "2020-01-05" and rec.title == "Claim about jobs is wrong"
    assert [a.url for a in rec.appearances] == ["https://news.example/a", ""]
    assert rec.appearances[1].description == "a rally"


def test_array_graph_and_jsonl_shapes():
    array = parse_claimreview_text(json.dumps([_rec(identifier="a"), _rec(identifier="b")]), "arr")
    assert [r.external_id for _, r in array.records] == ["a", "b"]
    graph = {"@context": "https://schema.org",
             "@graph": [{"@type": "WebPage", "name": "x"}, _rec(identifier="g")]}
    parsed = parse_claimreview_text(json.dumps(graph), "g.json")
    assert [r.external_id for _, r in parsed.records] == ["g"] and parsed.problems == []
    lines = "\n".join(json.dumps(_rec(identifier=str(i))) for i in range(3))
    assert [r.external_id for _, r in parse_claimreview_text(lines, "l").records] == ["0", "1", "2"]


def test_identifier_falls_back_to_url_and_single_appearance_object():
    data = _rec(itemReviewed={"author": "Joe", "appearance": {"url": "https://x.example/p"}})
    del data["identifier"]
    [(_, rec)] = parse_claimreview_text(json.dumps(data), "x").records
    assert rec.external_id == "https://example.org/fc/1"
    assert rec.claimant == "Joe" and rec.appearances[0].url == "https://x.example/p"


def test_malformed_records_are_reported_by_position_and_the_rest_parse():
    good = json.dumps(_rec(identifier="ok"))
    no_claim = json.dumps(_rec(identifier="bad", claimReviewed=""))
    no_id = _rec()
    del no_id["identifier"], no_id["url"]
    lines = [good, "{not json", no_claim, json.dumps(no_id), json.dumps(["not", "an object"]),
             json.dumps(_rec(identifier="ok2"))]
    result = parse_claimreview_text("\n".join(lines), "f.jsonl")
    assert [r.external_id for _, r in result.records] == ["ok", "ok2"]
    positions = [p.position for p in result.problems]
    assert positions == ["f.jsonl line 2", "f.jsonl line 3", "f.jsonl line 4",
                         "f.jsonl line 5 record 1", "f.jsonl line 5 record 2"]
    assert "claimReviewed" in result.problems[1].message
    assert "identifier" in result.problems[2].message


def test_wrong_type_is_a_problem():
    result = parse_claimreview_text(json.dumps([_rec(**{"@type": "NewsArticle"})]), "t")
    assert result.records == [] and "not ClaimReview" in result.problems[0].message


def test_iso_dates():
    assert iso_date("2019-10-22T10:00:00Z") == "2019-10-22"
    assert iso_date("October 22, 2019") == "2019-10-22"
    assert iso_date("Oct 2, 2019") == "2019-10-02"
    assert iso_date(None) == ""
