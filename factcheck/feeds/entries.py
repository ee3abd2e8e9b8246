"""One feed entry (and its fetched page, when it came) to an article input with honest metadata."""

from __future__ import annotations

from dataclasses import replace

from factcheck.dates import DatedValue, choose, date_from_url, parse_date
from factcheck.errors import InputError
from factcheck.feeds.fetching import Fetched
from factcheck.feeds.records import Feed, FeedEntry
from factcheck.feeds.urls import normalize_url
from factcheck.ingest import ArticleInput, from_bytes


def entry_article(feed: Feed, entry: FeedEntry, page: Fetched | None) -> ArticleInput:
    """The article for an entry: the page's extracted text, else the entry's content or summary.

    Metadata: the feed's headline, the page's author and outlet (else the entry's and the feed's),
    the page's own date metadata, else the entry's date, else what the URL spells out. Every field
    says where it came from. Raises InputError when neither the page nor the entry has text.
    """
    page_error = ""
    article: ArticleInput | None = None
    if page is not None and page.document is not None:
        doc = page.document
        try:
            article = from_bytes(entry.link, doc.body, filename=doc.final_url.rsplit("/", 1)[-1],
                                 content_type=doc.content_type, url=doc.final_url)
        except InputError as exc:
            page_error = str(exc)
    elif page is not None:
        page_error = page.error
    if article is not None:
        provenance = {**article.provenance, "text": "article page"}
        url = normalize_url(article.url) or article.url
    elif entry.summary.strip():
        provenance = {"text": f"feed entry content/summary (the page failed: {page_error})"
                      if page_error else "feed entry content/summary"}
        url = normalize_url(entry.link) or entry.link
        article = ArticleInput(label=entry.link or entry.entry_id, text=entry.summary)
    else:
        reason = page_error or "the entry has no link"
        raise InputError(f"{entry.link or entry.entry_id}: {reason}; the entry has no content or summary "
                         "to fall back on")
    fetched_page = not page_error and page is not None and page.document is not None
    provenance["url"] = ("article page (final URL, tracking parameters removed)" if fetched_page
                         else "feed entry link (tracking parameters removed)")
    title, author, outlet = article.title, article.author, article.outlet
    if entry.title:
        title, provenance["title"] = entry.title, "feed entry"
    if not author and entry.author:
        author, provenance["author"] = entry.author, "feed entry"
    if outlet and _is_host_name(outlet, url):
        outlet = ""  # the extractor names the site after its host when the page does not say
    if not outlet and (feed.title or feed.name):
        outlet = feed.title or feed.name
        provenance["outlet"] = "feed title" if feed.title else "feed name (given when it was added)"
    for name, value in (("title", title), ("author", author), ("outlet", outlet)):
        if not value:
            provenance.pop(name, None)
    published = _published(article, entry, url)
    if published is None:
        provenance.pop("published", None)
    else:
        provenance["published"] = published.source
    return replace(article, title=title, author=author, outlet=outlet, url=url,
                   published=published.iso if published else "",
                   published_precision=published.precision if published else "",
                   provenance=provenance)


def _is_host_name(outlet: str, url: str) -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    hosts = {parts.netloc.lower(), (parts.hostname or "").lower()}
    return outlet.lower().removeprefix("www.") in {h.removeprefix("www.") for h in hosts if h}


def _published(article: ArticleInput, entry: FeedEntry, url: str) -> DatedValue | None:
    """The page's own metadata first, then the feed entry, then the page's weaker witnesses."""
    page = None
    parsed = parse_date(article.published) if article.published else None
    if parsed is not None:
        page = DatedValue(parsed, article.provenance.get("published", "page"))
    if page is not None and page.source.startswith("page metadata"):
        return choose([page, entry.published])
    from_url = date_from_url(url)
    return choose([entry.published, page, DatedValue(from_url, "url") if from_url else None])
