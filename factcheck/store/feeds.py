"""Followed feeds and the entries seen in them (the dedup memory of the feed poller)."""

from __future__ import annotations

import sqlite3

from factcheck.errors import InputError, NotFoundError
from factcheck.records import Feed, PollState, SeenEntry
from factcheck.store.db import Database, utc_now

FEED_COLUMNS = ("id, url, name, every_minutes, title, etag, last_modified, added_at, last_poll_at,"
                " last_status, last_message, last_new, failures, next_poll_at")


def row_to_feed(row: sqlite3.Row) -> Feed:
    return Feed(id=row["id"], url=row["url"], name=row["name"], every_minutes=row["every_minutes"],
                title=row["title"], etag=row["etag"], last_modified=row["last_modified"],
                added_at=row["added_at"], last_poll_at=row["last_poll_at"],
                last_status=row["last_status"], last_message=row["last_message"],
                last_new=row["last_new"], failures=row["failures"], next_poll_at=row["next_poll_at"])


class FeedStore:
    """Mixed into :class:`factcheck.store.Store`: feeds, their entries, poll state."""

    db: Database

    def add_feed(self, url: str, name: str, every_minutes: int) -> Feed:
        with self.db.write() as conn:
            if conn.execute("SELECT 1 FROM feeds WHERE url = ?", (url,)).fetchone() is not None:
                raise InputError(f"{url}: already followed; `factcheck feeds list` shows it")
            cur = conn.execute("INSERT INTO feeds (url, name, every_minutes, added_at) VALUES (?,?,?,?)",
                               (url, name, every_minutes, utc_now()))
            feed_id = int(cur.lastrowid or 0)
        return self.get_feed(feed_id)

    def get_feed(self, feed_id: int) -> Feed:
        row = self.db.conn.execute(f"SELECT {FEED_COLUMNS} FROM feeds WHERE id = ?", (feed_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no feed with id {feed_id}; `factcheck feeds list` shows the feeds")
        return row_to_feed(row)

    def list_feeds(self) -> list[Feed]:
        return [row_to_feed(r) for r in self.db.conn.execute(f"SELECT {FEED_COLUMNS} FROM feeds ORDER BY id")]

    def remove_feed(self, feed_id: int) -> Feed:
        """Stop following a feed; its entries' record goes too, the articles stay."""
        feed = self.get_feed(feed_id)
        with self.db.write() as conn:
            conn.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
        return feed

    def due_feeds(self, now: str) -> list[Feed]:
        rows = self.db.conn.execute(
            f"SELECT {FEED_COLUMNS} FROM feeds WHERE next_poll_at = '' OR next_poll_at <= ? ORDER BY id",
            (now,))
        return [row_to_feed(r) for r in rows]

    def record_poll(self, feed_id: int, state: PollState) -> None:
        with self.db.write() as conn:
            conn.execute(
                "UPDATE feeds SET last_poll_at = ?, last_status = ?, last_message = ?, last_new = ?,"
                " failures = ?, next_poll_at = ?, etag = COALESCE(?, etag),"
                " last_modified = COALESCE(?, last_modified), title = COALESCE(?, title) WHERE id = ?",
                (utc_now(), state.status, state.message, state.new, state.failures, state.next_poll_at,
                 state.etag, state.last_modified, state.title, feed_id))

    # --- entries ------------------------------------------------------------------------------
    def entry_status(self, feed_id: int, entry_id: str) -> str:
        """'' when the feed never showed this entry, else what became of it."""
        row = self.db.conn.execute("SELECT status FROM feed_entries WHERE feed_id = ? AND entry_id = ?",
                                   (feed_id, entry_id)).fetchone()
        return "" if row is None else str(row["status"])

    def article_for_url(self, urls: list[str]) -> int | None:
        """The article already stored for any of these (normalised or raw) URLs."""
        for url in (u for u in urls if u):
            row = self.db.conn.execute(
                "SELECT article_id FROM feed_entries WHERE url = ? AND article_id IS NOT NULL LIMIT 1",
                (url,)).fetchone()
            if row is None:
                row = self.db.conn.execute("SELECT id AS article_id FROM articles WHERE url = ? LIMIT 1",
                                           (url,)).fetchone()
            if row is not None:
                return int(row["article_id"])
        return None

    def record_entry(self, entry: SeenEntry) -> None:
        """Remember an entry (a failed one again counts one more attempt)."""
        with self.db.write() as conn:
            conn.execute(
                "INSERT INTO feed_entries (feed_id, entry_id, url, title, published, published_precision,"
                " published_source, article_id, status, message, seen_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT (feed_id, entry_id) DO UPDATE SET url = excluded.url,"
                " title = excluded.title, published = excluded.published,"
                " published_precision = excluded.published_precision,"
                " published_source = excluded.published_source, article_id = excluded.article_id,"
                " status = excluded.status, message = excluded.message, seen_at = excluded.seen_at,"
                " attempts = attempts + 1",
                (entry.feed_id, entry.entry_id, entry.url, entry.title, entry.published,
                 entry.published_precision, entry.published_source, entry.article_id, entry.status,
                 entry.message, utc_now()))

    def feed_entries(self, feed_id: int) -> list[SeenEntry]:
        rows = self.db.conn.execute(
            "SELECT feed_id, entry_id, url, title, published, published_precision, published_source,"
            " article_id, status, message FROM feed_entries WHERE feed_id = ? ORDER BY id", (feed_id,))
        return [SeenEntry(**dict(r)) for r in rows]
