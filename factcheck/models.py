"""Domain records: frozen dataclasses shared by every layer; no I/O here."""

from __future__ import annotations

from dataclasses import dataclass, field

CLAIM_KINDS: tuple[str, ...] = ("direct", "partial", "indirect", "belief", "statement", "prior", "sentence")
SPEAKER_TYPES: tuple[str, ...] = (
    "person", "organization", "country", "document", "generic", "unknown",
)
VERDICT_STATUSES: tuple[str, ...] = ("draft", "in review", "published")
STANCES: tuple[str, ...] = ("supports", "refutes", "context")
SOURCE_KINDS: tuple[str, ...] = (
    "official record", "statistics", "report", "encyclopedia", "fact-check", "news", "other",
)


@dataclass(frozen=True, slots=True)
class SegmentItem:
    """One item found by the segmenter: offsets are code points into the article text.

    Invariant: ``article_text[start:end] == text``. ``parent`` is the index of the
    enclosing item in the same result list (a partial quote inside reported speech).
    """

    kind: str
    text: str
    start: int
    end: int
    speaker: str = ""
    speaker_type: str = "unknown"
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str = ""
    rule: str = ""
    confidence: float = 1.0
    checkworthiness: float = 0.0
    hedged: bool = False
    parent: int | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """An ingested article. ``text`` is immutable once stored; ``sha256`` is of ``text``."""

    id: int
    text: str
    sha256: str
    title: str = ""
    author: str = ""
    published: str = ""  # ISO 8601 at its known precision: "2019", "2019-10" or "2019-10-30"
    outlet: str = ""
    url: str = ""
    origin: str = ""  # file path, URL or "claimreview" / "paste"
    ingested_at: str = ""
    published_precision: str = ""  # "year" | "month" | "day" ('' when there is no date)
    provenance: dict[str, str] = field(default_factory=dict)  # field name -> where it came from


@dataclass(frozen=True, slots=True)
class Claim:
    """A stored claim: a segment item bound to an article (``article.text[start:end] == text``)."""

    id: int
    article_id: int
    kind: str
    text: str
    start: int
    end: int
    speaker: str = ""
    speaker_id: int | None = None
    speaker_type: str = "unknown"
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str = ""
    rule: str = ""
    confidence: float = 1.0
    checkworthiness: float = 0.0
    hedged: bool = False
    parent_id: int | None = None
    external_id: str = ""  # e.g. ClaimReview identifier for prior fact-checks
    cluster_id: int | None = None


@dataclass(frozen=True, slots=True)
class QueueRow:
    """The columns of a news claim the review queue filters and sorts by (no text: a light row)."""

    id: int
    article_id: int
    speaker_id: int | None
    kind: str
    checkworthiness: float
    confidence: float
    start: int


@dataclass(frozen=True, slots=True)
class Speaker:
    id: int
    name: str
    type: str = "unknown"
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Evidence:
    """Something a reviewer cites: a URL, optionally a passage of an archived source."""

    url: str
    title: str = ""
    passage: str = ""
    start: int | None = None
    end: int | None = None
    stance: str = "context"
    source_id: int | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    """One append-only verdict record; an edit is a new record that ``supersedes`` the old."""

    id: int
    claim_id: int
    rating: str
    explanation: str = ""
    evidence: tuple[Evidence, ...] = ()
    reviewer: str = ""
    status: str = "draft"
    created_at: str = ""
    supersedes: int | None = None
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    origin: str = "reviewer"  # "reviewer" | "claimreview" | "cluster" | "undo" | "agreed" | "adjudicated"
    batch_id: str = ""  # groups a cluster-wide action so it can be undone
    retracted: bool = False  # a tombstone: withdraws the verdict named by ``supersedes``
    # the reviewer's stable identity (who signed in: OIDC iss + sub; "local" + name without sign-in;
    # "claimreview" + publisher for imported prior fact-checks); ``reviewer`` is the display name
    reviewer_issuer: str = ""
    reviewer_subject: str = ""
    inputs: tuple[int, ...] = ()  # blind double review: the ids of the two independent reviews it settles


@dataclass(frozen=True, slots=True)
class Review:
    """One independent review of blind double review: a reviewer's verdict that stays hidden from
    the other reviewer until both are in (it becomes the claim's verdict only through agreement or
    an editor's adjudication). Append-only; a reviewer's latest review of a claim is theirs."""

    id: int
    claim_id: int
    rating: str
    reviewer: str  # display name
    reviewer_issuer: str  # the stable identity (issuer + subject) two independent reviews differ in
    reviewer_subject: str
    explanation: str = ""
    evidence: tuple[Evidence, ...] = ()
    status: str = "draft"
    created_at: str = ""
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None

    @property
    def reviewer_key(self) -> tuple[str, str]:
        """Who reviewed, as a stable identity: (issuer, subject)."""
        return (self.reviewer_issuer, self.reviewer_subject)


@dataclass(frozen=True, slots=True)
class Source:
    """An archived reference source: extracted text, sha256 and fetch time are kept."""

    id: int
    title: str
    text: str
    sha256: str
    kind: str = "other"
    publisher: str = ""
    url: str = ""
    published: str = ""  # ISO 8601 at its known precision
    reliability_note: str = ""
    fetched_at: str = ""
    origin: str = ""
    published_precision: str = ""  # "year" | "month" | "day" ('' when there is no date)
    provenance: dict[str, str] = field(default_factory=dict)  # field name -> where it came from


@dataclass(frozen=True, slots=True)
class Passage:
    """A window of a source: ``source.text[start:end] == text``."""

    id: int
    source_id: int
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class AlignOp:
    """One step of a word-level alignment: equal, replace, insert or delete."""

    op: str
    left: str
    right: str


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why two claims matched, and where they differ (numbers, names, dates, negation)."""

    alignment: tuple[AlignOp, ...] = ()
    flags: tuple[str, ...] = ()
    shared_terms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Match:
    """A retrieved claim with its fused score and, when asked for, an explanation."""

    claim: Claim
    score: float  # calibrated probability that the claim says the same as the query
    level: str = "none"
    fused: float = 0.0  # the fused ranking score behind ``score``
    query_type: str = ""  # 'sentence', 'post' or 'short': the calibration used
    dense: float = 0.0
    lexical: float = 0.0
    verdict: Verdict | None = None
    article: Article | None = None
    explanation: Explanation | None = None
    appearances: tuple[Claim, ...] = ()


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What happened to one input of an ingest batch."""

    input: str
    status: str  # "added" | "duplicate" | "error"
    article_id: int | None = None
    claims: int = 0
    message: str = ""


@dataclass(frozen=True, slots=True)
class Stats:
    """Workspace counts; ``verdicts`` are the team's own (imported ratings come with ``prior_claims``)."""

    articles: int = 0
    claims: int = 0
    speakers: int = 0
    verdicts: int = 0
    sources: int = 0
    prior_claims: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
