"""Query records, filters and the candidate scoring shared by search, batch search and similar claims."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from factcheck.errors import InputError
from factcheck.match.fusion import FEATURES, FusionModel, date_proximity, speaker_match
from factcheck.match.lexical import lexical_scores
from factcheck.models import CLAIM_KINDS
from factcheck.records import CandidateRow

DENSE_DEPTH = 100  # candidates taken from each of the dense, title and lexical lists
FILTERED_DEPTH = 1000  # deeper dense lists when filters may remove most candidates


@dataclass(frozen=True, slots=True)
class MatchFilters:
    """Restrictions on the claims returned (all optional)."""

    kinds: tuple[str, ...] = ()
    said_by: str = ""  # only claims by this speaker (name or alias)
    date_from: str = ""  # ISO dates, inclusive, on the article's publication (claim) date
    date_to: str = ""
    outlet: str = ""
    has_verdict: bool | None = None

    def __post_init__(self) -> None:
        for kind in self.kinds:
            if kind not in CLAIM_KINDS:
                raise InputError(f"unknown claim kind {kind!r}; use one of {', '.join(CLAIM_KINDS)}")
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if value and not (len(value) >= 4 and value[:4].isdigit()):
                raise InputError(f"{name} {value!r} is not a date; use YYYY-MM-DD")

    @property
    def active(self) -> bool:
        return bool(self.kinds or self.said_by or self.date_from or self.date_to or self.outlet
                    or self.has_verdict is not None)


@dataclass(frozen=True, slots=True)
class Query:
    """One search: the text, who said it (boosts the same claimant), and surrounding text."""

    text: str
    query_id: str = ""
    speaker: str = ""
    context: str = ""
    date: str = ""  # when the text was said (ISO): prior claims from about then rank higher
    k: int = 10
    filters: MatchFilters = field(default_factory=MatchFilters)
    exclude_claim_id: int | None = None
    exclude_article_id: int | None = None
    explain: bool = False


@dataclass(frozen=True, slots=True)
class Scored:
    """A candidate claim with its fused score and the feature values behind it."""

    claim_id: int
    score: float
    features: tuple[float, ...]

    def feature(self, name: str) -> float:
        return self.features[FEATURES.index(name)]


def passes(row: CandidateRow, query: Query, speaker_names: set[str]) -> bool:
    """Whether a candidate survives the query's filters and exclusions (the one place for the
    match filters: semantic search, keyword search and the app's search page use it)."""
    if query.exclude_claim_id is not None and row.id == query.exclude_claim_id:
        return False
    if query.exclude_article_id is not None and row.article_id == query.exclude_article_id:
        return False
    f = query.filters
    if f.kinds and row.kind not in f.kinds:
        return False
    if f.said_by and row.speaker.casefold() not in speaker_names:
        return False
    published = row.published[:10]
    if f.date_from and (not published or published < f.date_from[:10]):
        return False
    if f.date_to and (not published or published > f.date_to[:10]):
        return False
    if f.outlet and row.outlet.casefold() != f.outlet.casefold():
        return False
    return f.has_verdict is None or row.has_verdict == f.has_verdict


def score_candidates(query: Query, dense: Mapping[int, float], title: Mapping[int, float],
                     lexical_raw: list[tuple[int, float]], context: Mapping[int, float] | None,
                     rows: Mapping[int, CandidateRow], model: FusionModel,
                     speaker_names: set[str]) -> list[Scored]:
    """Fuse the signals of every candidate that passes the filters, best first."""
    lexical = lexical_scores(lexical_raw)
    ids = [cid for cid in rows if passes(rows[cid], query, speaker_names)]
    if not ids:
        return []
    matrix = np.zeros((len(ids), len(FEATURES)), dtype=np.float64)
    speakers: dict[str, float] = {}  # candidates share claimants and dates: each computed once
    dates: dict[str, float] = {}
    for i, cid in enumerate(ids):
        row = rows[cid]
        d = dense.get(cid, 0.0)
        speaker = row.speaker
        if speaker not in speakers:
            speakers[speaker] = speaker_match(query.speaker, speaker)
        published = row.published
        if query.date and published not in dates:
            dates[published] = date_proximity(query.date, published)
        matrix[i] = (
            d,
            title.get(cid, d),
            lexical.get(cid, 0.0),
            speakers[speaker],
            context.get(cid, d) if context is not None else d,
            dates[published] if query.date else 0.0,
        )
    scores = model.scores(matrix)
    order = np.argsort(-scores, kind="stable")
    values = matrix[order].tolist()
    return [Scored(ids[i], s, tuple(v))
            for i, s, v in zip(order.tolist(), scores[order].tolist(), values, strict=True)]


def cosines(query: npt.NDArray[np.float32], vectors: Mapping[int, npt.NDArray[np.float32]],
            ) -> dict[int, float]:
    """Cosine (inner product of normalised vectors) of one query with each stored vector."""
    return cosine_maps([query], vectors)[0]


def cosine_maps(queries: Sequence[npt.NDArray[np.float32]],
                vectors: Mapping[int, npt.NDArray[np.float32]]) -> list[dict[int, float]]:
    """Cosines of several query vectors with the same stored vectors (stacked once)."""
    if not vectors:
        return [{} for _ in queries]
    ids = list(vectors)
    values = np.stack([vectors[i] for i in ids]) @ np.stack(queries).T
    return [dict(zip(ids, column, strict=True)) for column in values.T.tolist()]


