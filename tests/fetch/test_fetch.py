"""fetch_url against a real server on 127.0.0.1: policy checks, redirects, caps, deadline, errors."""

from __future__ import annotations

import socket
import time
from dataclasses import replace

import pytest

from factcheck.config import Settings
from factcheck.errors import BlockedURLError, FetchError
from factcheck.fetch import (
    FetchConnectionError,
    FetchPolicy,
    FetchStatusError,
    FetchTimeoutError,
    display_url,
    fetch_url,
)
from tests.fetch.localserver import Reply


def test_policy_from_settings() -> None:
    settings = Settings().with_overrides(fetch_timeout_s=3, fetch_allowlist="127.0.0.1, intranet.local",
                                         max_article_bytes=1234, fetch_max_redirects=2)
    policy = FetchPolicy.from_settings(settings)
    assert (policy.timeout_s, policy.max_bytes, policy.max_redirects) == (3.0, 1234, 2)
    assert policy.allowlist == ("127.0.0.1", "intranet.local")
    assert policy.allowed_hosts() == {"intranet.local"}
    assert [str(n) for n in policy.allowed_networks()] == ["127.0.0.1/32"]


def test_success_with_user_agent(server, policy) -> None:
    server.routes["/page"] = [Reply(200, b"<p>hello</p>", {"Content-Type": "text/html; charset=utf-8"})]
    doc = fetch_url(server.url("/page"), policy)
    assert doc.status == 200
    assert doc.body == b"<p>hello</p>"
    assert doc.content_type == "text/html; charset=utf-8"
    assert doc.final_url == doc.url == server.url("/page")
    assert server.seen[-1].headers["user-agent"] == "factcheck-tests/1"
    assert server.seen[-1].headers["host"] == f"127.0.0.1:{server.port}"


def test_loopback_is_refused_without_allowlist(server, policy) -> None:
    server.routes["/page"] = [Reply(200, b"secret")]
    with pytest.raises(BlockedURLError, match=r"loopback address.*fetch_allowlist") as info:
        fetch_url(server.url("/page"), replace(policy, allowlist=()))
    assert server.url("/page") in str(info.value)
    assert server.seen == []  # refused before connecting


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "ftp://example.org/x", "gopher://example.org/", "data:text/plain,hi",
    "javascript:alert(1)",
])
def test_non_http_schemes_are_refused(url, policy) -> None:
    with pytest.raises(BlockedURLError, match="only http and https"):
        fetch_url(url, policy)


@pytest.mark.parametrize(("url", "reason"), [
    ("http://169.254.169.254/latest/meta-data/", "cloud metadata"),
    ("http://[fd00:ec2::254]/latest/meta-data/", "cloud metadata"),
    ("http://metadata.google.internal/computeMetadata/v1/", "cloud metadata host"),
    ("http://10.0.0.5/admin", "private address"),
    ("http://192.168.1.1/", "private address"),
    ("http://[::1]:8080/", "loopback"),
    ("http://[::ffff:127.0.0.1]/", "loopback"),
    ("http://0.0.0.0/", "unspecified"),
    ("http://224.0.0.1/", "multicast"),
    ("http://169.254.1.1/", "link-local"),
])
def test_forbidden_addresses(url, reason, policy) -> None:
    with pytest.raises(BlockedURLError, match=reason):
        fetch_url(url, replace(policy, allowlist=()))


def test_http_404(server, policy) -> None:
    with pytest.raises(FetchStatusError, match=r"/missing: HTTP 404") as info:
        fetch_url(server.url("/missing"), policy)
    assert info.value.status == 404


def test_429_carries_retry_after(server, policy) -> None:
    server.routes["/busy"] = [Reply(429, b"slow down", {"Retry-After": "7"})]
    with pytest.raises(FetchStatusError, match="HTTP 429") as info:
        fetch_url(server.url("/busy"), policy)
    assert info.value.retry_after == 7.0


def test_redirects_are_followed_and_reported(server, policy) -> None:
    server.routes["/a"] = [Reply.redirect("/b", 301)]
    server.routes["/b"] = [Reply.redirect(server.url("/c"), 307)]
    server.routes["/c"] = [Reply(200, b"done", {"Content-Type": "text/plain"})]
    doc = fetch_url(server.url("/a"), policy)
    assert doc.body == b"done"
    assert doc.url == server.url("/a")
    assert doc.final_url == server.url("/c")


@pytest.mark.parametrize(("target", "reason"), [
    ("http://10.1.2.3/internal", "private address"),
    ("http://169.254.169.254/latest/meta-data/iam", "cloud metadata"),
    ("file:///etc/passwd", "only http and https"),
])
def test_redirect_to_forbidden_target_is_blocked_even_from_allowlisted_host(server, policy, target, reason) -> None:
    server.routes["/go"] = [Reply.redirect(target)]
    with pytest.raises(BlockedURLError, match=reason):
        fetch_url(server.url("/go"), policy)
    assert [s.path for s in server.seen] == ["/go"]


def test_too_many_redirects(server, policy) -> None:
    server.routes["/loop"] = [Reply.redirect("/loop")]
    with pytest.raises(FetchError, match=r"too many redirects \(more than 3\)"):
        fetch_url(server.url("/loop"), policy)
    assert len(server.seen) == 4


def _fake_dns(monkeypatch, table: dict[str, list[str]]) -> None:
    real = socket.getaddrinfo

    def fake(host, port, *args, **kwargs):
        if host in table:
            return [(socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                     (ip, port)) for ip in table[host]]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)


def test_dns_name_resolving_to_private_address_is_blocked(monkeypatch, policy) -> None:
    _fake_dns(monkeypatch, {"innocent.example": ["10.20.30.40"], "mixed.example": ["93.184.216.34", "127.0.0.1"]})
    with pytest.raises(BlockedURLError, match=r"innocent\.example resolves to 10\.20\.30\.40, a private address"):
        fetch_url("http://innocent.example/", policy)
    # Any private answer among several refuses the host (no lucky pick of the public one).
    with pytest.raises(BlockedURLError, match=r"127\.0\.0\.1, a loopback address"):
        fetch_url("https://mixed.example/", replace(policy, allowlist=()))


def test_connection_is_pinned_to_the_checked_address(monkeypatch, server, policy) -> None:
    """The name is resolved once; the request goes to that IP with the original Host header."""
    _fake_dns(monkeypatch, {"pinned.test": ["127.0.0.1"]})
    server.routes["/p"] = [Reply(200, b"pinned")]
    calls = []
    real = socket.getaddrinfo

    def counting(host, *args, **kwargs):
        calls.append(host)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", counting)
    doc = fetch_url(f"http://pinned.test:{server.port}/p", policy)
    assert doc.body == b"pinned"
    assert server.seen[-1].headers["host"] == f"pinned.test:{server.port}"
    assert calls.count("pinned.test") == 1  # httpx connected to the IP, it did not re-resolve


def test_allowlisted_host_name(monkeypatch, server, policy) -> None:
    _fake_dns(monkeypatch, {"intranet.test": ["127.0.0.1"]})
    server.routes["/x"] = [Reply(200, b"ok")]
    assert fetch_url(f"http://intranet.test:{server.port}/x", replace(policy, allowlist=("intranet.test",))).body == b"ok"
    with pytest.raises(BlockedURLError):
        fetch_url(f"http://intranet.test:{server.port}/x", replace(policy, allowlist=()))


def test_oversized_body_with_content_length(server, policy) -> None:
    server.routes["/big"] = [Reply(200, b"x" * 5000)]
    with pytest.raises(FetchError, match=r"/big: body larger than 1 kB"):
        fetch_url(server.url("/big"), replace(policy, max_bytes=1000))


def test_oversized_body_streamed_without_length(server, policy) -> None:
    server.routes["/big"] = [Reply(200, b"y" * 50_000, content_length=False)]
    with pytest.raises(FetchError, match="body larger than 1 kB"):
        fetch_url(server.url("/big"), replace(policy, max_bytes=1000))
    server.routes["/small"] = [Reply(200, b"z" * 900, content_length=False)]
    assert len(fetch_url(server.url("/small"), replace(policy, max_bytes=1000)).body) == 900


def test_response_that_never_finishes_hits_the_deadline(server, policy) -> None:
    # One byte every 0.1 s for 100 s: each read succeeds, only the overall deadline stops it.
    server.routes["/slow"] = [Reply(200, b"s" * 1000, trickle_s=0.1)]
    started = time.monotonic()
    with pytest.raises(FetchTimeoutError, match=r"/slow: timeout after 1s"):
        fetch_url(server.url("/slow"), replace(policy, timeout_s=1.0))
    assert time.monotonic() - started < 3.0


def test_connection_refused(policy) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchConnectionError, match="connection failed"):
        fetch_url(f"http://127.0.0.1:{port}/", policy)


def test_secret_query_parameters_are_masked_in_messages(server, policy) -> None:
    assert display_url("https://api.example/x?query=a+b&key=SECRET") == "https://api.example/x?query=a+b&key=***"
    with pytest.raises(FetchStatusError) as info:
        fetch_url(server.url("/nope?key=SECRET123&q=1"), policy)
    assert "SECRET123" not in str(info.value)
