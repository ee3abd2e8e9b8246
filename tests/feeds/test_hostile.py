"""Malformed, empty and hostile feeds cost nothing stored; refused redirects; backoff; host cap."""

from __future__ import annotations

import io
import time
from datetime import UTC, datetime, timedelta

import feedparser
import pytest

from factcheck.errors import InputError
from factcheck.feeds.fetching import HostLimiter, backoff_minutes, fetch, run_all
from factcheck.feeds.parse import html_to_text, parse_feed
from factcheck.fetch import FetchPolicy
from tests.feeds.site import page, rss, serve
from tests.fetch.localserver import Reply

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><link>http://127.0.0.1/x</link><guid>1</guid></item></channel></rss>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file://%s">]>
<rss version="2.0"><channel><title>t &secret;</title>
<item><title>x &secret;</title><link>http://127.0.0.1/x</link><guid>1</guid></item></channel></rss>"""


def test_feedparser_itself_does_not_expand_recursive_or_external_entities(tmp_path) -> None:
    """Our pre-check refuses entity declarations; this checks feedparser would not expand them either."""
    started = time.monotonic()
    result = feedparser.parse(io.BytesIO(BILLION_LAUGHS))
    assert time.monotonic() - started < 5
    assert "lollollol" not in str(result)
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    leaked = feedparser.parse(io.BytesIO(EXTERNAL_ENTITY % str(secret).encode()))
    assert "TOP-SECRET-VALUE" not in str(leaked)


@pytest.mark.parametrize(("data", "reason"), [
    (BILLION_LAUGHS, "declares XML entities"),
    (b"", "empty"),
    (b"<rss version='2.0'><channel><title>x</title><item><title>broken</ti", "not a well-formed"),
    (b"<!doctype html><html><body><p>not a feed</p></body></html>", "not"),
    (b"x" * 1001, "over the 1,000 byte limit"),
])
def test_parse_feed_refuses(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason) as info:
        parse_feed(data, url="http://feeds.example/x", max_bytes=1000)
    assert str(info.value).startswith("http://feeds.example/x: ")


def test_titles_are_plain_text() -> None:
    parsed = parse_feed(rss([{"title": "<script>alert('x')</script><img src=x onerror=alert(1)>Real <i>title</i>",
                              "guid": "1", "link": "http://example.org/a"}]), url="u", max_bytes=100_000)
    assert parsed.entries[0].title == "Real title"
    assert html_to_text("a<br>b<p>c</p>&amp;<style>x{}</style>") == "a\nb c\n&"
    assert html_to_text("\x1b[2J\x1b]0;owned\x07Title &#27;[31m\u202egnp.exe") == "[2J]0;ownedTitle [31mgnp.exe"


def test_bad_feeds_store_nothing_and_do_not_stop_the_others(server, feed_ws) -> None:
    serve(server, "/good-page", page("d", title="Harbour bridge closes"))
    good = feed_ws.add_feed(serve(server, "/good.xml", Reply(200, rss([
        {"title": "Bridge closes", "guid": "g1", "link": server.url("/good-page")}]))))
    entity = feed_ws.add_feed(serve(server, "/laughs.xml", Reply(200, BILLION_LAUGHS)), name="Laughs")
    broken = feed_ws.add_feed(serve(server, "/broken.xml", Reply(200, b"<rss><channel><item><title>x</ti")))
    huge_body = rss([{"title": "t", "guid": str(i), "link": f"http://127.0.0.1/{i}"} for i in range(4000)])
    assert len(huge_body) > 200_000
    huge = feed_ws.add_feed(serve(server, "/huge.xml", Reply(200, huge_body)))
    streamed = feed_ws.add_feed(serve(server, "/streamed.xml", Reply(200, huge_body, content_length=False)))
    empty = feed_ws.add_feed(serve(server, "/empty.xml", Reply(200, b"")))
    none = feed_ws.add_feed(serve(server, "/none.xml", Reply(200, rss([]))))
    server.routes["/moved.xml"] = [Reply.redirect("http://10.20.30.40/feed.xml")]
    moved = feed_ws.add_feed(server.url("/moved.xml"))

    report = feed_ws.poll_feeds()
    status = {f.feed_id: (f.status, f.message) for f in report.feeds}
    assert status[good.id] == ("ok", "rss20: 1 entries, 1 new")
    assert status[none.id] == ("ok", "rss20: 0 entries, 0 new")
    assert "declares XML entities" in status[entity.id][1]
    assert "not a well-formed RSS or Atom feed" in status[broken.id][1]
    assert "body larger than 200 kB" in status[huge.id][1]
    assert "body larger than 200 kB" in status[streamed.id][1]
    assert "the feed is empty" in status[empty.id][1]
    assert "10.20.30.40" in status[moved.id][1] and "a private address; refused" in status[moved.id][1]
    assert {f.feed_id for f in report.failed} == {entity.id, broken.id, huge.id, streamed.id, empty.id, moved.id}
    assert not any(s.path == "/feed.xml" for s in server.seen)  # the private address was never contacted
    # Only the good feed's article is stored; the failures left no entries behind.
    assert [a.title for a in feed_ws.articles()] == ["Bridge closes"]
    for feed in (entity, broken, huge, streamed, empty, moved):
        assert feed_ws.store.feed_entries(feed.id) == []
    stored = {f.id: f for f in feed_ws.list_feeds()}
    assert stored[moved.id].last_status == "failed" and stored[moved.id].failures == 1
    assert "next try in 60 min" in stored[moved.id].last_message


def test_entry_page_redirected_to_a_private_address_falls_back_to_the_summary(server, feed_ws) -> None:
    server.routes["/story"] = [Reply.redirect("http://169.254.169.254/latest/meta-data/")]
    feed_ws.add_feed(serve(server, "/f.xml", Reply(200, rss([
        {"title": "Story", "guid": "s1", "link": server.url("/story"), "pubDate": "Mon, 04 Nov 2019 10:00:00 GMT",
         "description": "The minister said the tax would raise 15 million a year for river clean-up."}]))))
    report = feed_ws.poll_feeds()
    assert not report.failed
    article = feed_ws.articles()[0]
    assert article.text == "The minister said the tax would raise 15 million a year for river clean-up."
    assert "cloud metadata address; refused" in article.provenance["text"]
    assert (article.published, article.published_precision) == ("2019-11-04", "day")


def test_entry_without_page_or_summary_fails_and_is_retried(server, feed_ws) -> None:
    server.routes["/gone"] = [Reply(404, b"no")]
    feed = feed_ws.add_feed(serve(server, "/f.xml", Reply(200, rss([
        {"title": "Gone", "guid": "x1", "link": server.url("/gone")}]))))
    first = feed_ws.poll_feeds()
    entry = first.feeds[0].entries[0]
    assert (entry.status, first.feeds[0].status) == ("failed", "ok")
    assert "HTTP 404" in entry.message and "no content or summary" in entry.message
    serve(server, "/gone", page("a", title="Back"))
    second = feed_ws.poll_feeds(force=True)
    assert [e.status for e in second.feeds[0].entries] == ["new"]
    assert [e.status for e in feed_ws.store.feed_entries(feed.id)] == ["new"]


def test_backoff_grows_honours_retry_after_and_resets(server, feed_ws) -> None:
    server.routes["/flaky.xml"] = [Reply(503, b"busy"), Reply(503, b"busy"),
                                   Reply(429, b"slow down", {"Retry-After": "7200"}), Reply(200, rss([]))]
    feed = feed_ws.add_feed(server.url("/flaky.xml"), every_minutes=10)
    now = datetime(2030, 1, 1, tzinfo=UTC)
    for minutes in (10, 20, 120):
        report = feed_ws.poll_feeds(force=True, now=now)
        assert report.failed[0].feed_id == feed.id
        stored = feed_ws.store.get_feed(feed.id)
        assert stored.next_poll_at == (now + timedelta(minutes=minutes)).isoformat(timespec="microseconds")
        assert feed_ws.store.due_feeds((now + timedelta(minutes=minutes - 1)).isoformat()) == []
    assert stored.failures == 3 and "HTTP 429" in stored.last_message
    feed_ws.poll_feeds(force=True, now=now)
    stored = feed_ws.store.get_feed(feed.id)
    assert (stored.failures, stored.last_status) == (0, "ok")
    assert backoff_minutes(60, 10, 1440) == 1440


def test_per_host_cap_holds(server) -> None:
    server.routes["/slow"] = [Reply(200, b"x" * 20, trickle_s=0.02)]
    policy = FetchPolicy(timeout_s=10, max_bytes=1000, allowlist=("127.0.0.1",))
    limiter = HostLimiter(2)
    results = run_all(lambda _: fetch(server.url("/slow"), policy, limiter), list(range(6)), 6)
    assert all(r.document is not None and r.document.body == b"x" * 20 for r in results)
    assert limiter.peak == {"127.0.0.1": 2}
