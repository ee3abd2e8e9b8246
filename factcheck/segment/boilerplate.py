"""Page boilerplate (ad breaks, "Read more" links, photo credits, share prompts): never items.

The table below is what the segmenter blanks out before it looks for quotes and statements. Each
entry is ``(name, pattern, scope)``: ``line`` patterns must match a whole line (leading/trailing
blanks aside), ``inline`` patterns are removed wherever they occur. Every line comes from a real
page: the Gender Gap Tracker dev articles (Globe and Mail, Global News, CBC, Toronto Star, HuffPost).

Blanking replaces the characters with spaces, so every offset into the article stays valid.
"""

from __future__ import annotations

import re
from typing import Literal

Scope = Literal["line", "inline"]

BOILERPLATE: tuple[tuple[str, str, Scope], ...] = (
    # "Story continues below advertisement" (Globe and Mail, Global News; 58 times in GGT dev)
    ("ad-break", r"story continues below(?: advertisement)?\.?", "inline"),
    ("ad-break-star", r"article continued below\.?", "line"),
    ("advertisement", r"advertisement\.?", "line"),
    # "READ MORE: Alberta proposes 8 new Rocky Mountain parks …" / "Read more about:" / "Also on HuffPost:"
    ("read-more", r"(?:read more|related|more on this|also on [\w .]+?)(?: about)?\s*[:|].*", "line"),
    # "WATCH: ‘No magic pill’ – Toronto’s police chief …" / "WATCH | Highlights …" / "WATCH (Aired Sept. 18, 2007): …"
    ("watch", r"watch(?: \([^)]*\))?\s*[:|].*", "line"),
    # "Open this photo in gallery Conservative Leader Andrew Scheer. Jacques Boissinot/The Canadian Press."
    ("photo-gallery", r"open this photo in gallery\b.*", "line"),
    # trailing photo credit: "… to share responsibility. (Steve Lawrence/CBC)"
    ("photo-credit", r"\((?:photo:?\s*)?[A-Z][\w.'’ -]{1,40}/[A-Z][\w.'’ &-]{1,40}\)", "inline"),
    ("photo-line", r"(?:photo|file photo|photograph|image)s?(?: credit)?\s*:.*", "line"),
    # "• Email: bplatt@postmedia.com | Twitter: btaplatt"
    ("contact-line", r"[•\-]?\s*email:\s*\S+@\S+.*", "line"),
    # "If you have a story about benzodiazepines you want to share, contact richard.cuthbertson@cbc.ca"
    ("tips", r"if you have (?:a story|information|a tip)\b.*\b(?:contact|email)\b.*", "line"),
    # subscription and share prompts
    ("subscribe", r"(?:click here to|sign up (?:for|to)|subscribe to)\b.*", "line"),
    ("share", r"(?:share (?:this|on)(?: story| article)?|share via\b|follow (?:us|\w+) on (?:twitter|facebook|instagram))\b.*",
     "line"),
    ("byline-cp", r"[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}, the canadian press", "line"),
)

_FLAGS = re.IGNORECASE
_LINE = [(name, re.compile(r"[ \t]*" + pat + r"[ \t]*", _FLAGS)) for name, pat, scope in BOILERPLATE if scope == "line"]
_INLINE = [(name, re.compile(pat, _FLAGS if name != "photo-credit" else 0))
           for name, pat, scope in BOILERPLATE if scope == "inline"]
_LINES = re.compile(r"[^\n]+")


def boilerplate_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, name)`` of every boilerplate stretch in ``text``, sorted by start."""
    spans: list[tuple[int, int, str]] = []
    for line in _LINES.finditer(text):
        body = line.group(0)
        for name, pat in _LINE:
            if pat.fullmatch(body):
                spans.append((line.start(), line.end(), name))
                break
    for name, pat in _INLINE:
        spans.extend((m.start(), m.end(), name) for m in pat.finditer(text))
    return sorted(spans)


def blank_boilerplate(text: str) -> str:
    """``text`` with boilerplate replaced by spaces (same length, so offsets stay valid)."""
    spans = boilerplate_spans(text)
    if not spans:
        return text
    chars = list(text)
    for start, end, _ in spans:
        for k in range(start, end):
            if chars[k] != "\n":
                chars[k] = " "
    return "".join(chars)
