"""Safe rendering helpers: every Markdown/LaTeX/HTML character escaped, highlight offsets exact."""

from __future__ import annotations

import re
import string

from hypothesis import given
from hypothesis import strategies as st

from ui.render import (
    HIGHLIGHT,
    WORD_JOINER,
    context_window,
    escape_inline,
    escape_markdown,
    highlighted_markdown,
    is_web_url,
)

HOSTILE = ("[click](http://127.0.0.1:9/x) ![img](http://127.0.0.1:9/p.png) <script>alert(1)</script> "
           "<img src=x onerror=alert(1)> $\\frac{a}{b}$ **bold** _it_ `code` # h | t | ~~s~~ "
           ":orange[x] :material/home: &amp; www.example.org javascript:alert(1)")


DIRECTIVE = ":" + HIGHLIGHT + r"\[((?:\\.|[^\\\]])*)\]"


def unescape(markdown: str) -> str:
    """Invert escape_markdown: drop the backslashes and the hard-break spaces."""
    text = markdown.replace("  \n", "\n").replace(WORD_JOINER, "")
    return re.sub("\\\\([" + re.escape(string.punctuation) + "])", r"\1", text)


def bare_punctuation(markdown: str) -> list[str]:
    """Punctuation characters not preceded by an escaping backslash."""
    bare, i = [], 0
    while i < len(markdown):
        if markdown[i] == "\\":
            i += 2
            continue
        if markdown[i] in string.punctuation:
            bare.append(markdown[i])
        i += 1
    return bare


def test_every_special_character_is_escaped():
    escaped = escape_markdown(HOSTILE)
    assert bare_punctuation(escaped) == []
    assert unescape(escaped) == HOSTILE


def test_lines_are_kept_and_indentation_cannot_start_a_code_block():
    text = "first line\n        indented code?\n\n1. not a list\n- not a bullet\n==="
    escaped = escape_markdown(text)
    assert "  \n" in escaped
    assert "\n    " not in escaped
    assert "1\\." in escaped and "\\-" in escaped and "\\=\\=\\=" in escaped


def test_bare_urls_and_addresses_cannot_autolink():
    escaped = escape_markdown("see http://a.example/x, www.b.example and c@d.example")
    assert "http:" not in escaped and "www." not in escaped and "c@" not in escaped
    assert unescape(escaped) == "see http://a.example/x, www.b.example and c@d.example"


def test_inline_escape_is_one_line():
    assert "\n" not in escape_inline("a\nb\n\nc [x](y)")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80), st.data())
def test_highlight_wraps_exactly_the_span(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    markdown = highlighted_markdown(text, start, end)
    # Every directive opens a highlighted piece of the span; nothing outside the span is marked.
    marked = re.findall(DIRECTIVE, markdown)
    inside = "".join(unescape(m) for m in marked)
    assert inside == "".join(line.strip() for line in text[start:end].replace("\r", "\n").split("\n"))
    unmarked = re.sub(DIRECTIVE, "", markdown)
    assert ":" + HIGHLIGHT not in unmarked


def test_highlight_of_a_claim_in_an_article():
    article = "Title\nHe said \"we [will] win $5\" today.\nNext paragraph."
    start = article.index('"')
    end = article.index(" today")
    markdown = highlighted_markdown(article, start, end)
    assert f':{HIGHLIGHT}[\\"we \\[will\\] win \\$5\\"]' in markdown
    assert markdown.startswith("Title  \nHe said ")
    assert markdown.endswith(" today\\.  \nNext paragraph\\.")


def test_context_window_holds_neighbouring_paragraphs_and_exact_offsets():
    article = "one\n\ntwo\nthree has the claim here\nfour\nfive"
    start = article.index("the claim")
    end = start + len("the claim")
    window = context_window(article, start, end, paragraphs=1)
    assert window.text == "two\nthree has the claim here\nfour"
    assert window.text[window.start:window.end] == "the claim"
    assert article[window.offset + window.start:window.offset + window.end] == "the claim"
    assert window.before and window.after


def test_only_http_urls_are_links():
    assert is_web_url("https://example.org/a?b=c")
    assert is_web_url("http://127.0.0.1:8000/")
    for bad in ("javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "//evil.example",
                "https://", "ftp://example.org", "http://exa mple.org"):
        assert not is_web_url(bad), bad
