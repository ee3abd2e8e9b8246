"""Publication dates that are never invented: parsed at the precision known (year, month or day).

A date is kept as reduced-precision ISO 8601 (``2019``, ``2019-10``, ``2019-10-30``) with its
precision and where it came from (its provenance). Sources of a date, best first: the page's
own metadata (``article:published_time``, JSON-LD ``datePublished`` …), the feed entry, the URL
(``/2019/oct/30/``), a byline in the text ("Oct. 30, 2019"), and last the HTML extractor's
guess, whose ``YYYY-01-01`` (a year-only fallback) is kept as the year alone.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

PRECISIONS = ("year", "month", "day")
MIN_YEAR, MAX_YEAR = 1800, 2200
_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_MONTH_WORD = (r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
               r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_ISO = re.compile(r"^\s*(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?(?:[T ][\d:.]+.*)?\s*$")
_COMPACT = re.compile(r"^\s*(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:T[\d:.]+.*)?\s*$")
_MDY = re.compile(rf"\b{_MONTH_WORD}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b", re.I)
_DMY = re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_WORD},?\s+(?P<y>\d{{4}})\b", re.I)
_MY = re.compile(rf"\b{_MONTH_WORD},?\s+(?P<y>\d{{4}})\b", re.I)
_RFC822 = re.compile(r"^\s*(?:[a-z]{3},\s*)?(?P<d>\d{1,2})\s+(?P<mon>[a-z]{3})[a-z]*\.?\s+(?P<y>\d{4})\b", re.I)
_URL_DAY = re.compile(r"/(?P<y>\d{4})[/-](?P<m>\d{1,2}|[a-z]{3,9})[/-](?P<d>\d{1,2})(?=[/._-]|$)", re.I)
_URL_COMPACT = re.compile(r"/(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?=/|$)")
_URL_MONTH = re.compile(r"/(?P<y>\d{4})/(?P<m>\d{1,2}|[a-z]{3,9})(?=/|$)", re.I)
_URL_YEAR = re.compile(r"/(?P<y>\d{4})(?=/)")
_BYLINE_CHARS = 600  # a byline date sits near the top of the article

# Page metadata naming the publication date, best first (meta property/name/itemprop, lower case).
PAGE_META_KEYS: tuple[str, ...] = (
    "article:published_time", "og:published_time", "datepublished", "og:article:published_time",
    "publishdate", "publish-date", "publish_date", "pubdate", "parsely-pub-date", "sailthru.date",
    "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "date",
)


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date known to a year, a month or a day (``month``/``day`` are 0 when unknown)."""

    year: int
    month: int = 0
    day: int = 0

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def iso(self) -> str:
        """Reduced-precision ISO 8601: ``2019``, ``2019-10`` or ``2019-10-30``."""
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


@dataclass(frozen=True, slots=True)
class DatedValue:
    """A date with where it came from, e.g. ``page metadata (article:published_time)``."""

    date: PartialDate
    source: str

    @property
    def iso(self) -> str:
        return self.date.iso

    @property
    def precision(self) -> str:
        return self.date.precision


def make_date(year: int, month: int = 0, day: int = 0) -> PartialDate | None:
    """A valid PartialDate or None (month 13, 31 February and years out of range are refused)."""
    if not MIN_YEAR <= year <= MAX_YEAR or not 0 <= month <= 12 or (day and not month):
        return None
    if day and not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return PartialDate(year, month, day)


def _month(value: str) -> int:
    if value.isdigit():
        return int(value)
    return _MONTHS.get(value[:3].lower(), 0) if len(value) >= 3 else 0


def _from_match(match: re.Match[str]) -> PartialDate | None:
    groups = match.groupdict()
    month = _month(groups.get("mon") or groups.get("m") or "0")
    if (groups.get("mon") or groups.get("m")) and not month:
        return None
    return make_date(int(groups["y"]), month, int(groups.get("d") or 0))


def parse_date(text: str) -> PartialDate | None:
    """Parse one date string at the precision it states: ISO 8601 (also reduced), RFC 822,
    "Oct. 30, 2019", "30 October 2019", "October 2019". None when it is not a date."""
    text = text.strip()
    if not text or len(text) > 100:
        return None
    for pattern in (_ISO, _COMPACT, _RFC822):
        found = pattern.match(text)
        if found:
            return _from_match(found)
    for pattern in (_MDY, _DMY, _MY):
        found = pattern.search(text)
        if found and len(text) <= 40:  # a date string, not a sentence that happens to hold one
            return _from_match(found)
    return None


def date_from_url(url: str) -> PartialDate | None:
    """The date a URL path spells out: ``/2019/oct/30/``, ``/2019/10/30/``, ``/2019-10-30-…``,
    ``/20191030/`` (day), ``/2019/10/`` (month) or ``/2019/`` (year)."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    path = path.split("://", 1)[-1]
    path = path[path.find("/"):] if "/" in path else ""
    for pattern in (_URL_DAY, _URL_COMPACT, _URL_MONTH, _URL_YEAR):
        for found in pattern.finditer(path):
            date = _from_match(found)
            if date is not None:
                return date
    return None


def byline_date(text: str, *, window: int = _BYLINE_CHARS) -> PartialDate | None:
    """A date written near the top of an article ("Oct. 30, 2019", "30 October 2019", ISO)."""
    head = text[:window]
    best: tuple[int, PartialDate] | None = None
    for pattern in (_MDY, _DMY, re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")):
        for found in pattern.finditer(head):
            date = _from_match(found)
            if date is not None and (best is None or found.start() < best[0]):
                best = (found.start(), date)
                break
    return None if best is None else best[1]


def page_dates(html: str | bytes) -> list[DatedValue]:
    """Publication dates a page declares about itself, best first (meta tags, JSON-LD, <time>)."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    found: dict[str, PartialDate] = {}
    for node in tree.iter("meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip().lower()
        if key in PAGE_META_KEYS and key not in found:
            date = parse_date(node.get("content") or "")
            if date is not None:
                found[key] = date
    results = [DatedValue(found[key], f"page metadata ({key})") for key in PAGE_META_KEYS if key in found]
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() == "application/ld+json" and script.text:
            for value in _jsonld_dates(script.text):
                date = parse_date(value)
                if date is not None:
                    results.insert(0, DatedValue(date, "page metadata (JSON-LD datePublished)"))
                    break
    for node in tree.iter("time"):
        if (node.get("itemprop") or "").lower() == "datepublished" or node.get("pubdate") is not None:
            date = parse_date(node.get("datetime") or "")
            if date is not None:
                results.append(DatedValue(date, "page metadata (<time> datePublished)"))
                break
    return results


def _jsonld_dates(text: str) -> Iterator[str]:
    try:
        data: Any = json.loads(text)
    except ValueError:
        return
    stack = [data]
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            value = item.get("datePublished")
            if isinstance(value, str):
                yield value
            stack.extend(v for k, v in item.items() if k in ("@graph", "mainEntity", "mainEntityOfPage"))


def extractor_date(value: str) -> DatedValue | None:
    """The HTML extractor's date; its ``YYYY-01-01`` is a year-only fallback, kept as the year."""
    date = parse_date(value)
    if date is None:
        return None
    if date.month == 1 and date.day == 1:
        return DatedValue(PartialDate(date.year), "extractor (year only: YYYY-01-01 is its fallback)")
    return DatedValue(date, "extractor (htmldate)")


def choose(candidates: Sequence[DatedValue | None]) -> DatedValue | None:
    """The first candidate (callers order them best first), refined by a later, more precise one
    that agrees with it (a year-only URL and a day from the byline of the same year)."""
    present = [c for c in candidates if c is not None]
    if not present:
        return None
    best = present[0]
    for other in present[1:]:
        if PRECISIONS.index(other.precision) > PRECISIONS.index(best.precision) and other.iso.startswith(best.iso):
            best = DatedValue(other.date, f"{other.source}, agreeing with {best.source}")
    return best


def precision_of(iso: str) -> str:
    """The precision a stored date string states ('' when it is not a date)."""
    date = parse_date(iso)
    return "" if date is None else date.precision


def display_date(iso: str) -> str:
    """How a stored date is shown: at its own precision ("2019", "Oct 2019", "30 Oct 2019")."""
    date = parse_date(iso)
    if date is None:
        return iso
    if date.precision == "year":
        return str(date.year)
    month = calendar.month_abbr[date.month]
    return f"{month} {date.year}" if date.precision == "month" else f"{date.day} {month} {date.year}"
