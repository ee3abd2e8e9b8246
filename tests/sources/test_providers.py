"""Providers against a real local server shaped like the MediaWiki and Fact Check Tools APIs."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import pytest

from factcheck.errors import FetchError
from factcheck.fetch import FetchPolicy, FetchTimeoutError
from factcheck.sources.providers import ProviderHTTP
from factcheck.sources.providers.google_factcheck import GoogleFactCheckProvider
from factcheck.sources.providers.wikipedia import WikipediaProvider
from tests.fetch.localserver import LocalServer, Reply, Seen

API_KEY = "k3y-SECRET-123"
EXTRACTS = {
    "Unemployment in the United States": "Unemployment in the United States discusses the causes.\n"
    "In September 2019 the unemployment rate fell to 3.5 percent, the lowest since 1969.",
    "Chicago": "Chicago is the most populous city in Illinois.\nIt had 2.7 million residents in 2020.",
}


def wiki_api(seen: Seen) -> Reply:
    """Answers shaped like https://www.mediawiki.org/wiki/API:Search and API:Extracts (formatversion=2)."""
    q = {k: v[0] for k, v in seen.query.items()}
    if q.get("list") == "search":
        hits = [{"ns": 0, "title": t, "pageid": i, "snippet": "…"} for i, t in enumerate(EXTRACTS, 1)]
        return Reply.json({"batchcomplete": True, "query": {"searchinfo": {"totalhits": 2}, "search": hits}})
    if q.get("prop") == "extracts|info":
        title = q["titles"]
        return Reply.json({"batchcomplete": True, "query": {"pages": [{
            "pageid": 1, "ns": 0, "title": title, "extract": EXTRACTS[title], "touched": "2024-01-02T03:04:05Z",
            "fullurl": "https://en.wikipedia.org/wiki/" + title.replace(" ", "_")}]}})
    return Reply.json({"error": {"code": "badparams", "info": "unexpected"}})


def factcheck_api(seen: Seen) -> Reply:
    """Shaped like https://developers.google.com/fact-check/tools/api/reference/rest/v1alpha1/claims/search."""
    if seen.headers.get("x-goog-api-key") != API_KEY:
        return Reply.json({"error": {"code": 403, "message": "bad key"}}, status=403)
    return Reply.json({"claims": [{
        "text": "The unemployment rate is the lowest in 50 years.", "claimant": "Donald Trump",
        "claimDate": "2019-10-05T00:00:00Z",
        "claimReview": [{"publisher": {"name": "PolitiFact", "site": "politifact.com"},
                         "url": "https://www.politifact.com/factchecks/2019/oct/07/donald-trump/unemployment/",
                         "title": "Trump is right about unemployment", "reviewDate": "2019-10-07T00:00:00Z",
                         "textualRating": "Mostly True", "languageCode": "en"}]}],
        "nextPageToken": "abc"})


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        srv.routes["/w/api.php"] = wiki_api
        srv.routes["/v1alpha1/claims:search"] = factcheck_api
        yield srv


@pytest.fixture
def sleeps() -> list[float]:
    return []


def make_http(sleeps: list[float], deadline_s: float = 5.0, **kwargs) -> ProviderHTTP:
    policy = FetchPolicy(timeout_s=5.0, allowlist=("127.0.0.1",), user_agent="factcheck-tests/1")
    return ProviderHTTP(policy, deadline_s=deadline_s, sleep=sleeps.append, backoff_s=0.01, **kwargs)


class MemoryCache:
    def __init__(self) -> None:
        self.data: dict[tuple[str, str], str] = {}

    def provider_cache_get(self, provider: str, key: str) -> str | None:
        return self.data.get((provider, key))

    def provider_cache_put(self, provider: str, key: str, body: str, ttl_s: float) -> None:
        if ttl_s > 0:
            self.data[(provider, key)] = body


def test_wikipedia_search_then_extracts(server, sleeps) -> None:
    wiki = WikipediaProvider(make_http(sleeps), api_url=server.url("/w/api.php"))
    results = wiki.search("unemployment lowest since 1969", limit=2)
    assert [r.title for r in results] == list(EXTRACTS)
    assert results[0].text == EXTRACTS["Unemployment in the United States"]
    assert results[0].url == "https://en.wikipedia.org/wiki/Unemployment_in_the_United_States"
    assert results[0].kind == "encyclopedia" and results[0].published == "2024-01-02"
    first = server.seen[0].query
    assert first["list"] == ["search"] and first["srsearch"] == ["unemployment lowest since 1969"]
    assert server.seen[1].query["explaintext"] == ["1"]


def test_google_factcheck_results_carry_priors_and_hide_the_key(server, sleeps, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    cache = MemoryCache()
    provider = GoogleFactCheckProvider(make_http(sleeps, cache=cache), api_key=API_KEY,
                                       api_url=server.url("/v1alpha1/claims:search"))
    results = provider.search("unemployment lowest", limit=5)
    assert len(results) == 1
    prior = results[0].prior
    assert prior is not None
    assert prior.external_id == prior.review_url == "https://www.politifact.com/factchecks/2019/oct/07/donald-trump/unemployment/"
    assert (prior.rating, prior.reviewer, prior.claimant, prior.claim_date) == ("Mostly True", "PolitiFact", "Donald Trump", "2019-10-05")
    assert "Mostly True" in results[0].text and results[0].kind == "fact-check"
    assert API_KEY not in server.seen[0].path + str(server.seen[0].query)
    assert API_KEY not in caplog.text and API_KEY not in repr(provider)
    assert all(API_KEY not in key and API_KEY not in body for (_, key), body in cache.data.items())


def test_wrong_key_is_a_one_line_error(server, sleeps) -> None:
    provider = GoogleFactCheckProvider(make_http(sleeps), api_key="wrong",
                                       api_url=server.url("/v1alpha1/claims:search"))
    with pytest.raises(FetchError, match="HTTP 403") as info:
        provider.search("x", limit=1)
    assert "\n" not in str(info.value) and "wrong" not in str(info.value)


def test_cache_answers_repeated_calls(server, sleeps) -> None:
    cache = MemoryCache()
    http = make_http(sleeps, cache=cache)
    first = http.get_json("wikipedia", server.url("/w/api.php"), {"action": "query", "list": "search", "srsearch": "x"})
    again = http.get_json("wikipedia", server.url("/w/api.php"), {"srsearch": "x", "list": "search", "action": "query"})
    assert first == again and len(server.seen) == 1
    no_cache = make_http(sleeps, cache=cache, ttl_s=0)
    no_cache.get_json("wikipedia", server.url("/w/api.php"), {"action": "query", "list": "search", "srsearch": "y"})
    no_cache.get_json("wikipedia", server.url("/w/api.php"), {"action": "query", "list": "search", "srsearch": "y"})
    assert len(server.seen) == 3


def test_500_then_success_is_retried_with_backoff(server, sleeps) -> None:
    server.routes["/flaky"] = [Reply(500, b"oops"), Reply(503, b"busy"), Reply.json({"ok": 1})]
    assert make_http(sleeps).get_json("t", server.url("/flaky"), {}) == {"ok": 1}
    assert sleeps == [0.01, 0.02]


def test_429_waits_for_retry_after(server, sleeps) -> None:
    server.routes["/limited"] = [Reply(429, b"", {"Retry-After": "2"}), Reply.json({"ok": 1})]
    assert make_http(sleeps).get_json("t", server.url("/limited"), {}) == {"ok": 1}
    assert sleeps == [2.0]


def test_429_beyond_the_deadline_gives_up_at_once(server, sleeps) -> None:
    server.routes["/limited"] = [Reply(429, b"", {"Retry-After": "120"})]
    with pytest.raises(FetchError, match=r"rate limited \(HTTP 429, retry after 120s\)"):
        make_http(sleeps, deadline_s=3).get_json("t", server.url("/limited"), {})
    assert sleeps == []


def test_404_is_not_retried(server, sleeps) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        make_http(sleeps).get_json("t", server.url("/nothing"), {})
    assert sleeps == [] and len(server.seen) == 1


def test_malformed_json(server, sleeps) -> None:
    server.routes["/bad"] = [Reply(200, b'{"query": {"search": [', {"Content-Type": "application/json"})]
    with pytest.raises(FetchError, match="malformed JSON"):
        make_http(sleeps).get_json("t", server.url("/bad"), {})


def test_unexpected_shape_is_an_error_not_a_crash(server, sleeps) -> None:
    server.routes["/w/api.php"] = [Reply.json({"query": {"search": "not a list"}})]
    wiki = WikipediaProvider(make_http(sleeps), api_url=server.url("/w/api.php"))
    with pytest.raises(FetchError, match="not a list"):
        wiki.search("x", limit=1)


def test_never_ending_answer_hits_the_provider_deadline(server, sleeps) -> None:
    server.routes["/slow"] = [Reply(200, b"{" + b" " * 1000 + b"}", trickle_s=0.1)]
    started = time.monotonic()
    with pytest.raises(FetchTimeoutError):
        make_http(sleeps, deadline_s=1.0).get_json("t", server.url("/slow"), {})
    assert time.monotonic() - started < 3.0


def test_oversized_answer_is_refused(server, sleeps) -> None:
    server.routes["/huge"] = [Reply(200, b"[" + b"1," * 5000 + b"1]")]
    http = make_http(sleeps)
    http.policy = FetchPolicy(timeout_s=5.0, max_bytes=1000, allowlist=("127.0.0.1",))
    with pytest.raises(FetchError, match="body larger than 1 kB"):
        http.get_json("t", server.url("/huge"), {})


def test_redirect_to_private_address_is_blocked(server, sleeps) -> None:
    server.routes["/moved"] = [Reply.redirect("http://169.254.169.254/latest/meta-data/")]
    with pytest.raises(FetchError, match="cloud metadata"):
        make_http(sleeps).get_json("t", server.url("/moved"), {})
