"""Followed feeds and the entries seen in them, on PostgreSQL."""

from __future__ import annotations

from factcheck.errors import InputError, NotFoundError
from factcheck.records import Feed, PollState, SeenEntry
from factcheck.store.db import utc_now
from factcheck.store.feeds import FEED_COLUMNS, row_to_feed
from factcheck.store.postgres.db import PgDatabase, as_row


class PgFeedStore:
    """Mixed into :class:`PostgresStore`: feeds, their entries, poll state."""

    db: PgDatabase

    def add_feed(self, url: str, name: str, every_minutes: int) -> Feed:
        with self.db.write() as conn:
            row = conn.execute("INSERT INTO feeds (url, name, every_minutes, added_at) VALUES (%s,%s,%s,%s)"
                               " ON CONFLICT (url) DO NOTHING RETURNING id",
                               (url, name, every_minutes, utc_now())).fetchone()
            if row is None:
                raise InputError(f"{url}: already followed; `factcheck feeds list` shows it")
        return self.get_feed(int(row["id"]))

    def get_feed(self, feed_id: int) -> Feed:
        row = self.db.row(f"SELECT {FEED_COLUMNS} FROM feeds WHERE id = %s", (feed_id,))
        if row is None:
            raise NotFoundError(f"no feed with id {feed_id}; `factcheck feeds list` shows the feeds")
        return row_to_feed(as_row(row))

    def list_feeds(self) -> list[Feed]:
        return [row_to_feed(as_row(r)) for r in self.db.rows(f"SELECT {FEED_COLUMNS} FROM feeds ORDER BY id")]

    def remove_feed(self, feed_id: int) -> Feed:
        feed = self.get_feed(feed_id)
        with self.db.write() as conn:
            conn.execute("DELETE FROM feeds WHERE id = %s", (feed_id,))
        return feed

    def due_feeds(self, now: str) -> list[Feed]:
        rows = self.db.rows(f"SELECT {FEED_COLUMNS} FROM feeds WHERE next_poll_at = '' OR next_poll_at <= %s"
                            " ORDER BY id", (now,))
        return [row_to_feed(as_row(r)) for r in rows]

    def record_poll(self, feed_id: int, state: PollState) -> None:
        with self.db.write() as conn:
            conn.execute(
                "UPDATE feeds SET last_poll_at = %s, last_status = %s, last_message = %s, last_new = %s,"
                " failures = %s, next_poll_at = %s, etag = COALESCE(%s, etag),"
                " last_modified = COALESCE(%s, last_modified), title = COALESCE(%s, title) WHERE id = %s",
                (utc_now(), state.status, state.message, state.new, state.failures, state.next_poll_at,
                 state.etag, state.last_modified, state.title, feed_id))

    def entry_status(self, feed_id: int, entry_id: str) -> str:
        found = self.db.scalar("SELECT status FROM feed_entries WHERE feed_id = %s AND entry_id = %s",
                               (feed_id, entry_id))
        return "" if found is None else str(found)

    def article_for_url(self, urls: list[str]) -> int | None:
        for url in (u for u in urls if u):
            found = self.db.scalar("SELECT article_id FROM feed_entries WHERE url = %s"
                                   " AND article_id IS NOT NULL ORDER BY id LIMIT 1", (url,))
            if found is None:
                found = self.db.scalar("SELECT id FROM articles WHERE url = %s ORDER BY id LIMIT 1", (url,))
            if found is not None:
                return int(found)
        return None

    def record_entry(self, entry: SeenEntry) -> None:
        with self.db.write() as conn:
            conn.execute(
                "INSERT INTO feed_entries AS f (feed_id, entry_id, url, title, published,"
                " published_precision, published_source, article_id, status, message, seen_at)"
                " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)"
                " ON CONFLICT (feed_id, entry_id) DO UPDATE SET url = EXCLUDED.url,"
                " title = EXCLUDED.title, published = EXCLUDED.published,"
                " published_precision = EXCLUDED.published_precision,"
                " published_source = EXCLUDED.published_source, article_id = EXCLUDED.article_id,"
                " status = EXCLUDED.status, message = EXCLUDED.message, seen_at = EXCLUDED.seen_at,"
                " attempts = f.attempts + 1",
                (entry.feed_id, entry.entry_id, entry.url, entry.title, entry.published,
                 entry.published_precision, entry.published_source, entry.article_id, entry.status,
                 entry.message, utc_now()))

    def feed_entries(self, feed_id: int) -> list[SeenEntry]:
        rows = self.db.rows(
            "SELECT feed_id, entry_id, url, title, published, published_precision, published_source,"
            " article_id, status, message FROM feed_entries WHERE feed_id = %s ORDER BY id", (feed_id,))
        return [SeenEntry(**r) for r in rows]
