"""Feed bytes to entries with feedparser, after refusing what could hurt: size, XML entities."""

from __future__ import annotations

import html
import io
import re
from typing import Any

from factcheck.dates import DatedValue, parse_date
from factcheck.errors import InputError
from factcheck.feeds.records import FeedEntry, ParsedFeed

# feedparser keeps parsing after these (a charset header that disagrees, a text/plain type).
BENIGN_BOZO = ("CharacterEncodingOverride", "NonXMLContentType")
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_BLOCK_END = re.compile(r"<(?:br\s*/?|/p|/div|/li|/h[1-6]|/blockquote|/tr)\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\u00a0]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # incl. bidi overrides
_BLANKS = re.compile(r"\n\s*\n+")
MAX_TITLE_CHARS = 500


def html_to_text(value: str) -> str:
    """Markup to plain text: tags removed (script and style with their content), entities decoded,
    control characters (terminal escapes) and bidirectional overrides dropped."""
    value = re.sub(r"(?is)<(script|style)\b.*?(?:</\1\s*>|$)", " ", value)
    value = _BLOCK_END.sub("\n", value)
    value = _CONTROL.sub("", html.unescape(_TAG.sub(" ", value)))  # no terminal escapes, no bidi tricks
    lines = [_SPACES.sub(" ", line).strip() for line in value.replace("\r", "\n").split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def parse_feed(data: bytes, *, url: str, content_type: str = "", max_bytes: int) -> ParsedFeed:
    """Parse RSS 0.9x/1.0/2.0 or Atom bytes; raises InputError naming ``url`` and the reason.

    The size is checked before parsing; a document declaring XML entities is refused outright
    (entity expansion, "billion laughs"); a malformed document yields nothing at all.
    """
    import feedparser

    if len(data) > max_bytes:
        raise InputError(f"{url}: feed is {len(data):,} bytes, over the {max_bytes:,} byte limit "
                         "(setting feed_max_bytes)")
    if not data.strip():
        raise InputError(f"{url}: the feed is empty (no bytes)")
    if _ENTITY_DECL.search(data):
        raise InputError(f"{url}: the feed declares XML entities (<!ENTITY>); refused, since entity "
                         "expansion can exhaust memory")
    headers = {"content-type": content_type} if content_type else {}
    parsed: Any = feedparser.parse(io.BytesIO(data), response_headers=headers,
                                   resolve_relative_uris=True, sanitize_html=True)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if problem is not None and type(problem).__name__ not in BENIGN_BOZO:
        detail = str(problem).removeprefix("<unknown>:")[:200] or type(problem).__name__
        raise InputError(f"{url}: not a well-formed RSS or Atom feed ({detail})")
    version = str(parsed.get("version") or "")
    if not version:
        raise InputError(f"{url}: not an RSS or Atom feed (is it a web page? give the feed's own URL)")
    feed = parsed.get("feed", {})
    entries = tuple(e for e in (_entry(raw) for raw in parsed.get("entries", [])) if e is not None)
    return ParsedFeed(title=html_to_text(str(feed.get("title", "")))[:MAX_TITLE_CHARS],
                      version=version, entries=entries)


def _entry(raw: Any) -> FeedEntry | None:
    link = str(raw.get("link") or "").strip()
    entry_id = str(raw.get("id") or "").strip() or link
    if not entry_id:
        return None  # nothing to recognise it by next time
    content = raw.get("content") or []
    body = " ".join(str(part.get("value", "")) for part in content) if content else ""
    summary = html_to_text(body or str(raw.get("summary") or ""))
    published = None
    for key, label in (("published", "feed entry (published / pubDate)"), ("dc_date", "feed entry (dc:date)")):
        value = str(raw.get(key) or "")
        date = parse_date(value) if value else None
        if date is not None:
            published = DatedValue(date, label)
            break
    author = str(raw.get("author") or "")
    return FeedEntry(entry_id=entry_id[:2000], link=link[:2000],
                     title=html_to_text(str(raw.get("title") or ""))[:MAX_TITLE_CHARS],
                     author=html_to_text(author)[:200], published=published, summary=summary)
