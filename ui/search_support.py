"""Search page helpers: the request record, one Workspace call, and the results table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from factcheck.errors import InputError
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
    if request.keyword:
        found = ws.keyword_search(request.text, k=RESULTS_K)
        return [m for m in found if _keep(m, request)]
    return ws.search(request.text, k=RESULTS_K, said_by=request.speaker or None,
                     kinds=list(request.kinds) or None, date_from=request.date_from or None,
                     date_to=request.date_to or None, outlet=request.outlet or None,
                     has_verdict=request.has_verdict)


def _keep(match: Match, request: SearchRequest) -> bool:
    """Keyword results get the same filters as semantic ones (they come unfiltered)."""
    claim, article = match.claim, match.article
    if request.speaker and claim.speaker != request.speaker:
        return False
    if request.kinds and claim.kind not in request.kinds:
        return False
    if request.has_verdict is not None and (match.verdict is not None) != request.has_verdict:
        return False
    published = article.published if article else ""
    if request.outlet and (article is None or article.outlet != request.outlet):
        return False
    if request.date_from and (not published or published[:10] < request.date_from):
        return False
    return not (request.date_to and (not published or published[:10] > request.date_to))


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
