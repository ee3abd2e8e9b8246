"""The provider interface and its HTTP plumbing: deadline, retries, Retry-After, cap, cache."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol

from factcheck.errors import FetchError
from factcheck.fetch import (
    FetchConnectionError,
    FetchPolicy,
    FetchStatusError,
    FetchTimeoutError,
    display_url,
    fetch_url,
)

if TYPE_CHECKING:
    import httpx

    from factcheck.match.claimreview_import import PriorRecord

PROVIDER_MAX_BYTES = 5_000_000  # an API answer larger than this is refused


@dataclass(frozen=True, slots=True)
class ProviderResult:
    """One result of a provider: a text to archive as a source, and for fact-checks the prior."""

    title: str
    url: str
    text: str
    publisher: str = ""
    published: str = ""
    kind: str = "other"
    prior: PriorRecord | None = None


class Provider(Protocol):
    """An online source of evidence. ``search`` raises FactcheckError on failure."""

    name: str

    def search(self, query: str, *, limit: int) -> list[ProviderResult]: ...


class ProviderCache(Protocol):
    def provider_cache_get(self, provider: str, key: str) -> str | None: ...

    def provider_cache_put(self, provider: str, key: str, body: str, ttl_s: float) -> None: ...


class ProviderHTTP:
    """GETs JSON for providers under one deadline per call, with retries and a shared cache.

    Retries: 5xx answers and connection errors are retried with exponential backoff; a 429
    waits for ``Retry-After`` when that fits in the deadline. A semaphore caps concurrent
    requests; the policy's size cap is lowered to :data:`PROVIDER_MAX_BYTES`.
    """

    def __init__(self, policy: FetchPolicy, *, deadline_s: float, cache: ProviderCache | None = None,
                 ttl_s: float = 86_400.0, retries: int = 2, backoff_s: float = 0.5,
                 max_concurrency: int = 4, client: httpx.Client | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.policy = replace(policy, max_bytes=min(policy.max_bytes, PROVIDER_MAX_BYTES))
        self.deadline_s = deadline_s
        self.cache = cache
        self.ttl_s = ttl_s
        self.retries = retries
        self.backoff_s = backoff_s
        self.client = client
        self.sleep = sleep
        self._slots = threading.BoundedSemaphore(max_concurrency)

    def get_json(self, provider: str, url: str, params: Mapping[str, str | int],
                 headers: Mapping[str, str] | None = None, *, deadline: float | None = None) -> Any:
        """The decoded JSON answer (from the cache when fresh); raises FetchError on failure.

        ``headers`` (e.g. an API key) are sent but never part of the cache key or a message.
        """
        from urllib.parse import urlencode

        full = f"{url}{'&' if '?' in url else '?'}{urlencode(sorted((k, str(v)) for k, v in params.items()))}"
        key = hashlib.sha256(full.encode("utf-8")).hexdigest()
        if self.cache is not None:
            cached = self.cache.provider_cache_get(provider, key)
            if cached is not None:
                return json.loads(cached)
        deadline = time.monotonic() + self.deadline_s if deadline is None else deadline
        body = self._fetch_with_retries(full, headers, deadline)
        try:
            data = json.loads(body)
        except json.JSONDecodeError as exc:
            raise FetchError(f"{display_url(full)}: malformed JSON answer ({exc.msg} at char {exc.pos})") from exc
        if self.cache is not None:
            self.cache.provider_cache_put(provider, key, body, self.ttl_s)
        return data

    def _fetch_with_retries(self, url: str, headers: Mapping[str, str] | None, deadline: float) -> str:
        shown = display_url(url)
        attempt = 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0.05:
                raise FetchTimeoutError(f"{shown}: no answer within the {self.deadline_s:g}s deadline")
            policy = replace(self.policy, timeout_s=min(self.policy.timeout_s, remaining))
            try:
                with self._slots:
                    fetched = fetch_url(url, policy, client=self.client, headers=headers)
                return fetched.body.decode("utf-8", errors="replace")
            except FetchStatusError as exc:
                if exc.status == 429:
                    wait = exc.retry_after if exc.retry_after is not None else self.backoff_s * 2 ** attempt
                    if attempt >= self.retries or time.monotonic() + wait >= deadline:
                        raise FetchError(f"{shown}: rate limited (HTTP 429, retry after {wait:g}s)") from exc
                elif exc.status >= 500 and attempt < self.retries:
                    wait = self.backoff_s * 2 ** attempt
                else:
                    raise
            except FetchConnectionError:
                if attempt >= self.retries:
                    raise
                wait = self.backoff_s * 2 ** attempt
            if time.monotonic() + wait >= deadline:
                raise FetchTimeoutError(f"{shown}: gave up retrying within the {self.deadline_s:g}s deadline")
            self.sleep(wait)
            attempt += 1
