"""SyncedVectorIndex: the claim, title and passage indexes load, check the model, sync, save, lock."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from factcheck.config import Settings
from factcheck.sources.library import SourceInput
from factcheck.testing import HashingEmbedder
from factcheck.workspace import Workspace

ARTICLE = ('The mayor said "crime fell by 20 percent last year" at the meeting. '
           'Jane Roe said "the budget doubled since 2019" in an interview.')


def claimreview(n: int, title: str = "Did crime fall?") -> str:
    return json.dumps({"@type": "ClaimReview", "url": f"https://checks.example/{n}", "claimReviewed":
                       f"Crime fell by {n} percent last year", "reviewRating": {"alternateName": "False"},
                       "author": {"@type": "Organization", "name": "Checkers"}, "headline": title,
                       "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Mayor Smith"}}})


@pytest.fixture
def fast(tmp_path: Path) -> Workspace:
    ws = Workspace(tmp_path / "ws", Settings(), embedder=HashingEmbedder())
    assert ws.ingest_text(ARTICLE, title="Council").status == "added"
    return ws


def test_the_claim_index_follows_the_store_across_workspaces(fast: Workspace, tmp_path: Path) -> None:
    assert fast.claim_index.ids() == fast.store.claim_ids()
    other = Workspace(fast.path, Settings(), embedder=HashingEmbedder())
    assert other.claim_index.ids() == fast.store.claim_ids() and other.notices == []
    other.ingest_text("Bo Li said \"taxes went up twice\" on Monday.", title="Taxes")
    assert fast.claim_index.ids() == other.store.claim_ids()  # synced from the other's commit
    assert fast.notices == []


def test_a_lost_corrupt_or_stale_claim_index_is_repaired_with_a_notice(fast: Workspace) -> None:
    index_file = fast.path / "claims.faiss"
    index_file.unlink()
    lost = Workspace(fast.path, Settings(), embedder=HashingEmbedder())
    assert lost.claim_index.ids() == fast.store.claim_ids()
    assert any("was missing" in n for n in lost.notices)
    index_file.write_bytes(b"not an index")
    broken = Workspace(fast.path, Settings(), embedder=HashingEmbedder())
    assert broken.claim_index.ids() == fast.store.claim_ids()
    assert any("rebuilt the claim index" in n for n in broken.notices)
    other_model = Workspace(fast.path, Settings(), embedder=HashingEmbedder(dim=64))
    assert other_model.claim_index.dim == 64
    assert any("built with hashing-384, not hashing-64" in n for n in other_model.notices)


def test_reindex_rebuilds_from_the_vector_cache_without_the_model(fast: Workspace) -> None:
    embedder = HashingEmbedder()
    again = Workspace(fast.path, Settings(), embedder=embedder)
    seen: list[tuple[str, int, int]] = []
    assert again.reindex(progress=lambda *step: seen.append(step)) == len(fast.store.claim_ids())
    assert embedder.calls == 0 and seen and seen[-1][1] == seen[-1][2]


def test_the_title_index_is_rebuilt_when_a_title_changes_and_saved_with_its_state(fast: Workspace) -> None:
    fast.import_claimreview_text([("a.json", claimreview(20))])
    titles = fast.indexes["titles"]
    assert titles.get().ids() == set(fast.store.prior_claim_ids())
    state = titles.state_path.read_text(encoding="utf-8")
    assert (fast.path / "prior_titles.faiss").exists() and state
    assert titles.state_path == fast.path / "prior_titles.faiss.state"
    fast.import_claimreview_text([("a.json", claimreview(20, title="Crime: what the figures say"))])
    fast.indexes["titles"].get()
    assert titles.state_path.read_text(encoding="utf-8") != state
    reopened = Workspace(fast.path, Settings(), embedder=HashingEmbedder())
    prior = fast.store.prior_claim_ids()[0]
    vector = HashingEmbedder().encode(["Crime: what the figures say"])[0]
    assert float(reopened.indexes["titles"].get().reconstruct(prior) @ vector) == pytest.approx(1.0)


def test_concurrent_sessions_sync_each_index_once_under_its_lock(fast: Workspace) -> None:
    fast.import_claimreview_text([("a.json", "\n".join(claimreview(n) for n in range(5, 9)))])
    embedder = HashingEmbedder()
    shared = Workspace(fast.path, Settings(), embedder=embedder)
    shared.embedder.encode(["crime fell"])  # the query's vector, cached like any text
    embedder.calls = 0
    (fast.path / "prior_titles.faiss").unlink()
    results: list[set[int]] = []

    def search() -> None:
        results.append(shared.indexes["titles"].get().ids())
        shared.search("crime fell", k=3)

    threads = [threading.Thread(target=search) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(r == set(fast.store.prior_claim_ids()) for r in results)
    assert (fast.path / "prior_titles.faiss").exists()
    assert embedder.calls == 0  # every vector came from the store's cache


def test_the_passage_index_follows_archived_sources(fast: Workspace) -> None:
    report = fast.archive_source(SourceInput(label="report", text="Violent crime fell 18 percent in 2023. "
                                             "Burglaries rose slightly.", title="Police report"))
    assert report.status == "added"
    assert fast.passage_index.ids() == fast.store.passage_ids()
    assert (fast.path / "passages.faiss").exists()
    reopened = Workspace(fast.path, Settings(), embedder=HashingEmbedder())
    assert reopened.passage_index.ids() == fast.store.passage_ids() and reopened.notices == []


def test_two_folders_on_one_database_keep_their_own_title_index_state(pg_server, tmp_path: Path) -> None:
    """The saved-at marker lives beside each folder's index file: a title changed and saved by one
    folder makes the other folder's (stale) title index rebuild, not load as if it were current."""
    pytest.importorskip("psycopg", reason="the postgres extra (psycopg) is not installed")
    from tests.pg_server import database_name

    settings = Settings(database_url=pg_server.database(database_name(tmp_path)),
                        learned_attribution=False)
    first = Workspace(tmp_path / "a", settings, embedder=HashingEmbedder())
    first.import_claimreview_text([("a.json", claimreview(20))])
    assert first.indexes["titles"].get().ids()
    second = Workspace(tmp_path / "b", settings, embedder=HashingEmbedder())
    assert second.indexes["titles"].get().ids() == first.indexes["titles"].get().ids()
    second.close()  # b's title index file now holds the old title
    first.import_claimreview_text([("a.json", claimreview(20, title="Crime: what the figures say"))])
    first.indexes["titles"].get()  # a rebuilds and saves its own file and marker
    first.close()
    reopened = Workspace(tmp_path / "b", settings, embedder=HashingEmbedder())
    try:
        prior = reopened.store.prior_claim_ids()[0]
        vector = HashingEmbedder().encode(["Crime: what the figures say"])[0]
        assert float(reopened.indexes["titles"].get().reconstruct(prior) @ vector) == pytest.approx(1.0)
    finally:
        reopened.close()
