"""Feed records: a followed feed, one parsed entry, and the per-poll report (frozen dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.dates import DatedValue
from factcheck.records import Feed as Feed  # stored by the store, so defined in factcheck.records

FEED_STATUSES = ("ok", "not modified", "failed")
ENTRY_STATUSES = ("new", "unchanged", "duplicate", "failed", "deferred")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry of a parsed feed; text fields are plain text (markup removed)."""

    entry_id: str  # guid / atom:id, else the link
    link: str
    title: str = ""
    author: str = ""
    published: DatedValue | None = None
    summary: str = ""  # the entry's content, else its summary, as plain text


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A feed document after parsing: its title, kind (e.g. rss20, atom10) and entries."""

    title: str
    version: str
    entries: tuple[FeedEntry, ...]


@dataclass(frozen=True, slots=True)
class EntryOutcome:
    """What one entry led to: a new article, nothing (seen or a duplicate), or a failure."""

    entry_id: str
    url: str
    title: str
    status: str  # one of ENTRY_STATUSES
    article_id: int | None = None
    claims: int = 0
    message: str = ""


@dataclass(frozen=True, slots=True)
class FeedOutcome:
    """One feed's part of a poll."""

    feed_id: int
    label: str
    url: str
    status: str  # one of FEED_STATUSES
    message: str = ""
    entries: tuple[EntryOutcome, ...] = ()
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(e.status == status for e in self.entries)


@dataclass(frozen=True, slots=True)
class PollReport:
    """The report of one poll: every due feed's outcome."""

    feeds: tuple[FeedOutcome, ...] = ()
    seconds: float = 0.0

    @property
    def failed(self) -> tuple[FeedOutcome, ...]:
        return tuple(f for f in self.feeds if f.status == "failed")

    @property
    def new_articles(self) -> int:
        return sum(f.count("new") for f in self.feeds)
