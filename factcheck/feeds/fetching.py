"""Polite fetching for feeds: conditional GET, a per-host concurrency cap, backoff after failures."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar
from urllib.parse import urlsplit

from factcheck.errors import FactcheckError
from factcheck.feeds.records import Feed
from factcheck.fetch import FetchedDocument, FetchPolicy, FetchStatusError, fetch_url

T = TypeVar("T")
R = TypeVar("R")


class HostLimiter:
    """At most ``per_host`` fetches to one host at a time (one instance per poll)."""

    def __init__(self, per_host: int) -> None:
        self.per_host = max(1, per_host)
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._guard = threading.Lock()
        self._active: dict[str, int] = {}
        self.peak: dict[str, int] = {}  # the most fetches seen at once per host (for tests/benches)

    @contextmanager
    def slot(self, url: str) -> Iterator[None]:
        host = (urlsplit(url).hostname or "").lower()
        with self._guard:
            slot = self._slots.setdefault(host, threading.BoundedSemaphore(self.per_host))
        with slot:
            with self._guard:
                self._active[host] = self._active.get(host, 0) + 1
                self.peak[host] = max(self.peak.get(host, 0), self._active[host])
            try:
                yield
            finally:
                with self._guard:
                    self._active[host] -= 1


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetch's outcome: the document, or the error that stopped it (with Retry-After seconds)."""

    url: str
    document: FetchedDocument | None = None
    error: str = ""
    retry_after: float | None = None

    @property
    def not_modified(self) -> bool:
        return self.document is not None and self.document.status == 304


def fetch(url: str, policy: FetchPolicy, limiter: HostLimiter,
          headers: dict[str, str] | None = None) -> Fetched:
    """Fetch through the one safe fetcher, never raising: errors come back as text."""
    try:
        with limiter.slot(url):
            return Fetched(url, fetch_url(url, policy, headers=headers))
    except FetchStatusError as exc:
        return Fetched(url, error=str(exc), retry_after=exc.retry_after)
    except FactcheckError as exc:
        return Fetched(url, error=str(exc))


def conditional_headers(feed: Feed) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from the validators the feed's last answer carried."""
    headers: dict[str, str] = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    return headers


def header(document: FetchedDocument, name: str) -> str:
    wanted = name.lower()
    return next((v for k, v in document.headers.items() if k.lower() == wanted), "")


def backoff_minutes(every_minutes: int, failures: int, cap_minutes: int,
                    retry_after_s: float | None = None) -> float:
    """Minutes until the next try after ``failures`` failed polls in a row: the interval doubles
    with each failure up to ``cap_minutes``; a server's Retry-After is honoured when longer."""
    minutes = min(float(cap_minutes), every_minutes * 2.0 ** max(0, failures - 1))
    if retry_after_s is not None:
        minutes = max(minutes, min(retry_after_s / 60.0, float(cap_minutes)))
    return minutes


def later(now: datetime, minutes: float) -> str:
    return (now + timedelta(minutes=minutes)).isoformat(timespec="microseconds")


def utc(value: datetime | None = None) -> datetime:
    return value if value is not None else datetime.now(UTC)


def run_all(work: Callable[[T], R], items: Sequence[T], workers: int) -> list[R]:
    """``work`` over ``items`` on a few threads (network-bound), results in input order."""
    if len(items) <= 1 or workers <= 1:
        return [work(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(workers, len(items)), thread_name_prefix="feeds") as pool:
        return list(pool.map(work, items))
