"""Export downloads: the exact bytes `factcheck export` writes, from the library's exporters."""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.export import EXTENSIONS
from factcheck.workspace import Workspace

DOWNLOADS: tuple[tuple[str, str, str], ...] = (
    ("csv", "CSV", "text/csv"),
    ("jsonl", "JSON Lines", "application/x-ndjson"),
    ("claimreview", "ClaimReview JSON-LD", "application/ld+json"),
)


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """The Verdicts page's filters, in the CLI's terms (dates as YYYY-MM-DD)."""

    since: str = ""
    until: str = ""
    reviewer: str = ""
    status: str = ""
    include_history: bool = False
    include_priors: bool = False


def export_bytes(ws: Workspace, fmt: str, request: ExportRequest) -> bytes:
    """The whole export as bytes (same call, same bytes as ``factcheck export --format fmt``)."""
    return b"".join(ws.export_chunks(fmt, since=request.since, until=request.until,
                                     reviewer=request.reviewer, status=request.status,
                                     include_history=request.include_history,
                                     include_priors=request.include_priors))


def file_name(fmt: str) -> str:
    return f"factcheck-verdicts{EXTENSIONS[fmt]}"
