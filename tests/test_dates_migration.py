"""Migration 2 on an old-schema workspace with data: guessed YYYY-01-01 dates become year-only."""

from __future__ import annotations

import json
import sqlite3

from factcheck.store import Store
from factcheck.store.db import _split_sql
from factcheck.store.schema import MIGRATIONS, SCHEMA_VERSION

OLD_ARTICLES = [
    # (sha, published, origin)
    ("a1", "2019-01-01", "https://www.politifact.com/factchecks/2019/oct/30/joe-biden/x/"),
    ("a2", "2019-10-30", "https://example.org/a"),
    ("a3", "2020-01-01T09:30:00", "records.jsonl:3"),  # a time of day: an explicit timestamp, kept
    ("a4", "", "pasted text"),
    ("a5", "2021-01-01", "claimreview"),  # an imported ClaimReview date is explicit, kept
    ("a6", "2019-10", "notes.md"),
]


def old_workspace(folder) -> None:
    folder.mkdir()
    conn = sqlite3.connect(folder / Store.FILENAME)
    for statement in _split_sql(MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    for sha, published, origin in OLD_ARTICLES:
        conn.execute("INSERT INTO articles (sha256, text, title, published, origin, ingested_at)"
                     " VALUES (?, ?, ?, ?, ?, '2024-01-01')", (sha, f"text {sha}", f"title {sha}", published, origin))
    conn.execute("INSERT INTO claims (article_id, kind, text, start, \"end\") VALUES (1, 'sentence', 'text', 0, 4)")
    for sha, published in (("s1", "2018-01-01"), ("s2", "2018-05-06")):
        conn.execute("INSERT INTO sources (sha256, title, text, published, fetched_at) VALUES (?, 't', 'x', ?, 'now')",
                     (sha, published))
    conn.commit()
    conn.close()


def test_migration_marks_guessed_dates_year_only(tmp_path) -> None:
    folder = tmp_path / "ws"
    old_workspace(folder)
    store = Store(folder)
    assert store.db.schema_version() == SCHEMA_VERSION >= 2
    got = {a.sha256: (a.published, a.published_precision, a.provenance.get("published", ""))
           for a in store.list_articles(include_priors=True)}
    guessed = "migration 2: {} was a year-only guess; kept as the year"
    assert got == {
        "a1": ("2019", "year", guessed.format("2019-01-01")),
        "a2": ("2019-10-30", "day", ""),
        "a3": ("2020-01-01T09:30:00", "day", ""),
        "a4": ("", "", ""),
        "a5": ("2021-01-01", "day", ""),
        "a6": ("2019-10", "month", ""),
    }
    sources = {s.sha256: (s.published, s.published_precision, s.provenance) for s, _n in store.list_sources()}
    assert sources == {"s1": ("2018", "year", {"published": guessed.format("2018-01-01")}),
                       "s2": ("2018-05-06", "day", {})}
    assert store.list_claims()[0].text == "text"  # the rest of the data is untouched
    assert store.list_feeds() == []
    # Writers that know nothing of precision (the ClaimReview import) get it from the date's form.
    with store.db.write() as conn:
        conn.execute("INSERT INTO articles (sha256, text, published, origin, ingested_at)"
                     " VALUES ('p1', 'prior', '2021-05', 'claimreview', 'now')")
        conn.execute("UPDATE articles SET published = '2021-05-06' WHERE sha256 = 'a5'")
    got = {a.sha256: a.published_precision for a in store.list_articles(include_priors=True)}
    assert (got["p1"], got["a5"]) == ("month", "day")
    with store.db.write() as conn:
        conn.execute("UPDATE articles SET published = '2022' WHERE sha256 = 'a5'")
    assert store.get_article(5).published_precision == "year"
    store.close()
    # Opening again runs nothing twice.
    again = Store(folder)
    assert again.get_article(1).published == "2019"
    assert json.loads(again.db.conn.execute("SELECT provenance FROM articles WHERE id = 2").fetchone()[0]) == {}
    again.close()
