"""One set of match filters: keyword search and the app's search page apply the library's rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.config import Settings
from factcheck.match.ranking import MatchFilters
from factcheck.testing import HashingEmbedder
from factcheck.workspace import Workspace
from ui.search_support import SearchRequest, run_search

ARTICLE = ('Anna Smith said "crime fell by 20 percent last year" at the meeting. '
           'Jane Roe said "crime rose in the suburbs" in an interview.')


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    workspace = Workspace(tmp_path / "ws", Settings(), embedder=HashingEmbedder())
    assert workspace.ingest_text(ARTICLE, title="Council", outlet="The Gazette",
                                 published="2024-02-03").status == "added"
    return workspace


def _speakers(found: list) -> set[str]:
    return {m.claim.speaker for m in found}


def test_keyword_search_applies_the_semantic_search_filters(ws: Workspace) -> None:
    assert _speakers(ws.keyword_search("crime")) == {"Anna Smith", "Jane Roe"}
    # outlet and speaker compare case-insensitively, as in semantic search
    assert _speakers(ws.keyword_search("crime", filters=MatchFilters(outlet="the gazette"))) == {
        "Anna Smith", "Jane Roe"}
    assert _speakers(ws.keyword_search("crime", filters=MatchFilters(said_by="jane roe"))) == {"Jane Roe"}
    assert ws.keyword_search("crime", filters=MatchFilters(date_from="2024-03-01")) == []
    assert ws.keyword_search("crime", filters=MatchFilters(kinds=("prior",))) == []
    claim = ws.keyword_search("suburbs")[0].claim
    ws.record_verdict(claim.id, "False")
    assert _speakers(ws.keyword_search("crime", filters=MatchFilters(has_verdict=True))) == {"Jane Roe"}


def test_the_search_page_gives_both_modes_the_same_filter_rules(ws: Workspace) -> None:
    for keyword in (False, True):
        request = SearchRequest(text="crime fell", keyword=keyword, outlet="THE GAZETTE",
                                speaker="Anna Smith", date_from="2024-01-01")
        assert _speakers(run_search(ws, request)) == {"Anna Smith"}, keyword
        assert run_search(ws, SearchRequest(text="crime", keyword=keyword, outlet="Other")) == []
