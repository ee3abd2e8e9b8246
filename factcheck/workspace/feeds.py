"""Feeds: follow RSS/Atom feeds and ingest their new entries like any article (a workspace service)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from factcheck.errors import FactcheckError, InputError
from factcheck.feeds.entries import entry_article
from factcheck.feeds.fetching import (
    Fetched,
    HostLimiter,
    backoff_minutes,
    conditional_headers,
    fetch,
    header,
    later,
    run_all,
    utc,
)
from factcheck.feeds.parse import parse_feed
from factcheck.feeds.records import EntryOutcome, Feed, FeedEntry, FeedOutcome, PollReport
from factcheck.feeds.urls import normalize_url
from factcheck.fetch import FetchPolicy
from factcheck.records import PollState, SeenEntry
from factcheck.store.protocol import StoreBackend

if TYPE_CHECKING:
    from factcheck.config import Settings
    from factcheck.ingest import ArticleInput
    from factcheck.workspace.core import Claims

FeedProgress = Callable[[str, int, int], None]  # (feed label, done, total)


@dataclass(eq=False)
class Feeds:
    """Followed RSS/Atom feeds: polled politely, new entries ingested through :class:`Claims`."""

    store: StoreBackend
    settings: Settings
    claims: Claims

    # --- following ----------------------------------------------------------------------------
    def add_feed(self, url: str, *, name: str = "", every_minutes: int | None = None) -> Feed:
        """Follow a feed (checked now against the fetch policy's scheme rules; polled later)."""
        url = url.strip()
        if not url.startswith(("http://", "https://")):
            raise InputError(f"{url or '(empty)'}: a feed URL must start with http:// or https://")
        if not normalize_url(url):
            raise InputError(f"{url}: not a valid feed URL (no host name?)")
        every = int(self.settings.feed_every_minutes if every_minutes is None else every_minutes)
        if every < 1:
            raise InputError(f"--every must be at least 1 minute, got {every}")
        return self.store.add_feed(url, name.strip(), every)

    def list_feeds(self) -> list[Feed]:
        return self.store.list_feeds()

    def remove_feed(self, feed_id: int) -> Feed:
        return self.store.remove_feed(feed_id)

    # --- polling ------------------------------------------------------------------------------
    def poll_feeds(self, *, force: bool = False, now: datetime | None = None,
                   progress: FeedProgress | None = None) -> PollReport:
        """Poll every due feed once (all of them with ``force``) and ingest its new entries.

        A failed feed is reported with its reason and backed off; the others go on, and every
        article ingested stays stored.
        """
        started = time.monotonic()
        moment = utc(now)
        feeds = self.store.list_feeds() if force else self.store.due_feeds(moment.isoformat())
        settings = self.settings
        base = FetchPolicy.from_settings(settings)
        feed_policy = replace(base, max_bytes=int(settings.feed_max_bytes))
        limiter = HostLimiter(int(settings.feed_host_concurrency))
        workers = int(settings.feed_workers)
        answers = run_all(lambda f: fetch(f.url, feed_policy, limiter, conditional_headers(f)), feeds, workers)
        outcomes: list[FeedOutcome] = []
        for number, (feed, answer) in enumerate(zip(feeds, answers, strict=True), start=1):
            began = time.monotonic()
            outcome = self._poll_one(feed, answer, moment, base, limiter, workers)
            outcomes.append(replace(outcome, seconds=round(time.monotonic() - began + 0.0, 3)))
            if progress is not None:
                progress(feed.label, number, len(feeds))
        if any(o.count("new") for o in outcomes):
            self.claims.save_index()
        return PollReport(feeds=tuple(outcomes), seconds=round(time.monotonic() - started, 3))

    def _poll_one(self, feed: Feed, answer: Fetched, now: datetime, policy: FetchPolicy,
                  limiter: HostLimiter, workers: int) -> FeedOutcome:
        def failed(message: str, retry_after: float | None = None) -> FeedOutcome:
            failures = feed.failures + 1
            wait = backoff_minutes(feed.every_minutes, failures, int(self.settings.feed_backoff_max_minutes),
                                   retry_after)
            self.store.record_poll(feed.id, PollState(
                status="failed", message=f"{message} (failure {failures} in a row; next try in {wait:g} min)",
                failures=failures, next_poll_at=later(now, wait)))
            return FeedOutcome(feed.id, feed.label, feed.url, "failed", message)

        if answer.document is None:
            return failed(answer.error, answer.retry_after)
        document = answer.document
        if answer.not_modified:
            self.store.record_poll(feed.id, PollState(status="not modified", message="304 Not Modified",
                                                      next_poll_at=later(now, feed.every_minutes)))
            return FeedOutcome(feed.id, feed.label, feed.url, "not modified", "304 Not Modified")
        try:
            parsed = parse_feed(document.body, url=feed.url, content_type=document.content_type,
                                max_bytes=int(self.settings.feed_max_bytes))
        except InputError as exc:
            return failed(str(exc))
        feed = replace(feed, title=parsed.title or feed.title)
        outcomes = self._take_entries(feed, parsed.entries, policy, limiter, workers)
        new = sum(o.status == "new" for o in outcomes)
        bad = sum(o.status == "failed" for o in outcomes)
        deferred = sum(o.status == "deferred" for o in outcomes)
        message = (f"{parsed.version}: {len(parsed.entries)} entries, {new} new" + (f", {bad} failed" if bad else "")
                   + (f", {deferred} deferred" if deferred else ""))
        # With entries deferred, the validators are not kept: the next poll must get the feed again.
        self.store.record_poll(feed.id, PollState(
            status="ok", message=message, new=new, next_poll_at=later(now, feed.every_minutes),
            etag=None if deferred else header(document, "etag"),
            last_modified=None if deferred else header(document, "last-modified"), title=parsed.title))
        return FeedOutcome(feed.id, feed.label, feed.url, "ok", message, tuple(outcomes))

    def _take_entries(self, feed: Feed, entries: tuple[FeedEntry, ...], policy: FetchPolicy,
                      limiter: HostLimiter, workers: int) -> list[EntryOutcome]:
        """Skip what was seen, fetch the new entries' pages (concurrently), ingest one by one."""
        outcomes: dict[str, EntryOutcome] = {}
        todo: list[FeedEntry] = []
        for entry in entries:
            key = normalize_url(entry.link)
            if self.store.entry_status(feed.id, entry.entry_id) in ("new", "duplicate"):
                outcomes[entry.entry_id] = EntryOutcome(entry.entry_id, key, entry.title, "unchanged")
            elif (known := self.store.article_for_url([key, entry.link])) is not None:
                outcomes[entry.entry_id] = self._record(feed, entry, key, "duplicate", known,
                                                        f"already stored as article {known} (same URL)")
            elif entry.entry_id not in outcomes and entry not in todo:
                todo.append(entry)
        limit = int(self.settings.feed_max_new_entries)
        for entry in todo[limit:]:  # left unrecorded: the next poll takes them (validators not kept)
            outcomes[entry.entry_id] = EntryOutcome(
                entry.entry_id, normalize_url(entry.link), entry.title, "deferred",
                message=f"more than {limit} new entries in one poll (setting feed_max_new_entries); "
                        "taken at the next poll")
        todo = todo[:limit]
        pages = run_all(lambda e: fetch(e.link, policy, limiter) if normalize_url(e.link) else
                        Fetched(e.link, error=f"{e.link or '(no link)'}: not an http(s) link"), todo, workers)
        for entry, page in zip(todo, pages, strict=True):
            outcomes[entry.entry_id] = self._ingest_entry(feed, entry, page)
        return [outcomes[e.entry_id] for e in entries if e.entry_id in outcomes]

    def _ingest_entry(self, feed: Feed, entry: FeedEntry, page: Fetched) -> EntryOutcome:
        key = normalize_url(entry.link)
        try:
            article = entry_article(feed, entry, page)
            if article.url != key and (known := self.store.article_for_url([article.url])) is not None:
                return self._record(feed, entry, article.url, "duplicate", known,
                                    f"already stored as article {known} (same final URL)")
            report = self.claims.ingest_one(replace(article, label=f"feed {feed.id}: {entry.link or entry.entry_id}"))
        except FactcheckError as exc:
            return self._record(feed, entry, key, "failed", None, str(exc))
        except (ValueError, TypeError, LookupError, RecursionError) as exc:  # hostile page vs. extractor
            return self._record(feed, entry, key, "failed", None,
                                f"{entry.link}: the page could not be processed ({type(exc).__name__}: {exc})")
        if report.status == "error":
            return self._record(feed, entry, key, "failed", None, report.message)
        status = "new" if report.status == "added" else "duplicate"
        message = (f"article {report.article_id}, {report.claims} claims" if status == "new"
                   else f"already stored as article {report.article_id} (same text)")
        outcome = self._record(feed, entry, article.url or key, status, report.article_id, message, article)
        return replace(outcome, claims=report.claims)

    def _record(self, feed: Feed, entry: FeedEntry, url: str, status: str, article_id: int | None,
                message: str, article: ArticleInput | None = None) -> EntryOutcome:
        published = entry.published
        self.store.record_entry(SeenEntry(
            feed_id=feed.id, entry_id=entry.entry_id, url=url, title=entry.title,
            published=published.iso if published else "",
            published_precision=published.precision if published else "",
            published_source=published.source if published else "",
            article_id=article_id, status=status, message=message))
        return EntryOutcome(entry.entry_id, url, entry.title or (article.title if article else ""), status,
                            article_id, 0, message)

    def watch_feeds(self, *, should_stop: Callable[[], bool], on_report: Callable[[PollReport], None],
                    tick_s: float = 1.0, sleep: Callable[[float], None] = time.sleep) -> int:
        """Poll due feeds until ``should_stop()`` (checked between polls and every ``tick_s`` while
        waiting, so a stop never cuts a poll in half); ``on_report`` sees every poll's report.
        Returns the number of polls that found a due feed."""
        polls = 0
        while not should_stop():
            report = self.poll_feeds()
            polls += bool(report.feeds)
            on_report(report)
            waited = 0.0
            while waited < float(self.settings.feed_watch_tick_s) and not should_stop():
                sleep(tick_s)
                waited += tick_s
        return polls
