"""The one safe HTTP fetcher: scheme and address checks on every hop, size and time caps.

DNS rebinding: each hop's host name is resolved once, *every* address it resolves to is
checked, and the connection is made to the checked address (the URL's host is replaced by
the IP, the ``Host`` header and TLS SNI/certificate check keep the original name). A later
answer from the DNS server therefore cannot steer the connection elsewhere. Proxies from
the environment are not used (``trust_env=False``), since a proxy would resolve names itself.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from factcheck.errors import BlockedURLError, FetchError

if TYPE_CHECKING:
    import httpx  # imported lazily at run time: httpx pulls in click, which the library avoids

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

METADATA_HOSTS = frozenset({
    "metadata.google.internal", "metadata.goog", "metadata", "instance-data",
    "instance-data.ec2.internal", "metadata.azure.com", "metadata.packet.net",
})
METADATA_ADDRESSES = frozenset({
    ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("169.254.170.2"),
    ipaddress.ip_address("100.100.100.200"), ipaddress.ip_address("fd00:ec2::254"),
})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_SECRET_PARAMS = frozenset({"key", "api_key", "apikey", "token", "access_token", "signature", "sig"})


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """Limits and permissions applied to every fetch."""

    timeout_s: float = 15.0  # overall deadline of one fetch, redirects included
    max_bytes: int = 50_000_000
    max_redirects: int = 5
    user_agent: str = "factcheck/0.1 (+local fact-checking assistant)"
    allowlist: tuple[str, ...] = ()  # host names, IPs or CIDR ranges allowed even if private

    @classmethod
    def from_settings(cls, settings: Any) -> FetchPolicy:
        return cls(
            timeout_s=float(settings.fetch_timeout_s),
            max_bytes=int(settings.max_article_bytes),
            max_redirects=int(settings.fetch_max_redirects),
            user_agent=str(settings.user_agent),
            allowlist=tuple(str(entry) for entry in settings.fetch_allowlist),
        )

    def allowed_hosts(self) -> frozenset[str]:
        return frozenset(e.strip().lower().rstrip(".") for e in self.allowlist if not _as_network(e))

    def allowed_networks(self) -> tuple[IPNetwork, ...]:
        return tuple(net for e in self.allowlist if (net := _as_network(e)) is not None)


@dataclass(frozen=True, slots=True)
class FetchedDocument:
    """A fetched response body with where it finally came from."""

    url: str
    final_url: str
    status: int
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


class FetchStatusError(FetchError):
    """The server answered with an error status; ``retry_after`` is in seconds when given."""

    def __init__(self, message: str, *, status: int, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class FetchTimeoutError(FetchError):
    """The fetch ran past its deadline."""


class FetchConnectionError(FetchError):
    """The server could not be reached (refused, reset, DNS failure)."""


def display_url(url: str) -> str:
    """The URL as shown in messages: secret query parameters are masked."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url[:200]
    if not parts.query:
        return url[:500]
    query = [(k, "***" if k.lower() in _SECRET_PARAMS else v) for k, v in parse_qsl(parts.query, True)]
    return urlunsplit(parts._replace(query=urlencode(query, safe="*")))[:500]


def _as_network(entry: str) -> IPNetwork | None:
    try:
        return ipaddress.ip_network(entry.strip(), strict=False)
    except ValueError:
        return None


def blocked_reason(address: IPAddress) -> str:
    """Why an address may not be fetched ('' when it is a public address)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return blocked_reason(address.ipv4_mapped)
    if address in METADATA_ADDRESSES:
        return "a cloud metadata address"
    checks = (
        ("is_loopback", "a loopback address"), ("is_unspecified", "an unspecified address"),
        ("is_link_local", "a link-local address"), ("is_multicast", "a multicast address"),
        ("is_private", "a private address"), ("is_reserved", "a reserved address"),
    )
    for attribute, reason in checks:
        if getattr(address, attribute):
            return reason
    if not address.is_global:
        return "not a public address"
    return ""


def resolve_checked(url: str, policy: FetchPolicy) -> tuple[httpx.URL, str]:
    """Check one hop: return the URL to connect to (host replaced by a checked IP) and the host.

    Raises :class:`BlockedURLError` for a forbidden scheme, host or address.
    """
    import httpx

    shown = display_url(url)
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise FetchError(f"{shown}: not a valid URL ({exc})") from exc
    if parsed.scheme not in ("http", "https"):
        raise BlockedURLError(f"{shown}: scheme {parsed.scheme or '(none)'!r} refused; only http and https URLs can be fetched")
    host = parsed.host.lower().rstrip(".")
    if not host:
        raise BlockedURLError(f"{shown}: the URL has no host name")
    if host in policy.allowed_hosts():
        return parsed, host
    if host in METADATA_HOSTS:
        raise BlockedURLError(f"{shown}: {host} is a cloud metadata host; refused")
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        addresses = _resolve(host, port, shown)
    networks = policy.allowed_networks()
    for address in addresses:
        reason = blocked_reason(address)
        if reason and not any(address in net for net in networks):
            raise BlockedURLError(
                f"{shown}: {host} resolves to {address}, {reason}; refused "
                "(add it to the fetch_allowlist setting if you trust it)")
    return parsed.copy_with(host=str(addresses[0])), host


def _resolve(host: str, port: int, shown: str) -> list[IPAddress]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise FetchConnectionError(f"{shown}: cannot resolve host {host} ({exc})") from exc
    addresses: list[IPAddress] = []
    for info in infos:
        text = str(info[4][0]).split("%", 1)[0]  # drop an IPv6 zone id
        address = ipaddress.ip_address(text)
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise FetchConnectionError(f"{shown}: cannot resolve host {host} (no addresses)")
    return addresses


def fetch_url(url: str, policy: FetchPolicy, *, client: httpx.Client | None = None,
              headers: Mapping[str, str] | None = None) -> FetchedDocument:
    """GET ``url`` under ``policy``; redirects are followed by hand and each hop is re-checked.

    Raises :class:`BlockedURLError` (scheme/address refused), :class:`FetchStatusError`
    (HTTP error status), :class:`FetchTimeoutError` (deadline), :class:`FetchConnectionError`
    or :class:`FetchError` (too large, too many redirects); every message names the URL.
    """
    import httpx

    deadline = time.monotonic() + policy.timeout_s
    own = client is None
    http = client or httpx.Client(trust_env=False, follow_redirects=False)
    try:
        current = url
        for _hop in range(policy.max_redirects + 1):
            result = _fetch_hop(http, current, policy, deadline, headers)
            if isinstance(result, FetchedDocument):
                return FetchedDocument(url=url, final_url=current, status=result.status,
                                       content_type=result.content_type, headers=result.headers,
                                       body=result.body)
            current = result
        raise FetchError(f"{display_url(url)}: too many redirects (more than {policy.max_redirects})")
    finally:
        if own:
            http.close()


def _fetch_hop(http: httpx.Client, url: str, policy: FetchPolicy, deadline: float,
               extra_headers: Mapping[str, str] | None) -> FetchedDocument | str:
    """Fetch one hop: the document, or the absolute URL a redirect points to."""
    import httpx

    shown = display_url(url)
    target, host = resolve_checked(url, policy)
    original = httpx.URL(url)
    request_headers = {"User-Agent": policy.user_agent, "Accept-Encoding": "gzip, deflate"}
    request_headers.update(extra_headers or {})
    request_headers["Host"] = original.netloc.decode("ascii").rsplit("@", 1)[-1]
    extensions: dict[str, Any] = {"sni_hostname": host} if original.scheme == "https" else {}
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchTimeoutError(f"{shown}: timeout after {policy.timeout_s:g}s")
    request = http.build_request("GET", target, headers=request_headers, extensions=extensions,
                                 timeout=httpx.Timeout(remaining))
    try:
        response = http.send(request, stream=True, follow_redirects=False)
    except httpx.TimeoutException as exc:
        raise FetchTimeoutError(f"{shown}: timeout after {policy.timeout_s:g}s") from exc
    except httpx.TransportError as exc:
        raise FetchConnectionError(f"{shown}: connection failed ({exc.__class__.__name__}: {exc})") from exc
    try:
        if response.status_code in REDIRECT_STATUSES and "location" in response.headers:
            return str(original.join(response.headers["location"]))
        if response.status_code >= 400:
            raise FetchStatusError(
                f"{shown}: HTTP {response.status_code} {response.reason_phrase}".rstrip(),
                status=response.status_code, retry_after=_retry_after(response.headers.get("retry-after")))
        body = _read_capped(response, shown, policy, deadline)
        return FetchedDocument(url=url, final_url=url, status=response.status_code,
                               content_type=response.headers.get("content-type", ""),
                               headers=dict(response.headers), body=body)
    finally:
        response.close()


def _read_capped(response: httpx.Response, shown: str, policy: FetchPolicy, deadline: float) -> bytes:
    import httpx

    too_large = f"{shown}: body larger than {_size(policy.max_bytes)}; refused (setting max_article_bytes)"
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > policy.max_bytes:
        raise FetchError(too_large)
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > policy.max_bytes:
                raise FetchError(too_large)
            chunks.append(chunk)
            if time.monotonic() > deadline:
                raise FetchTimeoutError(f"{shown}: timeout after {policy.timeout_s:g}s")
    except httpx.TimeoutException as exc:
        raise FetchTimeoutError(f"{shown}: timeout after {policy.timeout_s:g}s") from exc
    except httpx.TransportError as exc:
        raise FetchConnectionError(f"{shown}: connection lost ({exc.__class__.__name__}: {exc})") from exc
    except httpx.DecodingError as exc:
        raise FetchError(f"{shown}: response could not be decoded ({exc})") from exc
    return b"".join(chunks)


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    from datetime import UTC, datetime

    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _size(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:g} MB"
    if n >= 1_000:
        return f"{n / 1_000:g} kB"
    return f"{n} bytes"
