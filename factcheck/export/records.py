"""Flat records the exporters consume: one verdict with its claim, speaker and article."""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.models import Verdict


@dataclass(frozen=True, slots=True)
class VerdictFilters:
    """Which verdicts an export or a log query selects (all optional; dates are ISO 8601 UTC)."""

    since: str = ""  # inclusive lower bound on created_at
    until: str = ""  # exclusive upper bound on created_at
    reviewer: str = ""
    status: str = ""
    include_history: bool = False  # every record, not only each claim's current verdict
    include_priors: bool = False  # also verdicts imported with prior fact-checks (ClaimReview)


NO_FILTERS = VerdictFilters()


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One verdict and the context an export needs (no article text: rows stay small)."""

    verdict: Verdict
    claim_text: str
    kind: str
    start: int
    end: int
    article_id: int
    speaker: str = ""
    speaker_id: int | None = None
    speaker_type: str = "unknown"
    article_title: str = ""
    article_url: str = ""
    article_published: str = ""
    article_outlet: str = ""
    cluster_key: str = ""


@dataclass(frozen=True, slots=True)
class Appearance:
    """Where a quote appeared: one article carrying it."""

    url: str
    headline: str = ""
    date: str = ""
    claim_id: int = 0
    outlet: str = ""


@dataclass(frozen=True, slots=True)
class Claimant:
    """Who made a claim, as ClaimReview's ``itemReviewed.author`` needs it."""

    name: str
    type: str = "unknown"
    job_title: str = ""
    same_as: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """One ClaimReview: the chosen verdict row, its claimant and every appearance of the quote."""

    row: ExportRow
    claimant: Claimant
    appearances: tuple[Appearance, ...] = ()


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
