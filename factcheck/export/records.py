"""What an export wrote, and the records the exporters consume (defined in ``factcheck.records``)."""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.records import (
    NO_FILTERS,
    Appearance,
    Claimant,
    ExportRow,
    ReviewRecord,
    VerdictFilters,
)

__all__ = ["LINE_SAFE", "NO_FILTERS", "Appearance", "Claimant", "ExportRow", "ExportSummary",
           "ReviewRecord", "VerdictFilters"]


@dataclass(frozen=True, slots=True)
class ExportSummary:
    """What an export wrote; ``head_sha256`` is the audit chain's head (audit format only)."""

    format: str
    records: int
    bytes: int
    head_sha256: str = ""


# Characters that str.splitlines() and JavaScript treat as line breaks but JSON leaves raw:
# escaped so one record stays on one line for every JSON Lines reader.
LINE_SAFE = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})
