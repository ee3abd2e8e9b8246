"""Records that cross the store boundary: verdict selections and export rows, candidate rows, feed
poll state and prior fact-checks (the store imports only these and :mod:`factcheck.models`)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Literal

from factcheck.models import Verdict


class Check(enum.Enum):
    """``based_on=Check.SKIP`` saves without the stale-view check (scripts, imports)."""

    SKIP = "skip"


BasedOn = int | None | Literal[Check.SKIP]


@dataclass(frozen=True, slots=True)
class UndoResult:
    """What an undo did: claims restored to their previous verdict (or to none), claims skipped."""

    batch_id: str
    undo_batch_id: str
    restored: tuple[int, ...] = ()
    skipped: tuple[int, ...] = ()  # edited after the batch: the later verdict is kept


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
class SpeakerVerdictCounts:
    """How a speaker's claims were rated (current verdicts, across all articles)."""

    speaker_id: int
    speaker: str
    speaker_type: str
    total: int
    by_rating: dict[str, int] = field(default_factory=dict)


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
class CandidateRow:
    """What search needs of a candidate claim to filter, fuse and group it (no article text)."""

    id: int
    kind: str
    text: str
    speaker: str
    article_id: int
    cluster_id: int | None
    norm_sha256: str
    published: str
    outlet: str
    title: str
    ingested_at: str
    has_verdict: bool

    @property
    def cluster_key(self) -> str:
        """One key per quote: its cluster, else its normalised text, else the claim itself."""
        if self.cluster_id is not None:
            return f"c{self.cluster_id}"
        return f"h{self.norm_sha256}" if self.norm_sha256 else f"i{self.id}"


@dataclass(frozen=True, slots=True)
class Feed:
    """A followed RSS or Atom feed and the outcome of its last poll."""

    id: int
    url: str
    name: str = ""
    every_minutes: int = 60
    title: str = ""  # the feed's own title (the outlet, when the page names none)
    etag: str = ""
    last_modified: str = ""
    added_at: str = ""
    last_poll_at: str = ""
    last_status: str = ""  # "" (never polled) | "ok" | "not modified" | "failed"
    last_message: str = ""
    last_new: int = 0
    failures: int = 0  # consecutive failed polls (the backoff grows with them)
    next_poll_at: str = ""

    @property
    def label(self) -> str:
        return self.name or self.title or self.url


@dataclass(frozen=True, slots=True)
class SeenEntry:
    """An entry recorded for a feed: what became of it."""

    feed_id: int
    entry_id: str
    url: str
    title: str = ""
    published: str = ""
    published_precision: str = ""
    published_source: str = ""
    article_id: int | None = None
    status: str = "new"  # "new" | "duplicate" | "failed"
    message: str = ""


@dataclass(frozen=True, slots=True)
class PollState:
    """What a poll leaves on a feed: validators, outcome, backoff and when it is due next."""

    status: str
    message: str = ""
    new: int = 0
    failures: int = 0
    next_poll_at: str = ""
    etag: str | None = None  # None keeps the stored validator
    last_modified: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class PriorAppearance:
    """Where a reviewed claim appeared (ClaimReview ``itemReviewed.appearance``)."""

    url: str = ""
    headline: str = ""
    description: str = ""
    date: str = ""


@dataclass(frozen=True, slots=True)
class PriorRecord:
    """One prior fact-check: the claim reviewed, who said it, and the published rating."""

    external_id: str
    claim: str
    claimant: str = ""
    claimant_type: str = "unknown"  # person | organization | unknown, from the author's @type
    claim_date: str = ""
    appearances: tuple[PriorAppearance, ...] = ()
    rating: str = ""
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    reviewer: str = ""
    review_url: str = ""
    review_date: str = ""
    title: str = ""
