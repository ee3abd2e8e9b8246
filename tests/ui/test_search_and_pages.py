"""Search → open in Review; similar prior claims and sources on Review; ingest, sources, dashboard pages."""

from __future__ import annotations

import pytest

from factcheck.workspace import Workspace
from tests.ui.workspaces import PRIOR_CLAIM, SOURCE_TITLE


def all_markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.mark.model
def test_semantic_search_then_open_in_review(seed_ws, app):
    at = app("views/search.py", reviewer="Ana")
    at.text_input(key="search.query").input("siege of Leningrad")
    at.button(key="search.submit").click().run()
    assert not at.exception
    table = at.dataframe[0].value
    assert "Leningrad" in table["Claim"].iloc[0]
    target = int(table["Id"].iloc[1] if table["Kind"].iloc[0] == "prior" else table["Id"].iloc[0])
    row = table["Id"].tolist().index(target)
    at.session_state["search.table"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    assert at.session_state["review.claim_id"] == target
    assert any(b.key == "verdict.save" for b in at.button)  # the Review page is shown


def test_keyword_search_and_filters(seed_ws, app):
    at = app("views/search.py")
    at.segmented_control(key="search.mode").set_value("Keyword")
    at.text_input(key="search.query").input("ceasefire")
    at.button(key="search.submit").click().run()
    claims = at.dataframe[0].value["Claim"].tolist()
    assert claims and all("ceasefire" in c.lower() for c in claims)
    at.multiselect(key="search.kinds").select("prior")
    at.button(key="search.submit").click().run()
    assert not at.dataframe  # no prior fact-check mentions a ceasefire
    assert "0 results" in "\n".join(c.value for c in at.caption)


@pytest.mark.model
def test_review_shows_similar_prior_claim_and_reference_source(seed_ws, app):
    ws = Workspace(seed_ws)
    leningrad = next(c for c in ws.claims() if "Leningrad" in c.text)
    ceasefire = next(c for c in ws.claims() if "humanitarian ceasefire" in c.text)
    at = app(reviewer="Ana")
    at.session_state["review.claim_id"] = leningrad.id
    at.run()
    text = all_markdown(at)
    assert "Leningrad" in text and "Half true" in text  # the prior's verdict badge
    prior_id = next(c.id for c in ws.claims(kind="prior") if c.text == PRIOR_CLAIM)
    at.button(key=f"same.{leningrad.id}.{prior_id}").click().run()
    assert "You marked this: same claim" in "\n".join(c.value for c in at.caption)
    at.session_state["review.claim_id"] = ceasefire.id
    at.run()
    assert "United Nations" in all_markdown(at) and SOURCE_TITLE.split()[0] in all_markdown(at)
    attach = next(b for b in at.button if b.key and b.key.startswith(f"attach.{ceasefire.id}."))
    attach.click().run()
    at.button(key="rate.3").click().run()
    at.button(key="verdict.save").click().run()
    saved = ws.current_verdict(ceasefire.id)
    assert not at.error, [e.value for e in at.error]
    assert saved is not None and saved.evidence[0].source_id is not None


@pytest.mark.model
def test_prior_match_filter_keeps_claims_with_a_likely_prior(seed_ws, app):
    at = app()
    at.toggle(key="review.filter.prior_match").set_value(True).run()
    assert not at.exception
    ws = Workspace(seed_ws)
    shown = ws.claim(at.session_state["review.claim_id"])
    assert "Leningrad" in shown.text


@pytest.mark.model
def test_ingest_page_reports_in_plain_words(empty_ws, app):
    at = app("views/ingest.py")
    at.text_area(key="ingest.paste.text").input(
        'The minister said "unemployment fell to 4 percent last year" at the press conference.')
    at.button(key="ingest.paste.submit").click().run()
    assert not at.exception
    frame = at.dataframe[0].value
    assert frame["Result"].tolist() == ["added"]
    assert frame["What happened"].iloc[0].startswith("Added as article 1:")
    at.button(key="ingest.paste.submit").click().run()
    assert "Already in the workspace" in at.dataframe[0].value["What happened"].iloc[0]


@pytest.mark.model
def test_sources_page_add_list_search(empty_ws, app):
    at = app("views/sources.py")
    at.text_input(key="sources.title").input("Labour statistics 2024")
    at.text_area(key="sources.text").input(
        "Unemployment fell to 4.1 percent in 2024 according to the statistics office.")
    at.button(key="sources.submit").click().run()
    assert not at.exception
    assert any("added as source" in s.value for s in at.success)
    assert at.dataframe[0].value["Title"].tolist() == ["Labour statistics 2024"]
    at.text_input(key="sources.query").input("unemployment rate")
    at.button(key="sources.search_submit").click().run()
    assert "Labour statistics 2024" in all_markdown(at)


def test_dashboard_charts_and_speaker_view(seed_ws, app):
    ws = Workspace(seed_ws)
    claim = next(c for c in ws.claims() if c.speaker_id is not None)
    ws.record_verdict(claim.id, "False", reviewer="Ana", status="published")
    at = app("views/dashboard.py")
    assert not at.exception
    assert len(at.get("vega_lite_chart")) >= 3  # ratings, speakers, progress
    at.selectbox(key="dashboard.speaker").select(claim.speaker_id).run()
    frame = at.dataframe[0].value
    assert claim.text in frame["Claim"].tolist()
    assert "False" in frame["Verdict"].tolist()
