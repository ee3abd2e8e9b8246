"""The SQLite store: schema version, WAL, immutable articles, offsets invariant, speakers, cache."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from factcheck.errors import NotFoundError, StoreError
from factcheck.models import Article, SegmentItem
from factcheck.store import Store, normalized_hash
from factcheck.store.schema import SCHEMA_VERSION

TEXT = "Putin said the war must end. “We will win,” Netanyahu said."


def _new(text: str = TEXT) -> Article:
    return Article(id=0, text=text, sha256=hashlib.sha256(text.encode()).hexdigest(), title="t")


def _items() -> list[SegmentItem]:
    start = TEXT.index("“")
    end = TEXT.index("”") + 1
    return [SegmentItem(kind="indirect", text=TEXT[0:28], start=0, end=28, speaker="Vladimir Putin",
                        speaker_type="person", cue="said"),
            SegmentItem(kind="direct", text=TEXT[start:end], start=start, end=end,
                        speaker="Benjamin Netanyahu", speaker_type="person", cue="said")]


def test_schema_version_and_wal(tmp_path):
    store = Store(tmp_path)
    assert store.db.schema_version() == SCHEMA_VERSION
    assert store.db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_newer_schema_is_refused(tmp_path):
    Store(tmp_path).close()
    conn = sqlite3.connect(tmp_path / Store.FILENAME)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer factcheck"):
        Store(tmp_path)


def test_corrupt_database_is_reported(tmp_path):
    (tmp_path / Store.FILENAME).write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="unreadable"):
        Store(tmp_path)


def test_article_with_claims_and_duplicate(tmp_path):
    store = Store(tmp_path)
    article_id, created, ids = store.add_article(_new(), _items(), {"Benjamin Netanyahu": ["Netanyahu"]})
    assert created and len(ids) == 2
    again_id, created_again, _ = store.add_article(_new(), _items())
    assert (again_id, created_again) == (article_id, False)
    article = store.get_article(article_id)
    for claim in store.list_claims(article_id=article_id):
        assert article.text[claim.start:claim.end] == claim.text
    speakers = {s.name: s for s in store.list_speakers()}
    assert "Netanyahu" in speakers["Benjamin Netanyahu"].aliases


def test_same_speaker_across_articles_is_one_speaker(tmp_path):
    store = Store(tmp_path)
    store.add_article(_new(), _items())
    other = "Later, Netanyahu said “no”. Many words here."
    item = SegmentItem(kind="direct", text="“no”", start=other.index("“"), end=other.index("”") + 1,
                       speaker="Benjamin Netanyahu", speaker_type="person")
    store.add_article(_new(other), [item])
    assert [s.name for s in store.list_speakers()].count("Benjamin Netanyahu") == 1


def test_bad_offsets_roll_back_the_whole_article(tmp_path):
    store = Store(tmp_path)
    bad = SegmentItem(kind="direct", text="nope", start=0, end=4)
    with pytest.raises(ValueError, match="offsets"):
        store.add_article(_new(), [bad])
    assert store.stats().articles == 0 and store.stats().claims == 0


def test_article_text_is_immutable(tmp_path):
    store = Store(tmp_path)
    article_id, _, _ = store.add_article(_new(), [])
    with pytest.raises(sqlite3.IntegrityError, match="immutable"), store.db.write() as conn:
        conn.execute("UPDATE articles SET text = 'changed' WHERE id = ?", (article_id,))
    assert store.get_article(article_id).text == TEXT


def test_missing_ids_raise_not_found(tmp_path):
    store = Store(tmp_path)
    with pytest.raises(NotFoundError, match="no claim with id 42"):
        store.get_claim(42)
    with pytest.raises(NotFoundError, match="no article"):
        store.get_article(42)


def test_keyword_index_follows_claims(tmp_path):
    store = Store(tmp_path)
    store.add_article(_new(), _items())
    rows = store.db.conn.execute("SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'win'").fetchall()
    assert len(rows) == 1


def test_normalized_hash_ignores_quotes_case_and_spacing():
    assert normalized_hash("“We will  WIN,”") == normalized_hash('"we will win,"')
    assert normalized_hash("we will win") != normalized_hash("we will lose")


def test_prior_lookups_by_external_id_use_the_index(tmp_path):
    """The external-id index is partial (``WHERE external_id <> ''``): a lookup must repeat that
    condition or SQLite scans every claim, which made a 19,250-record import quadratic (49 s of
    store time instead of about 3). Every statement an import and the prior lookups run that reads
    claims by external id is planned as an index search."""
    from tests.store_contract.helpers import prior

    store = Store(tmp_path / "ws")
    seen: list[str] = []
    try:
        store.db.conn.set_trace_callback(seen.append)  # statements with their values filled in
        store.upsert_priors([prior("cr-1"), prior("cr-2", claim="Taxes rose")])
        store.upsert_priors([prior("cr-1", rating="False")])
        store.prior_text("cr-2")
        store.prior_ids_by_external(["cr-1", "cr-3"])
        store.db.conn.set_trace_callback(None)
        reads = [sql for sql in seen if sql.lstrip().upper().startswith("SELECT") and "external_id" in sql]
        assert len(reads) >= 4
        for sql in reads:
            plan = " ".join(str(row[3]) for row in store.db.conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
            assert "claims_external" in plan and "SCAN c" not in plan, (sql, plan)
    finally:
        store.close()
