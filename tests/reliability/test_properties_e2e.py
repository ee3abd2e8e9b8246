"""Property tests end to end through the Workspace: generated text in, exact offsets and exports out."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.errors import FactcheckError

FRAGMENTS = [
    "Mayor Ana López said the budget rose by 4 percent.", '"We will win," he said.',
    "“Costs fell,” said the minister, “by 12%.”", "According to the report, 3,400 jobs were lost.",
    "قال الوزير \"لن نرفع الضرائب\".", "The 👩🏽‍⚕️ nurse said cafe\u0301 prices rose.", 'She said "unclosed',
    "[link](javascript:alert(1)) ![img](http://127.0.0.1:9/x.png) <script>alert(1)</script>",
    "$\\frac{1}{0}$ and &amp; &lt;b&gt;", "'", '"', "«", "”", "\t", "\u200b", "Mr. Smith, Jr., said: no.",
]
TEXTS = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=60)), max_size=12).flatmap(
    lambda parts: st.sampled_from([" ", "\n", "\n\n"]).map(lambda sep: sep.join(parts)))
SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def ws(tmp_path_factory, embedder):
    from factcheck.workspace import Workspace

    workspace = Workspace(tmp_path_factory.mktemp("props") / "ws", embedder=embedder)
    report = workspace.ingest_text("Mayor Ana López said the budget rose by 4 percent.", label="base")
    assert report.status == "added"
    yield workspace
    workspace.close()


@SETTINGS
@given(text=TEXTS)
def test_ingested_text_is_stored_verbatim_with_exact_offsets(ws, text):
    report = ws.ingest_text(text, label="generated")
    if not text.strip():
        assert report.status == "error" and "empty" in report.message
        return
    assert report.status in ("added", "duplicate"), report
    article = ws.article(report.article_id)
    assert article.text == text  # the text is never mutated
    claims = ws.claims(article_id=article.id)
    for claim in claims:
        assert article.text[claim.start:claim.end] == claim.text
    assert {c.id for c in claims} <= ws.claim_index.ids()


@SETTINGS
@given(explanation=st.text(max_size=200), reviewer=st.text(max_size=30))
def test_verdict_text_survives_every_export(ws, explanation, reviewer):
    claim = ws.claims()[0]
    label = ws.rating_scale().labels()[0]
    saved = ws.record_verdict(claim.id, label, explanation=explanation, reviewer=reviewer)
    assert saved.explanation == explanation.strip() and saved.reviewer == reviewer.strip()

    out = io.BytesIO()
    ws.export("jsonl", out, include_history=True)
    rows = {r["verdict_id"]: r for r in map(json.loads, out.getvalue().decode("utf-8").splitlines())}
    assert rows[saved.id]["explanation"] == saved.explanation
    assert rows[saved.id]["reviewer"] == saved.reviewer

    out = io.BytesIO()
    ws.export("csv", out, include_history=True)
    table = {r["verdict_id"]: r for r in csv.DictReader(io.StringIO(out.getvalue().decode("utf-8-sig"),
                                                                    newline=""))}
    cell = table[str(saved.id)]["explanation"]
    formula = saved.explanation[:1] in ("=", "+", "-", "@", "\t", "\r")
    assert cell == ("'" + saved.explanation if formula else saved.explanation)

    out = io.BytesIO()
    ws.export("claimreview", out)
    raw = out.getvalue().decode("utf-8")
    assert "<" not in raw and ">" not in raw  # safe to paste into a <script> element
    json.loads(raw)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["@type", "claimReviewed", "reviewRating", "itemReviewed", "author", "url",
                         "datePublished", "alternateName", "ratingValue", "name", "@graph", "text"]),
        inner, max_size=6),
    max_leaves=20)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=JSON_VALUES)
def test_claimreview_import_of_arbitrary_json_never_crashes(ws, value, tmp_path_factory):
    path = tmp_path_factory.mktemp("cr") / "feed.json"
    path.write_text(json.dumps({"@type": "ClaimReview", **value} if isinstance(value, dict) else value),
                    encoding="utf-8")
    before = ws.stats()
    try:
        report = ws.import_claimreview([path])
    except FactcheckError as exc:
        assert "\n" not in str(exc) and str(exc)
        assert ws.stats() == before
        return
    for problem in report.problems:
        assert str(problem)
    assert ws.stats().prior_claims >= before.prior_claims
