"""Workspace: ingest of the seeds, offsets invariant, duplicates, index sync and reindex."""

from __future__ import annotations

from factcheck.workspace import Workspace
from tests.conftest import SEED_ARTICLE, SEEDS


def test_seed_ingest_stores_claims_with_exact_offsets(seed_workspace):
    ws = seed_workspace
    stats = ws.stats()
    assert stats.articles == 1 and stats.claims > 10 and stats.speakers >= 2
    article = ws.articles()[0]
    assert article.text == SEED_ARTICLE.read_text(encoding="utf-8")
    assert article.title.startswith("'Israel won’t stop")
    for claim in ws.claims():
        assert ws.article(claim.article_id).text[claim.start:claim.end] == claim.text


def test_every_stored_claim_satisfies_the_offset_invariant(seed_workspace):
    rows = seed_workspace.store.db.conn.execute(
        'SELECT c.text, c.start, c."end", a.text AS article FROM claims c JOIN articles a ON a.id = c.article_id')
    for row in rows:
        assert row["article"][row["start"]:row["end"]] == row["text"]


def test_reingest_is_a_reported_noop(seed_workspace):
    before = seed_workspace.stats()
    reports = seed_workspace.ingest([str(SEEDS)])
    assert [r.status for r in reports] == ["duplicate"]
    assert "already stored" in reports[0].message
    assert seed_workspace.stats() == before


def test_index_holds_every_claim_and_survives_reopen(seed_workspace, embedder):
    ids = seed_workspace.store.claim_ids()
    assert seed_workspace.claim_index.ids() == ids
    reopened = Workspace(seed_workspace.path, embedder=embedder)
    assert reopened.claim_index.ids() == ids
    assert reopened.notices == []


def test_missing_or_corrupt_index_is_rebuilt_with_a_notice(seed_workspace, embedder):
    index_file = seed_workspace.path / "claims.faiss"
    index_file.write_bytes(b"broken")
    ws = Workspace(seed_workspace.path, embedder=embedder)
    assert ws.claim_index.ids() == seed_workspace.store.claim_ids()
    assert any("corrupt" in n for n in ws.notices)
    index_file.unlink()
    ws = Workspace(seed_workspace.path, embedder=embedder)
    assert ws.claim_index.ids() == seed_workspace.store.claim_ids()
    assert any("missing" in n for n in ws.notices)


def test_stale_index_is_brought_up_to_date(seed_workspace, embedder, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("“We will vote against it,” Senator Jane Roe said on Tuesday.\n", encoding="utf-8")
    old_index = (seed_workspace.path / "claims.faiss").read_bytes()
    seed_workspace.ingest([str(other)])
    (seed_workspace.path / "claims.faiss").write_bytes(old_index)  # as if a crash lost the save
    ws = Workspace(seed_workspace.path, embedder=embedder)
    assert ws.claim_index.ids() == ws.store.claim_ids()
    assert any("behind the store" in n for n in ws.notices)


def test_other_process_writes_are_seen_without_reopen(seed_workspace, embedder, tmp_path):
    reader = Workspace(seed_workspace.path, embedder=embedder)
    assert reader.claim_index.ids() == seed_workspace.store.claim_ids()
    other = tmp_path / "late.txt"
    other.write_text("“Taxes rose 12% last year,” Mayor Ann Lee said.\n", encoding="utf-8")
    seed_workspace.ingest([str(other)])
    assert reader.claim_index.ids() == reader.store.claim_ids()


def test_reindex_rebuilds_from_the_store(seed_workspace):
    count = seed_workspace.reindex()
    assert count == len(seed_workspace.store.claim_ids())


def test_ingest_text_and_errors_do_not_stop_a_batch(workspace, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    reports = workspace.ingest([str(empty), str(tmp_path / "missing.txt"), str(SEED_ARTICLE)])
    assert [r.status for r in reports] == ["error", "error", "added"]
    assert "empty.txt" in reports[0].message and "no such file" in reports[1].message
    pasted = workspace.ingest_text("“Unemployment fell to 3.5% in May,” the minister said.", title="Paste")
    assert pasted.status == "added" and pasted.claims >= 1
