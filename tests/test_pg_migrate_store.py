"""`factcheck migrate-store`: a SQLite workspace moves to PostgreSQL with nothing lost (counts, checksums,
and every record read back equal through the store interface); a non-empty target is refused."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from factcheck.cli import main
from factcheck.models import Review
from factcheck.records import PollState, SeenEntry, VerdictFilters
from factcheck.store import Store
from factcheck.store.protocol import StoreBackend
from tests.pg_server import PgServer, database_name
from tests.store_contract.helpers import add_article, prior, source, verdict

pytest.importorskip("psycopg", reason="the postgres extra (psycopg) is not installed")

from factcheck.store.postgres import PostgresStore
from factcheck.store.postgres.transfer import TABLES


def filled_workspace(folder: Path) -> None:
    """A workspace touching every table: articles, claims, speakers, priors, verdicts (with an undo),
    feedback, clusters, vectors, meta, sources, passages, provider cache, feeds and entries."""
    store = Store(folder)
    try:
        article_id, (a, b) = add_article(store, title="Council", published="2024-01-02", url="https://x.example/a")
        _, pid = store.upsert_prior(prior())
        first = store.add_verdict(verdict(a, "False"))
        store.add_verdict(verdict(a, "True", status="published"), based_on=first.id)
        batch_id, _ = store.add_cluster_verdict(verdict(b, "Half true"), [b])
        store.undo_batch(batch_id, reviewer="bo")
        for who, rating in (("ana", "False"), ("bo", "True")):  # blind double review: a dispute on b
            store.add_review(Review(id=0, claim_id=b, rating=rating, reviewer=who, reviewer_issuer="local",
                                    reviewer_subject=who, rating_value=1.0), lambda first, second: None)
        store.set_cluster_ids({a: 3, b: 3})
        store.add_match_feedback(a, pid, True, "ana", score=0.75)
        store.cache_vectors("m", {"h": np.linspace(0, 1, 8, dtype=np.float32)})
        store.set_meta("claims_state", '["m", 2, 2]')
        new = source()
        store.add_source(new, [(0, 22), (23, len(new.text))])
        store.provider_cache_put("wiki", "q", "body", ttl_s=3600)
        feed = store.add_feed("https://x.example/feed", "X", 30)
        store.record_poll(feed.id, PollState(status="ok", message="1 new", new=1, etag='"e"'))
        store.record_entry(SeenEntry(feed_id=feed.id, entry_id="e1", url="https://x.example/a",
                                     article_id=article_id, status="new"))
    finally:
        store.close()


def snapshot(store: StoreBackend) -> dict[str, object]:
    """Everything the interface reads back, for comparing two stores."""
    claim_ids = sorted(store.claim_ids())
    return {
        "articles": store.list_articles(include_priors=True),
        "claims": store.get_claims(claim_ids),
        "speakers": store.list_speakers(),
        "history": {c: store.verdict_history(c) for c in claim_ids},
        "current": store.current_verdicts(),
        "log": store.verdict_log(VerdictFilters(include_history=True, include_priors=True)),
        "export": list(store.iter_export_rows(VerdictFilters(include_priors=True))),
        "reviews": list(store.iter_review_records()),
        "independent_reviews": store.reviews_of(),
        "feedback": store.all_match_feedback(),
        "clusters": store.claims_in_clusters([3]),
        "vectors": {k: v.tolist() for k, v in store.cached_vectors("m", {"h"}).items()},
        "meta": store.get_meta("claims_state"),
        "sources": store.list_sources(),
        "passages": [p for batch in store.iter_passages() for p in batch],
        "cache": store.provider_cache_get("wiki", "q"),
        "feeds": store.list_feeds(),
        "entries": [store.feed_entries(f.id) for f in store.list_feeds()],
        "appearances": store.prior_appearances(claim_ids[-1]),
        "stats": store.stats(),
    }


def test_migrate_store_moves_everything_and_checks_it(tmp_path: Path, pg_server: PgServer) -> None:
    folder = tmp_path / "ws"
    filled_workspace(folder)
    url = pg_server.database(database_name(tmp_path))
    runner = CliRunner()
    result = runner.invoke(main, ["migrate-store", "--from", str(folder), "--to", url, "--json"])
    assert result.exit_code == 0, result.output
    checks = json.loads(result.output)
    assert [c["table"] for c in checks] == list(TABLES) and all(c["ok"] for c in checks)
    rows = {c["table"]: c["rows"] for c in checks}
    assert rows["verdicts"] == 5 and rows["passages"] == 2 and rows["feed_entries"] == 1
    assert rows["reviews"] == 2
    lite, post = Store(folder), PostgresStore(url)
    try:
        assert snapshot(post) == snapshot(lite)
        # ids continue after the copied ones
        article_id, _ = add_article(post, text="Another article without quotes.")
        assert article_id == max(a.id for a in lite.list_articles(include_priors=True)) + 1
    finally:
        lite.close()
        post.close()
    again = runner.invoke(main, ["migrate-store", "--from", str(folder), "--to", url])
    assert again.exit_code == 1 and "already holds data" in again.output


def test_the_text_report_names_every_table(tmp_path: Path, pg_server: PgServer) -> None:
    folder = tmp_path / "ws"
    filled_workspace(folder)
    result = CliRunner().invoke(main, ["migrate-store", "--from", str(folder), "--to",
                                       pg_server.database(database_name(tmp_path))])
    assert result.exit_code == 0, result.output
    assert all(f"\n{table} " in result.output for table in TABLES)
    assert "counts and checksums equal" in result.output


def test_a_postgres_backup_is_a_sqlite_workspace_file(tmp_path: Path, pg_server: PgServer) -> None:
    folder = tmp_path / "ws"
    filled_workspace(folder)
    url = pg_server.database(database_name(tmp_path))
    assert CliRunner().invoke(main, ["migrate-store", "--from", str(folder), "--to", url]).exit_code == 0
    post = PostgresStore(url)
    try:
        post.backup_to(tmp_path / "copy.sqlite3")
        (tmp_path / "restored").mkdir()
        (tmp_path / "copy.sqlite3").rename(tmp_path / "restored" / Store.FILENAME)
        restored = Store(tmp_path / "restored")
        try:
            assert snapshot(restored) == snapshot(post)
            assert restored.keyword_claims('"budget"', 5)  # its FTS5 tables were filled too
        finally:
            restored.close()
    finally:
        post.close()


def test_a_checksum_difference_rolls_the_whole_copy_back(tmp_path: Path, pg_server: PgServer,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import factcheck.store.postgres.transfer as transfer

    folder = tmp_path / "ws"
    filled_workspace(folder)
    url = pg_server.database(database_name(tmp_path))
    real_check = transfer._check

    def tampered(table: str, sqlite, pg):  # type: ignore[no-untyped-def]
        check = real_check(table, sqlite, pg)
        return transfer.TableCheck(table, check.source_rows, check.target_rows, check.source_sha256,
                                   "0" * 64 if table == "verdicts" else check.target_sha256)

    monkeypatch.setattr(transfer, "_check", tampered)
    failed = CliRunner().invoke(main, ["migrate-store", "--from", str(folder), "--to", url])
    assert failed.exit_code == 1 and "verdicts differs" in failed.output
    monkeypatch.undo()
    store = PostgresStore(url)
    try:
        assert store.stats().claims == 0 and store.list_articles(include_priors=True) == []  # nothing half-copied
    finally:
        store.close()
    assert CliRunner().invoke(main, ["migrate-store", "--from", str(folder), "--to", url]).exit_code == 0
