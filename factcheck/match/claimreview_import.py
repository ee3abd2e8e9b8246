"""Parse schema.org ClaimReview JSON-LD (object, array, @graph or JSON Lines) into prior records."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from factcheck.errors import InputError
from factcheck.records import PriorAppearance as Appearance
from factcheck.records import PriorRecord as PriorRecord  # re-exported: importers name it here


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """A record that was skipped: where it is (file and line/record number) and why."""

    position: str
    message: str

    def __str__(self) -> str:
        return f"{self.position}: {self.message}"


@dataclass(frozen=True, slots=True)
class ImportReport:
    """Outcome of a ClaimReview import over one or more files."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: tuple[ImportProblem, ...] = ()
    claim_ids: tuple[int, ...] = ()

    @property
    def skipped(self) -> int:
        return len(self.problems)


@dataclass
class ParseResult:
    """Records parsed from one source, each with its position, plus the malformed ones."""

    records: list[tuple[str, PriorRecord]] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


_MONTH_DATE = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")


def iso_date(value: Any) -> str:
    """``YYYY-MM-DD`` when the value is a recognisable date, else the stripped text ('' if none)."""
    if not isinstance(value, str | int):
        return ""
    text = str(value).strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return text[:10]
    match = _MONTH_DATE.match(text)
    if match:
        for fmt in ("%B %d %Y", "%b %d %Y"):
            try:
                parsed = datetime.strptime(f"{match[1]} {match[2]} {match[3]}", fmt)
            except ValueError:
                continue
            return parsed.date().isoformat()
    return text


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _name(value: Any) -> str:
    """A name from ``"text"``, ``{"name": …}`` or a list of those (the first named one)."""
    if isinstance(value, list):
        for item in value:
            name = _name(item)
            if name:
                return name
        return ""
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type", "")
    values = kind if isinstance(kind, list) else [kind]
    return {str(v).rsplit("/", 1)[-1] for v in values}


def _claimant_type(value: Any) -> str:
    """Speaker type from the claimant's schema.org @type (Person, Organization, else unknown)."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, dict)), None)
    if not isinstance(value, dict):
        return "unknown"
    types = _types(value)
    if "Person" in types:
        return "person"
    if types & {"Organization", "GovernmentOrganization", "NewsMediaOrganization", "Corporation"}:
        return "organization"
    return "unknown"


def _appearances(value: Any) -> tuple[Appearance, ...]:
    items = value if isinstance(value, list) else [value]
    found = []
    for item in items:
        if isinstance(item, str) and item.strip():
            found.append(Appearance(url=item.strip()))
        elif isinstance(item, dict):
            appearance = Appearance(url=_text(item.get("url")), headline=_text(item.get("headline")),
                                    description=_text(item.get("description")),
                                    date=iso_date(item.get("datePublished")))
            if appearance != Appearance():
                found.append(appearance)
    return tuple(found)


def record_from_object(obj: Any) -> PriorRecord:
    """One ClaimReview object → PriorRecord; raises InputError naming what is wrong."""
    if not isinstance(obj, dict):
        raise InputError(f"expected a JSON object, got {type(obj).__name__}")
    types = _types(obj)
    if "@type" in obj and "ClaimReview" not in types:
        raise InputError(f"@type is {obj['@type']!r}, not ClaimReview")
    claim = obj.get("claimReviewed")
    if not isinstance(claim, str) or not claim.strip():
        raise InputError("claimReviewed is missing or not a non-empty string")
    item = obj.get("itemReviewed") or {}
    if not isinstance(item, dict):
        raise InputError("itemReviewed must be an object")
    rating = obj.get("reviewRating") or {}
    if isinstance(rating, list):
        rating = rating[0] if rating and isinstance(rating[0], dict) else {}
    if not isinstance(rating, dict):
        raise InputError("reviewRating must be an object")
    review_url = _text(obj.get("url"))
    identifier = obj.get("identifier")
    if isinstance(identifier, dict):  # schema.org PropertyValue
        identifier = identifier.get("value")
    external_id = _text(identifier) or review_url
    if not external_id:
        raise InputError("neither identifier nor url is given; one is needed to recognise re-imports")
    return PriorRecord(
        external_id=external_id,
        claim=claim.strip(),
        claimant=_name(item.get("author")),
        claimant_type=_claimant_type(item.get("author")),
        claim_date=iso_date(item.get("datePublished")),
        appearances=_appearances(item.get("appearance") or item.get("firstAppearance")),
        rating=_text(rating.get("alternateName")) or _text(rating.get("name")),
        rating_value=_number(rating.get("ratingValue")),
        best_rating=_number(rating.get("bestRating")),
        worst_rating=_number(rating.get("worstRating")),
        reviewer=_name(obj.get("author")),
        review_url=review_url,
        review_date=iso_date(obj.get("datePublished")),
        title=_text(obj.get("name")) or _text(obj.get("headline")),
    )


def _walk(value: Any, position: str) -> Iterator[tuple[str, Any]]:
    """Yield (position, candidate object) from an object, an array or an @graph."""
    if isinstance(value, list):
        for number, item in enumerate(value, start=1):
            yield from _walk(item, f"{position} record {number}")
    elif isinstance(value, dict) and "@graph" in value and "claimReviewed" not in value:
        graph = value["@graph"]
        items = graph if isinstance(graph, list) else [graph]
        for number, item in enumerate(items, start=1):
            # A @graph mixes types (WebPage, Organization…); only ClaimReviews are records.
            if isinstance(item, dict) and "ClaimReview" not in _types(item) \
                    and "claimReviewed" not in item:
                continue
            yield f"{position} @graph item {number}", item
    else:
        yield position, value


def parse_claimreview_text(text: str, source: str) -> ParseResult:
    """Parse a whole document (JSON or JSON Lines); malformed records become problems."""
    result = ParseResult()
    stripped = text.strip()
    if not stripped:
        result.problems.append(ImportProblem(source, "the file is empty"))
        return result
    try:
        documents: list[tuple[str, Any]] = [(source, json.loads(stripped))]
    except json.JSONDecodeError:
        documents = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            position = f"{source} line {number}"
            try:
                documents.append((position, json.loads(line)))
            except json.JSONDecodeError as exc:
                result.problems.append(ImportProblem(position, f"not valid JSON ({exc.msg})"))
    for doc_position, document in documents:
        for position, obj in _walk(document, doc_position):
            try:
                result.records.append((position, record_from_object(obj)))
            except InputError as exc:
                result.problems.append(ImportProblem(position, str(exc)))
    return result


def parse_claimreview_file(path: Path) -> ParseResult:
    """Read and parse one file; an unreadable file is one problem, not an exception."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        return ParseResult(problems=[ImportProblem(str(path), f"cannot read ({exc.strerror or exc})")])
    except UnicodeDecodeError as exc:
        return ParseResult(problems=[ImportProblem(str(path), f"not UTF-8 text ({exc.reason})")])
    return parse_claimreview_text(text, str(path))
