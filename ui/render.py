"""Safe rendering: untrusted text (articles, quotes, passages, names, URLs) shown as data, never markup."""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import streamlit as st

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping all of them
# defuses links, images, emphasis, HTML, LaTeX ($), directives (:color[...]), tables, headings,
# lists, autolinks (http\:// and www\.) and entities (&amp;) in one rule.
_PUNCTUATION = frozenset(string.punctuation)
_INDENT = re.compile(r"(?<=\n)[ \t]+")
# GFM turns bare URLs and e-mail addresses into live links *after* escapes are resolved, so a
# backslash cannot stop it: an invisible WORD JOINER after the scheme (or before "@") does.
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|xmpp|www)(?=[:.])")
WORD_JOINER = "\u2060"
HIGHLIGHT = "orange-background"


def escape_markdown(text: str, *, line_start: bool = True) -> str:
    """``text`` as Markdown source that renders literally (line breaks kept, no markup).

    Indentation is dropped (four spaces would start a code block); ``line_start=False`` keeps
    the leading spaces of a piece that continues a line.
    """
    text = _AUTOLINK.sub(lambda m: m.group(1) + WORD_JOINER, text).replace("@", WORD_JOINER + "@")
    escaped = "".join("\\" + ch if ch in _PUNCTUATION else ch for ch in text)
    escaped = _INDENT.sub("", escaped.replace("\r\n", "\n").replace("\r", "\n"))
    if line_start:
        escaped = escaped.lstrip(" \t")
    # Hard line breaks keep the article's lines; blank lines stay paragraph breaks.
    return re.sub(r"(?<!\n)\n(?!\n)", "  \n", escaped)


def escape_inline(text: str) -> str:
    """One-line escaped Markdown (labels, captions, table cells): newlines become spaces."""
    return escape_markdown(" ".join(text.split()))


@dataclass(frozen=True, slots=True)
class ContextWindow:
    """A slice of an article around a span: ``text[start:end]`` is the highlighted part."""

    text: str
    start: int
    end: int
    offset: int  # where ``text`` begins in the article
    before: bool  # the article has more text before the window
    after: bool  # …and after it


def context_window(article: str, start: int, end: int, *, paragraphs: int = 1) -> ContextWindow:
    """The paragraphs (lines) holding ``article[start:end]`` plus ``paragraphs`` neighbours each side."""
    if not 0 <= start <= end <= len(article):
        raise ValueError(f"span {start}:{end} is outside the article (length {len(article)})")
    bounds = _paragraph_bounds(article)
    first = next((i for i, (a, b) in enumerate(bounds) if a <= start <= b), 0)
    last = next((i for i, (a, b) in enumerate(bounds) if a <= end <= b and i >= first), first)
    lo = max(0, first - paragraphs)
    hi = min(len(bounds) - 1, last + paragraphs)
    if not bounds:
        return ContextWindow(article, start, end, 0, False, False)
    w_start, w_end = bounds[lo][0], bounds[hi][1]
    return ContextWindow(article[w_start:w_end], start - w_start, end - w_start, w_start,
                         lo > 0, hi < len(bounds) - 1)


def _paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line; a span touching a line break belongs to its line."""
    bounds: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            bounds.append((pos, pos + len(line)))
        pos += len(line) + 1
    return bounds or [(0, len(text))]


def highlighted_markdown(text: str, start: int, end: int) -> str:
    """Escaped Markdown of ``text`` with ``text[start:end]`` wrapped in a highlight directive.

    The span is highlighted line by line (a directive cannot cross a line break), so offsets
    stay exact: the highlighted characters are exactly ``text[start:end]``.
    """
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span {start}:{end} is outside the text (length {len(text)})")
    head, span, tail = text[:start], text[start:end], text[end:]
    pieces = []
    for number, line in enumerate(span.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        if number:
            pieces.append("\n")
        if line.strip():
            pieces.append(f":{HIGHLIGHT}[{escape_markdown(line).strip()}]")
    marked = "".join(pieces).replace("\n", "  \n")
    # Head and tail are escaped apart from the span so the directive's brackets stay markup.
    head_md = escape_markdown(head)
    before = head + span
    tail_md = escape_markdown(tail, line_start=not before or before.endswith("\n"))
    return head_md + marked + tail_md


def is_web_url(url: str) -> bool:
    """True for absolute http(s) URLs with a host: the only links the app makes clickable."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(
        ch.isspace() or ord(ch) < 32 for ch in url.strip())


def render_link(url: str, *, label: str = "Open the original", key: str) -> None:
    """An http(s) URL as a link button; anything else (javascript:, data:, …) as plain code."""
    if not url:
        return
    if is_web_url(url):
        st.link_button(label, url.strip(), key=key)
        st.code(url, language=None, wrap_lines=True)
    else:
        st.caption("Link (not a web address, shown as text):")
        st.code(url, language=None, wrap_lines=True)


def inline_fields(fields: Sequence[tuple[str, str]]) -> str:
    """``**Label:** value · …`` with every value escaped (labels are ours, values are not)."""
    return " · ".join(f"**{label}:** {escape_inline(value) or '—'}" for label, value in fields)


def badge_color(rating_value: float | None, best: float | None, worst: float | None) -> str:
    """A colour for a rating: green near the best, red near the worst, gray when not ordinal."""
    if rating_value is None or best is None or worst is None or best == worst:
        return "gray"
    position = (rating_value - worst) / (best - worst)
    if position >= 0.7:
        return "green"
    if position > 0.3:
        return "orange"
    return "red"


def badge_markdown(label: str, color: str) -> str:
    """A coloured badge directive around an escaped label."""
    return f":{color}-badge[{escape_inline(label)}]"
