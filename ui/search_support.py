"""Search page helpers: the request record, one Workspace call, and the results table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from factcheck.errors import InputError
from factcheck.match.ranking import MatchFilters
from factcheck.models import Match
from factcheck.workspace import Workspace

RESULTS_K = 50


@dataclass(frozen=True, slots=True)
class SearchRequest:
    text: str
    keyword: bool = False
    speaker: str = ""
    outlet: str = ""
    kinds: tuple[str, ...] = ()
    has_verdict: bool | None = None
    date_from: str = ""
    date_to: str = ""


def run_search(ws: Workspace, request: SearchRequest) -> list[Match]:
    """Semantic (with filters) or keyword search; raises InputError for an empty query."""
    if not request.text.strip():
        raise InputError("type some words or a quote to search for")
    filters = MatchFilters(kinds=request.kinds, said_by=request.speaker, outlet=request.outlet,
                           date_from=request.date_from, date_to=request.date_to,
                           has_verdict=request.has_verdict)
    if request.keyword:  # the library applies the same filter rules to both modes
        return ws.keyword_search(request.text, k=RESULTS_K, filters=filters)
    return ws.search(request.text, k=RESULTS_K, said_by=request.speaker or None,
                     kinds=list(request.kinds) or None, date_from=request.date_from or None,
                     date_to=request.date_to or None, outlet=request.outlet or None,
                     has_verdict=request.has_verdict)


def result_frame(results: Sequence[Match]) -> pd.DataFrame:
    """One row per result; cells are plain text (the grid never renders Markdown or HTML)."""
    rows = [{
        "Score": round(m.score, 3),
        "Claim": m.claim.text,
        "Speaker": m.claim.speaker,
        "Kind": m.claim.kind,
        "Article": m.article.title if m.article else "",
        "Outlet": m.article.outlet if m.article else "",
        "Date": m.article.published if m.article else "",
        "Verdict": m.verdict.rating if m.verdict else "",
        "Id": m.claim.id,
    } for m in results]
    return pd.DataFrame(rows, columns=["Score", "Claim", "Speaker", "Kind", "Article", "Outlet",
                                       "Date", "Verdict", "Id"])
