"""Polling feeds from a real server on 127.0.0.1: articles, metadata, dedup, 304, failures."""

from __future__ import annotations

from factcheck.feeds.urls import normalize_url
from factcheck.queue import QueueFilters
from tests.feeds.site import Versioned, atom, page, rss, serve
from tests.fetch.localserver import Reply

MEASLES_SUMMARY = ("<p>The health ministry reported 312 new cases of measles this year.</p>"
                   "<p>\u201cVaccination rates have dropped below 90 percent,\u201d said Dr. Lee Park.</p>")


def build_site(server):
    """Pages a, b, d; c fails; an RSS feed (a, b, c) and an Atom feed (a again, b's twin, d)."""
    serve(server, "/news/bus-expansion", page(
        "a", title="Council expands bus network",
        head="<meta property='article:published_time' content='2019-10-30T09:00:00-04:00'>"
             "<meta name='author' content='Jo Writer'><meta property='og:site_name' content='The Daily Test'>"))
    serve(server, "/factchecks/2019/oct/31/jobs-claim/", page("b", title="Jobs claim"))
    serve(server, "/mirror/jobs", page("b", title="Jobs claim"))  # the same text at another URL
    serve(server, "/archive/2018/harbour-bridge", page("d", title="Harbour bridge closes"))
    server.routes["/news/measles"] = [Reply(500, b"broken")]
    rss_feed = Versioned(rss([
        {"title": "Council expands <b>bus</b> network", "guid": "a-1", "author": "Jo Writer",
         "link": server.url("/news/bus-expansion?utm_source=rss&utm_medium=feed"),
         "pubDate": "Wed, 30 Oct 2019 23:30:00 -0400"},
        {"title": "<script>alert(1)</script>Jobs claim checked", "guid": "b-1",
         "link": server.url("/factchecks/2019/oct/31/jobs-claim/")},
        {"title": "Measles cases rise", "guid": "c-1", "link": server.url("/news/measles"),
         "pubDate": "Fri, 01 Nov 2019 08:00:00 GMT", "description": MEASLES_SUMMARY},
    ]))
    atom_feed = Versioned(atom([
        {"title": "Bus network grows", "id": "urn:wire:1",
         "link": server.url("/news/bus-expansion?fbclid=XYZ&gclid=1")},
        {"title": "Jobs figure checked", "id": "urn:wire:2", "link": server.url("/mirror/jobs"),
         "published": "2019-10-31T12:00:00Z"},
        {"title": "Harbour bridge to close", "id": "urn:wire:3",
         "link": server.url("/archive/2018/harbour-bridge")},
    ]), etag='"w1"', content_type="application/atom+xml")
    return serve(server, "/rss.xml", rss_feed), rss_feed, serve(server, "/atom.xml", atom_feed), atom_feed


def metadata(ws):
    return [(a.title, a.author, a.outlet, a.url, a.published, a.published_precision, a.provenance)
            for a in ws.articles()]


def test_two_feeds_poll_304_and_a_new_entry(server, feed_ws) -> None:
    rss_url, rss_feed, atom_url, atom_feed = build_site(server)
    daily = feed_ws.add_feed(rss_url, name="Daily", every_minutes=30)
    wire = feed_ws.add_feed(atom_url)
    base = server.base

    report = feed_ws.poll_feeds()
    assert not report.failed
    by_feed = {f.feed_id: f for f in report.feeds}
    assert [(e.entry_id, e.status) for e in by_feed[daily.id].entries] == [
        ("a-1", "new"), ("b-1", "new"), ("c-1", "new")]
    assert [(e.entry_id, e.status, e.article_id) for e in by_feed[wire.id].entries] == [
        ("urn:wire:1", "duplicate", 1), ("urn:wire:2", "duplicate", 2), ("urn:wire:3", "new", 4)]
    assert by_feed[wire.id].entries[0].message == "already stored as article 1 (same URL)"
    assert by_feed[wire.id].entries[1].message == "already stored as article 2 (same text)"

    page_url = "article page (final URL, tracking parameters removed)"
    assert metadata(feed_ws) == [
        ("Council expands bus network", "Jo Writer", "The Daily Test", f"{base}/news/bus-expansion",
         "2019-10-30", "day",
         {"title": "feed entry", "author": "page", "outlet": "page", "text": "article page", "url": page_url,
          "published": "page metadata (article:published_time)"}),
        ("Jobs claim checked", "", "The Daily Test", f"{base}/factchecks/2019/oct/31/jobs-claim/",
         "2019-10-31", "day",
         {"title": "feed entry", "outlet": "feed title", "text": "article page", "url": page_url,
          "published": "url"}),
        ("Measles cases rise", "", "The Daily Test", f"{base}/news/measles", "2019-11-01", "day",
         {"title": "feed entry", "outlet": "feed title", "url": "feed entry link (tracking parameters removed)",
          "text": f"feed entry content/summary (the page failed: {base}/news/measles: HTTP 500 Internal Server Error)",
          "published": "feed entry (published / pubDate)"}),
        ("Harbour bridge to close", "", "Wire Service", f"{base}/archive/2018/harbour-bridge", "2018", "year",
         {"title": "feed entry", "outlet": "feed title", "text": "article page", "url": page_url,
          "published": "url"}),
    ]
    measles = feed_ws.articles()[2]
    assert measles.text == ("The health ministry reported 312 new cases of measles this year.\n"
                            "\u201cVaccination rates have dropped below 90 percent,\u201d said Dr. Lee Park.")
    assert all(feed_ws.claims(article_id=a.id) for a in feed_ws.articles())  # segmented and stored
    assert len(feed_ws.claim_index) == feed_ws.stats().claims  # embedded and indexed

    # Second poll: both feeds answer 304 to the stored validators; nothing is fetched again.
    before = len(server.seen)
    again = feed_ws.poll_feeds(force=True)
    assert [f.status for f in again.feeds] == ["not modified", "not modified"]
    assert (rss_feed.answers, atom_feed.answers) == ([200, 304], [200, 304])
    assert len(server.seen) == before + 2
    last_atom = [s for s in server.seen if s.path == "/atom.xml"][-1]  # the feeds are fetched concurrently
    assert last_atom.headers["if-none-match"] == '"w1"'
    assert last_atom.headers["if-modified-since"] == "Wed, 01 May 2024 10:00:00 GMT"

    # Not due yet: a plain poll does nothing.
    assert feed_ws.poll_feeds().feeds == ()

    # A new entry appears (new ETag): only it is fetched and ingested.
    serve(server, "/news/water-tax", page("e", title="Farmers protest water tax", byline="By Kim Lo, Nov. 4, 2019"))
    rss_feed.update(rss([
        {"title": "Farmers protest water tax", "guid": "e-1", "link": server.url("/news/water-tax")},
        {"title": "Council expands bus network", "guid": "a-1",
         "link": server.url("/news/bus-expansion?utm_source=rss")},
    ]), '"v2"')
    third = feed_ws.poll_feeds(force=True)
    daily_outcome = next(f for f in third.feeds if f.feed_id == daily.id)
    assert [(e.entry_id, e.status) for e in daily_outcome.entries] == [("e-1", "new"), ("a-1", "unchanged")]
    water = feed_ws.articles()[-1]
    assert (water.title, water.published, water.published_precision, water.provenance["published"]) == (
        "Farmers protest water tax", "2019-11-04", "day", "byline")
    assert len(feed_ws.articles()) == 5
    stored = feed_ws.list_feeds()
    assert [(f.last_status, f.failures, f.etag) for f in stored] == [("ok", 0, '"v2"'), ("not modified", 0, '"w1"')]
    assert stored[0].title == "The Daily Test" and stored[0].last_message == "rss20: 2 entries, 1 new"


def test_new_articles_enter_the_review_queue(server, feed_ws) -> None:
    serve(server, "/p", page("c", title="Measles"))
    feed_ws.add_feed(serve(server, "/f.xml", Reply(200, rss([{"title": "Measles", "guid": "1",
                                                            "link": server.url("/p")}]))))
    assert feed_ws.review_queue().total == 0
    feed_ws.poll_feeds()
    claims = feed_ws.claims(article_id=1)
    everything = feed_ws.review_queue(QueueFilters(min_confidence=0.0))
    assert claims and everything.total == len(claims)
    assert set(everything.claim_ids) == {c.id for c in claims}
    # the default queue hides only the attributions below min_confidence
    shown = set(feed_ws.review_queue().claim_ids)
    assert shown and shown <= set(everything.claim_ids)


def test_normalize_url_strips_tracking() -> None:
    assert normalize_url("HTTP://Example.ORG:80/a/b?utm_source=x&b=2&fbclid=1&a=1&gclid=z#frag") == \
        "http://example.org/a/b?a=1&b=2"
    assert normalize_url("https://example.org") == "https://example.org/"
    assert normalize_url("https://example.org:8443/x?mc_cid=1") == "https://example.org:8443/x"
    assert normalize_url("javascript:alert(1)") == ""


def test_entries_over_the_per_poll_limit_wait_for_the_next_poll(server, feed_ws) -> None:
    feed_ws.settings = feed_ws.settings.with_overrides(feed_max_new_entries=1)
    serve(server, "/one", page("a", title="One"))
    serve(server, "/two", page("b", title="Two"))
    versioned = Versioned(rss([{"title": "One", "guid": "1", "link": server.url("/one")},
                               {"title": "Two", "guid": "2", "link": server.url("/two")}]))
    feed = feed_ws.add_feed(serve(server, "/f.xml", versioned))
    first = feed_ws.poll_feeds()
    assert [e.status for e in first.feeds[0].entries] == ["new", "deferred"]
    assert feed_ws.store.get_feed(feed.id).etag == ""  # validators not kept: the feed is read again
    second = feed_ws.poll_feeds(force=True)
    assert versioned.answers == [200, 200]
    assert [e.status for e in second.feeds[0].entries] == ["unchanged", "new"]
    assert feed_ws.store.get_feed(feed.id).etag == '"v1"'
    assert [a.title for a in feed_ws.articles()] == ["One", "Two"]
