"""A scripted news site for the feed tests: RSS 2.0 and Atom feeds and their article pages."""

from __future__ import annotations

from html import escape

from tests.fetch.localserver import LocalServer, Reply, Seen

PARAGRAPHS = {
    "a": ("The city council voted on Tuesday to expand the bus network by twelve routes. "
          "\u201cThis is the largest expansion in thirty years,\u201d said Mayor Ana Ruiz. "
          "Critics said the plan would cost 40 million dollars more than promised."),
    "b": ("Unemployment in the region fell to 4.1 percent in October, the statistics office said. "
          "The governor claimed that 20,000 jobs were created since January. "
          "Economists cautioned that seasonal hiring explains part of the change."),
    "c": ("The health ministry reported 312 new cases of measles this year. "
          "\u201cVaccination rates have dropped below 90 percent,\u201d said Dr. Lee Park. "
          "Officials plan a campaign in schools next month."),
    "d": ("The old harbour bridge will close for repairs for six months, the port authority said. "
          "Ferry services will run every twenty minutes during the closure. "
          "Local shops fear losing customers while the bridge is closed."),
    "e": ("Farmers protested outside parliament on Monday against the new water tax. "
          "\u201cWe cannot pay twice for the same water,\u201d said union leader Tom Hale. "
          "The minister said the tax would raise 15 million a year for river clean-up."),
}


def page(key: str, *, title: str, head: str = "", byline: str = "") -> Reply:
    """An article page trafilatura extracts: several paragraphs, optional head metadata."""
    body = "".join(f"<p>{escape(PARAGRAPHS[key])} {escape(PARAGRAPHS[key])}</p>" for _ in range(3))
    html = (f"<!doctype html><html><head><title>{escape(title)}</title>{head}</head><body>"
            f"<nav><a href='/'>Home</a></nav><article><h1>{escape(title)}</h1>"
            f"{f'<p class=byline>{escape(byline)}</p>' if byline else ''}{body}</article>"
            "<footer>Copyright The Daily Test</footer></body></html>")
    return Reply(200, html.encode("utf-8"), {"Content-Type": "text/html; charset=utf-8"})


def rss(items: list[dict[str, str]], *, title: str = "The Daily Test") -> bytes:
    parts = []
    for item in items:
        fields = "".join(f"<{k}>{escape(v)}</{k}>" for k, v in item.items() if k != "author")
        if "author" in item:
            fields += f"<dc:creator>{escape(item['author'])}</dc:creator>"
        parts.append(f"<item>{fields}</item>")
    return ("<?xml version='1.0' encoding='utf-8'?>"
            "<rss version='2.0' xmlns:dc='http://purl.org/dc/elements/1.1/'><channel>"
            f"<title>{escape(title)}</title><link>http://example.org/</link><description>d</description>"
            f"{''.join(parts)}</channel></rss>").encode()


def atom(entries: list[dict[str, str]], *, title: str = "Wire Service") -> bytes:
    parts = []
    for e in entries:
        extra = f"<published>{e['published']}</published>" if "published" in e else ""
        parts.append(f"<entry><title>{escape(e['title'])}</title><id>{escape(e['id'])}</id>"
                     f"<link href='{escape(e['link'])}'/>{extra}<updated>2024-05-01T00:00:00Z</updated>"
                     f"<summary>{escape(e.get('summary', ''))}</summary></entry>")
    return ("<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            f"<title>{escape(title)}</title><id>urn:wire</id><updated>2024-05-01T00:00:00Z</updated>"
            f"{''.join(parts)}</feed>").encode()


class Versioned:
    """A feed served with an ETag: 304 when the client already has the current version."""

    def __init__(self, body: bytes, etag: str = '"v1"', content_type: str = "application/rss+xml") -> None:
        self.body, self.etag, self.content_type = body, etag, content_type
        self.answers: list[int] = []

    def update(self, body: bytes, etag: str) -> None:
        self.body, self.etag = body, etag

    def __call__(self, seen: Seen) -> Reply:
        if seen.headers.get("if-none-match") == self.etag:
            self.answers.append(304)
            return Reply(304, b"", {"ETag": self.etag})
        self.answers.append(200)
        return Reply(200, self.body, {"Content-Type": self.content_type, "ETag": self.etag,
                                      "Last-Modified": "Wed, 01 May 2024 10:00:00 GMT"})


def serve(server: LocalServer, path: str, reply: Reply | Versioned) -> str:
    server.routes[path] = reply if callable(reply) else [reply]
    return server.url(path)
