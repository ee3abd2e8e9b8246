"""Lint a ClaimReview file: required fields, rating bounds, one review per claim, dates, URLs."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TextIO
from urllib.parse import urlsplit

READ_SIZE = 1 << 20
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ].+)?$")


@dataclass(frozen=True, slots=True)
class LintProblem:
    """One problem: the record's position (1-based), the field path and what is wrong."""

    position: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f" {self.field}:" if self.field else ""
        return f"record {self.position}:{where} {self.message}"


def iter_json_records(handle: TextIO) -> Iterator[tuple[int, Any]]:
    """``(position, value)`` for each record of a JSON array, object, ``@graph`` or JSON Lines.

    Arrays are decoded incrementally (bounded memory); an undecodable record yields
    ``(position, JSONDecodeError)`` and ends the iteration.
    """
    head = handle.read(READ_SIZE)
    stripped = head.lstrip()
    if stripped.startswith("["):
        yield from _iter_array(handle, stripped[1:])
        return
    text = head + handle.read()
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        if "Extra data" not in exc.msg:
            yield 1, exc
            return
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as line_exc:
                    yield number, line_exc
        return
    if isinstance(value, dict) and isinstance(value.get("@graph"), list):
        yield from enumerate(value["@graph"], start=1)
    elif isinstance(value, dict) and isinstance(value.get("dataFeedElement"), list):
        items = [i.get("item", i) if isinstance(i, dict) else i for i in value["dataFeedElement"]]
        yield from enumerate(items, start=1)
    else:
        yield 1, value


def _iter_array(handle: TextIO, buffer: str) -> Iterator[tuple[int, Any]]:
    decoder = json.JSONDecoder()
    position, index, eof = 0, 0, False
    while True:
        while True:  # skip whitespace and one separating comma
            while index < len(buffer) and buffer[index] in " \t\r\n":
                index += 1
            if index < len(buffer) or eof:
                break
            more = handle.read(READ_SIZE)
            buffer, index, eof = buffer[index:] + more, 0, not more
        if index >= len(buffer):
            yield position + 1, json.JSONDecodeError("unterminated array", buffer, index)
            return
        if buffer[index] == "]":
            return
        if position and buffer[index] == ",":
            index += 1
            continue
        try:
            value, end = decoder.raw_decode(buffer, index)
        except json.JSONDecodeError as exc:
            if eof:
                yield position + 1, exc
                return
            more = handle.read(READ_SIZE)
            buffer, index, eof = buffer[index:] + more, 0, not more
            continue
        position += 1
        yield position, value
        index = end


def is_iso_date(value: Any) -> bool:
    if not isinstance(value, str) or not _DATE.match(value):
        return False
    try:
        if len(value) == 10:
            date.fromisoformat(value)
        else:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def is_absolute_url(value: Any) -> bool:
    if not isinstance(value, str) or any(c.isspace() for c in value):
        return False
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def _types(value: dict[str, Any]) -> set[str]:
    kind = value.get("@type")
    return set(kind) if isinstance(kind, list) else {kind} if isinstance(kind, str) else set()


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def check_record(position: int, rec: Any) -> list[LintProblem]:
    """Every problem of one ClaimReview record."""
    out: list[LintProblem] = []

    def bad(path: str, message: str) -> None:
        out.append(LintProblem(position, path, message))

    if not isinstance(rec, dict):
        bad("", f"expected a JSON object, got {type(rec).__name__}")
        return out
    if "ClaimReview" not in _types(rec):
        bad("@type", f"must be 'ClaimReview', got {rec.get('@type')!r}")
    if not _text(rec.get("claimReviewed")):
        bad("claimReviewed", "required: the text of the claim reviewed")
    _url(bad, "url", rec.get("url"), required=True)
    _date(bad, "datePublished", rec.get("datePublished"), required=True)
    author = rec.get("author")
    if not isinstance(author, dict) or not _text(author.get("name")):
        bad("author", "required: an Organization with a name")
    elif "url" in author:
        _url(bad, "author.url", author.get("url"), required=False)
    _check_rating(bad, rec.get("reviewRating"))
    item = rec.get("itemReviewed")
    if not isinstance(item, dict):
        bad("itemReviewed", "required: a Claim object")
        return out
    if "Claim" not in _types(item):
        bad("itemReviewed.@type", f"must be 'Claim', got {item.get('@type')!r}")
    claimant = item.get("author")
    if claimant is not None and (not isinstance(claimant, dict) or not _text(claimant.get("name"))
                                 or not _types(claimant) & {"Person", "Organization"}):
        bad("itemReviewed.author", "must be a Person or Organization with a name")
    _date(bad, "itemReviewed.datePublished", item.get("datePublished"), required=False)
    appearances = item.get("appearance", [])
    for i, work in enumerate(appearances if isinstance(appearances, list) else [appearances]):
        _check_work(bad, f"itemReviewed.appearance[{i}]", work)
    if "firstAppearance" in item:
        _check_work(bad, "itemReviewed.firstAppearance", item["firstAppearance"])
    return out


def _check_work(bad: Any, path: str, work: Any) -> None:
    if not isinstance(work, dict):
        bad(path, "must be a CreativeWork object")
        return
    if not work.get("url") and not work.get("headline"):
        bad(path, "needs a url or a headline")
    if "url" in work:
        _url(bad, f"{path}.url", work["url"], required=True)
    _date(bad, f"{path}.datePublished", work.get("datePublished"), required=False)


def _check_rating(bad: Any, rating: Any) -> None:
    if not isinstance(rating, dict):
        bad("reviewRating", "required: a Rating object")
        return
    if not _text(rating.get("alternateName")):
        bad("reviewRating.alternateName", "required: the rating as text (e.g. 'False')")
    names = ("ratingValue", "bestRating", "worstRating")
    present = [n for n in names if rating.get(n) is not None]
    if not present:
        return
    numbers: dict[str, float] = {}
    for name in names:
        value = rating.get(name)
        try:
            numbers[name] = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            bad(f"reviewRating.{name}", f"must be a number when the rating is ordinal, got {value!r}")
    if len(numbers) == 3:
        low, high = sorted((numbers["worstRating"], numbers["bestRating"]))
        if not low <= numbers["ratingValue"] <= high:
            bad("reviewRating.ratingValue", f"{rating['ratingValue']!r} is outside worstRating "
                f"{rating['worstRating']!r} .. bestRating {rating['bestRating']!r}")


def _url(bad: Any, path: str, value: Any, *, required: bool) -> None:
    if value is None or value == "":
        if required:
            bad(path, "required: an absolute http(s) URL")
    elif not is_absolute_url(value):
        bad(path, f"{value!r} is not an absolute http(s) URL")


def _date(bad: Any, path: str, value: Any, *, required: bool) -> None:
    if value is None or value == "":
        if required:
            bad(path, "required: an ISO 8601 date (YYYY-MM-DD)")
    elif not is_iso_date(value):
        bad(path, f"{value!r} is not an ISO 8601 date (YYYY-MM-DD or a full timestamp)")


def _claim_key(rec: dict[str, Any]) -> tuple[str, str]:
    item = rec.get("itemReviewed")
    claimant = item.get("author") if isinstance(item, dict) else None
    name = claimant.get("name", "") if isinstance(claimant, dict) else ""
    text = " ".join(str(rec.get("claimReviewed", "")).casefold().split())
    return text, " ".join(str(name).casefold().split())


def lint(handle: TextIO) -> tuple[int, list[LintProblem]]:
    """``(records read, problems)`` for a ClaimReview file; every problem names its record."""
    problems: list[LintProblem] = []
    seen_claims: dict[tuple[str, str], int] = {}
    seen_urls: dict[str, int] = {}
    count = 0
    for position, rec in iter_json_records(handle):
        if isinstance(rec, json.JSONDecodeError):
            problems.append(LintProblem(position, "", f"invalid JSON: {rec.msg} "
                                        f"(line {rec.lineno} column {rec.colno})"))
            break
        count += 1
        problems.extend(check_record(position, rec))
        if not isinstance(rec, dict):
            continue
        key = _claim_key(rec)
        if key[0] and key in seen_claims:
            problems.append(LintProblem(position, "claimReviewed", "the same claim (text and claimant)"
                                        f" is already reviewed by record {seen_claims[key]}"))
        seen_claims.setdefault(key, position)
        url = rec.get("url")
        if isinstance(url, str) and url:
            if url in seen_urls:
                problems.append(LintProblem(position, "url", f"{url!r} is also the url of record "
                                            f"{seen_urls[url]}: one review per claim"))
            seen_urls.setdefault(url, position)
    return count, problems
