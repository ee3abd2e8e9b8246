"""Wikipedia through the MediaWiki Action API: search, then plain-text extracts of the top pages."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import quote

from factcheck.errors import FetchError
from factcheck.sources.providers.base import ProviderHTTP, ProviderResult

MAX_EXTRACT_CHARS = 60_000  # a whole long article is more than a reviewer needs


class WikipediaProvider:
    """``list=search`` for the query, then ``prop=extracts&explaintext=1`` per top page."""

    name = "wikipedia"

    def __init__(self, http: ProviderHTTP, *, language: str = "en", api_url: str = "") -> None:
        if not language.replace("-", "").isalnum():
            raise ValueError(f"invalid Wikipedia language code {language!r} (e.g. en, de, pt-br)")
        self.http = http
        self.language = language
        self.api_url = api_url or f"https://{language}.wikipedia.org/w/api.php"

    def search(self, query: str, *, limit: int) -> list[ProviderResult]:
        deadline = time.monotonic() + self.http.deadline_s
        data = self.http.get_json(self.name, self.api_url, {
            "action": "query", "list": "search", "srsearch": query[:300], "srlimit": max(1, limit),
            "srprop": "snippet", "format": "json", "formatversion": 2, "utf8": 1,
        }, deadline=deadline)
        titles = [str(hit["title"]) for hit in _get(data, "query", "search") if isinstance(hit, dict) and hit.get("title")]
        results = []
        for title in titles[:limit]:
            page = self._page(title, deadline)
            if page is not None:
                results.append(page)
        return results

    def _page(self, title: str, deadline: float) -> ProviderResult | None:
        data = self.http.get_json(self.name, self.api_url, {
            "action": "query", "prop": "extracts|info", "explaintext": 1, "inprop": "url",
            "redirects": 1, "titles": title, "format": "json", "formatversion": 2, "utf8": 1,
        }, deadline=deadline)
        for page in _get(data, "query", "pages"):
            if not isinstance(page, dict) or page.get("missing") or not str(page.get("extract", "")).strip():
                continue
            name = str(page.get("title", title))
            url = str(page.get("fullurl") or "") or (
                f"https://{self.language}.wikipedia.org/wiki/{quote(name.replace(' ', '_'))}")
            return ProviderResult(title=name, url=url, text=str(page["extract"])[:MAX_EXTRACT_CHARS].strip(),
                                  publisher=f"Wikipedia ({self.language})",
                                  published=str(page.get("touched", ""))[:10], kind="encyclopedia")
        return None


def _get(data: Any, *path: str) -> list[Any]:
    """A list at ``data[path...]``; a differently shaped answer is a FetchError, not a crash."""
    node = data
    for key in path:
        if not isinstance(node, dict) or key not in node:
            if isinstance(node, dict) and "error" in node:
                error = node["error"]
                info = error.get("info", error) if isinstance(error, dict) else error
                raise FetchError(f"Wikipedia API error: {info}")
            if key == path[-1] and isinstance(node, dict):
                return []
            raise FetchError(f"Wikipedia API answer has no {'.'.join(path)} (unexpected shape)")
        node = node[key]
    if not isinstance(node, list):
        raise FetchError(f"Wikipedia API answer: {'.'.join(path)} is not a list")
    return node
