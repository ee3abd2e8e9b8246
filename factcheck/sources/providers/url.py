"""A URL the reviewer pastes, fetched through the safe fetcher and archived as a source."""

from __future__ import annotations

from factcheck.documents import extract_document
from factcheck.errors import InputError
from factcheck.fetch import FetchPolicy, fetch_url
from factcheck.sources.providers.base import ProviderResult


class UrlProvider:
    """``search`` takes the URL itself as the query and returns that one page."""

    name = "url"

    def __init__(self, policy: FetchPolicy) -> None:
        self.policy = policy

    def search(self, query: str, *, limit: int = 1) -> list[ProviderResult]:
        url = query.strip()
        if "://" not in url:
            raise InputError(f"{url!r} is not a URL; paste an address starting with https://")
        fetched = fetch_url(url, self.policy)
        name = fetched.final_url.rsplit("/", 1)[-1].split("?", 1)[0]
        doc = extract_document(fetched.body, filename=name, content_type=fetched.content_type)
        return [ProviderResult(title=doc.title or fetched.final_url, url=doc.url or fetched.final_url,
                               text=doc.text, publisher=doc.outlet, published=doc.published)]
