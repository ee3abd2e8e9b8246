"""ClaimReview JSON-LD (schema.org) export: one review per reviewed quote, streamed as an array."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from factcheck.errors import InputError
from factcheck.export.records import Appearance, Claimant, ReviewRecord

BATCH = 500
PERSON_TYPES = frozenset({"person", "unknown"})
# Untrusted text may end up inside an HTML <script type="application/ld+json">: never let it
# close the element. These characters only occur inside JSON strings, so escaping is safe.
_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                             "\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


@dataclass(frozen=True, slots=True)
class Publisher:
    """The reviewing organisation and how its review URLs are built."""

    name: str
    url: str
    review_url_template: str

    def __post_init__(self) -> None:
        if "{claim_id}" not in self.review_url_template and \
                "{verdict_id}" not in self.review_url_template:
            raise InputError(
                f"review_url_template {self.review_url_template!r} must contain {{claim_id}} or"
                " {verdict_id}, or every review would get the same url; fix the setting")

    def review_url(self, claim_id: int, verdict_id: int) -> str:
        return (self.review_url_template.replace("{claim_id}", str(claim_id))
                .replace("{verdict_id}", str(verdict_id)))


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def _creative_work(appearance: Appearance) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if appearance.url:
        work["url"] = appearance.url
    if appearance.headline:
        work["headline"] = appearance.headline
    if appearance.date:
        work["datePublished"] = appearance.date
    if appearance.outlet:
        work["publisher"] = {"@type": "Organization", "name": appearance.outlet}
    return work


def _claimant(claimant: Claimant) -> dict[str, Any]:
    kind = "Person" if claimant.type in PERSON_TYPES else "Organization"
    author: dict[str, Any] = {"@type": kind, "name": claimant.name}
    if claimant.job_title and kind == "Person":
        author["jobTitle"] = claimant.job_title
    if claimant.same_as:
        author["sameAs"] = list(claimant.same_as) if len(claimant.same_as) > 1 else claimant.same_as[0]
    return author


def claim_review(record: ReviewRecord, publisher: Publisher) -> dict[str, Any]:
    """The ClaimReview object of one reviewed quote."""
    row, verdict = record.row, record.row.verdict
    item: dict[str, Any] = {"@type": "Claim"}
    if record.claimant.name:
        item["author"] = _claimant(record.claimant)
    if row.article_published:
        item["datePublished"] = row.article_published
    if record.appearances:
        item["appearance"] = [_creative_work(a) for a in record.appearances]
        item["firstAppearance"] = _creative_work(record.appearances[0])
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": verdict.rating}
    if None not in (verdict.rating_value, verdict.best_rating, verdict.worst_rating):
        assert verdict.rating_value is not None and verdict.best_rating is not None
        assert verdict.worst_rating is not None
        rating["ratingValue"] = _number(verdict.rating_value)
        rating["bestRating"] = _number(verdict.best_rating)
        rating["worstRating"] = _number(verdict.worst_rating)
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": publisher.review_url(verdict.claim_id, verdict.id),
        "claimReviewed": row.claim_text,
        "itemReviewed": item,
        "reviewRating": rating,
        "author": {"@type": "Organization", "name": publisher.name, "url": publisher.url},
        "datePublished": verdict.created_at[:10],
    }
    return review


def dumps_safe(value: Any) -> str:
    """Compact JSON with ``<``, ``>`` and ``&`` escaped (safe inside an HTML script element)."""
    return json.dumps(value, ensure_ascii=False).translate(_HTML_SAFE)


def claimreview_chunks(records: Iterable[ReviewRecord], publisher: Publisher) -> Iterator[bytes]:
    """A JSON array of ClaimReview objects, one per line, yielded a batch at a time."""
    parts: list[str] = ["["]
    first = True
    for record in records:
        parts.append(("\n" if first else ",\n") + dumps_safe(claim_review(record, publisher)))
        first = False
        if len(parts) >= BATCH:
            yield "".join(parts).encode("utf-8")
            parts = []
    parts.append("\n]\n")
    yield "".join(parts).encode("utf-8")
