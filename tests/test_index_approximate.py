"""The approximate layer of VectorIndex: built past a size, recall against exact, exact scores, updates."""

from __future__ import annotations

import numpy as np
import pytest

from factcheck.ann import AnnIndex, nlist_for
from factcheck.index import VectorIndex

DIM = 32


def _clustered(rows: int, seed: int, centers: np.ndarray) -> np.ndarray:
    """Unit vectors around cluster centres, the shape sentence embeddings have."""
    rng = np.random.default_rng(seed)
    v = centers[rng.integers(0, len(centers), rows)] + 0.5 * rng.normal(size=(rows, DIM))
    v = v.astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


@pytest.fixture(scope="module")
def centers() -> np.ndarray:
    return np.random.default_rng(7).normal(size=(40, DIM)).astype(np.float32)


def _pair(vectors: np.ndarray, threshold: int) -> tuple[VectorIndex, VectorIndex]:
    ids = np.arange(1, len(vectors) + 1)
    approx = VectorIndex(DIM, "m", approximate_from=threshold)
    exact = VectorIndex(DIM, "m")
    approx.add(ids, vectors)
    exact.add(ids, vectors)
    approx.ensure_approximate(wait=True)
    return approx, exact


def test_small_index_stays_exact(centers):
    index = VectorIndex(DIM, "m", approximate_from=10_000)
    index.add(np.arange(1, 501), _clustered(500, 1, centers))
    index.ensure_approximate(wait=True)
    assert index.approximate is None


def test_large_index_builds_a_tuned_layer_with_exact_scores(centers):
    vectors = _clustered(6_000, 2, centers)
    approx, exact = _pair(vectors, threshold=5_000)
    stats = approx.approximate
    assert stats is not None, approx.build_error
    assert stats.size == 6_000 and stats.nlist == nlist_for(6_000)
    assert stats.recall_at_10 >= 0.98
    queries = _clustered(200, 3, centers)  # fresh vectors, not in the index
    a_scores, a_ids = approx.search(queries, 10)
    _e_scores, e_ids = exact.search(queries, 10)
    recall = np.mean([len(set(a) & set(e)) / 10 for a, e in zip(a_ids, e_ids, strict=True)])
    assert recall >= 0.95
    # the scores are exact inner products of the returned vectors, in descending order
    for row in range(5):
        expected = vectors[a_ids[row] - 1] @ queries[row]
        assert np.allclose(a_scores[row], expected, atol=1e-5)
        assert list(a_scores[row]) == sorted(a_scores[row], reverse=True)


def test_updates_after_the_build_are_searchable_and_removals_vanish(centers):
    vectors = _clustered(6_000, 4, centers)
    approx, _exact = _pair(vectors, threshold=5_000)
    assert approx.approximate is not None
    fresh = _clustered(3, 5, centers)
    approx.add([90_001, 90_002, 90_003], fresh)
    _, ids = approx.search(fresh, 1)
    assert ids[:, 0].tolist() == [90_001, 90_002, 90_003]
    approx.remove([90_002, 17])
    _, ids = approx.search(np.vstack([fresh[1:2], vectors[16:17]]), 5)
    assert 90_002 not in ids[0] and 17 not in ids[1]
    # replacing a vector moves the id to where its new vector is
    approx.add([18], fresh[2:3])
    _, ids = approx.search(fresh[2:3], 2)
    assert set(ids[0].tolist()) == {18, 90_003}


def test_saved_index_rebuilds_its_layer_on_load(tmp_path, centers):
    vectors = _clustered(6_000, 6, centers)
    approx, _ = _pair(vectors, threshold=5_000)
    approx.save(tmp_path / "claims.faiss")
    loaded, _header = VectorIndex.load(tmp_path / "claims.faiss", approximate_from=5_000)
    loaded.ensure_approximate(wait=True)
    assert loaded.approximate is not None
    assert loaded.ids() == set(range(1, 6_001))


def test_tuning_raises_nprobe_until_the_target(centers):
    vectors = _clustered(4_000, 8, centers)
    ids = np.arange(1, 4_001, dtype=np.int64)
    loose = AnnIndex.build(ids, vectors, recall_target=0.5)
    strict = AnnIndex.build(ids, vectors, recall_target=0.999)
    assert loose.stats.nprobe <= strict.stats.nprobe
    assert strict.stats.recall_at_10 >= 0.999 or strict.stats.nprobe >= strict.stats.nlist


def test_workspace_search_uses_the_layer_past_the_setting(tmp_path, embedder):
    """Through the Workspace: past index_approximate_from the claim index builds the layer in the
    background, and search answers the same claims as an exact workspace."""
    from factcheck.config import Settings
    from factcheck.workspace import Workspace
    from tests.conftest import SEEDS

    exact = Workspace(tmp_path / "exact", embedder=embedder)
    approx = Workspace(tmp_path / "approx", Settings().with_overrides(index_approximate_from=10),
                       embedder=embedder)
    try:
        for ws in (exact, approx):
            assert all(r.status == "added" for r in ws.ingest([str(SEEDS)]))
        approx.claim_index.ensure_approximate(wait=True)
        assert approx.claim_index.approximate is not None, approx.claim_index.build_error
        assert exact.claim_index.approximate is None
        query = "Putin called for a humanitarian ceasefire"
        got = [(m.claim.text, round(m.score, 4)) for m in approx.search(query, k=5)]
        want = [(m.claim.text, round(m.score, 4)) for m in exact.search(query, k=5)]
        assert got == want
    finally:
        exact.close()
        approx.close()


def test_a_saved_layer_is_reused_on_load_and_a_stale_one_is_not(tmp_path, centers):
    vectors = _clustered(6_000, 9, centers)
    approx, _ = _pair(vectors, threshold=5_000)
    fresh = _clustered(2, 10, centers)
    approx.add([70_001, 70_002], fresh)  # after the build: saved as the layer's recent ids
    path = tmp_path / "claims.faiss"
    approx.save(path)
    assert (tmp_path / "claims.faiss.ivf").exists()

    loaded, _ = VectorIndex.load(path, approximate_from=5_000)
    assert loaded.approximate == approx.approximate  # restored at once, not rebuilt
    _, ids = loaded.search(fresh, 1)
    assert ids[:, 0].tolist() == [70_001, 70_002]
    assert np.array_equal(loaded.search(vectors[:20], 10)[1], approx.search(vectors[:20], 10)[1])

    exact_only = VectorIndex(DIM, "m")  # the same file name, other ids: the old layer is stale
    exact_only.add(np.arange(1, 5_001), vectors[:5_000])
    exact_only.save(path)
    stale, _ = VectorIndex.load(path, approximate_from=5_000)
    # not restored (the saved layer has 6,000 vectors); a background build starts instead
    assert stale.approximate is None or stale.approximate.size == 5_000
    stale.ensure_approximate(wait=True)
    assert stale.approximate is not None and stale.approximate.size == 5_000


def test_a_damaged_layer_file_is_ignored(tmp_path, centers):
    vectors = _clustered(6_000, 11, centers)
    approx, _ = _pair(vectors, threshold=5_000)
    path = tmp_path / "claims.faiss"
    approx.save(path)
    layer = tmp_path / "claims.faiss.ivf"
    layer.write_bytes(layer.read_bytes()[:200])
    loaded, _ = VectorIndex.load(path, approximate_from=5_000)
    loaded.ensure_approximate(wait=True)
    assert loaded.approximate is not None and loaded.ids() == set(range(1, 6_001))


def test_a_failed_build_keeps_exact_search_and_says_why(centers, monkeypatch):
    import factcheck.index as index_module

    def broken(*_args, **_kwargs):
        raise RuntimeError("out of memory")

    calls = []
    monkeypatch.setattr(index_module.AnnIndex, "build", lambda *a, **k: calls.append(1) or broken())
    index = VectorIndex(DIM, "m", approximate_from=1_000)
    vectors = _clustered(1_500, 12, centers)
    index.add(np.arange(1, 1_501), vectors)
    index.ensure_approximate(wait=True)
    assert index.approximate is None
    assert "out of memory" in index.build_error
    index.add([5_000], vectors[:1])  # a small addition does not retry at once
    index.ensure_approximate(wait=True)
    assert len(calls) == 1
    _, ids = index.search(vectors[:3], 1)
    assert ids[:, 0].tolist() == [1, 2, 3]


def test_exact_duplicates_do_not_drive_tuning_to_the_maximum(centers):
    # The same quote in many articles has the same vector: 20 exact copies of 300 vectors. Which tied
    # copy a search returns does not matter, so tuning must not keep raising nprobe chasing tie order.
    base = _clustered(300, 9, centers)
    vectors = np.repeat(base, 20, axis=0)
    ids = np.arange(1, len(vectors) + 1, dtype=np.int64)
    layer = AnnIndex.build(ids, vectors, recall_target=0.98)
    assert layer.stats.recall_at_10 >= 0.98
    assert layer.stats.nprobe < layer.stats.nlist


def test_repeated_quotes_do_not_hide_the_neighbours_of_fresh_queries(centers):
    # Each query finds its own copies at any nprobe; tuning must leave them out, or fresh queries
    # (whose neighbours are other texts) lose recall. Ties count: any copy of a tied text is a hit.
    base = _clustered(1_000, 15, centers)
    vectors = np.repeat(base, 12, axis=0)  # more copies than results: self-queries see only copies
    index = VectorIndex(DIM, "m", approximate_from=1_000)
    index.add(np.arange(1, len(vectors) + 1), vectors)
    index.ensure_approximate(wait=True)
    assert index.approximate is not None, index.build_error
    queries = _clustered(200, 16, centers)
    got, _ = index.search(queries, 10)
    truth = np.sort(queries @ vectors.T, axis=1)[:, ::-1][:, :10]
    recall = float(np.mean(got >= truth[:, -1:] - 1e-5))
    assert recall >= 0.95


def test_a_background_build_saves_its_layer_beside_the_file_it_was_loaded_from(tmp_path, centers):
    # The app's process: the layer built after load is kept, so the next process restores it.
    vectors = _clustered(6_000, 13, centers)
    exact = VectorIndex(DIM, "m")
    exact.add(np.arange(1, 6_001), vectors)
    path = tmp_path / "claims.faiss"
    exact.save(path)
    assert not (tmp_path / "claims.faiss.ivf").exists()
    loaded, _ = VectorIndex.load(path, approximate_from=5_000)
    loaded.ensure_approximate(wait=True)
    assert loaded.approximate is not None, loaded.build_error
    again, _ = VectorIndex.load(path, approximate_from=5_000, background_builds=False)
    assert again.approximate == loaded.approximate  # restored from the saved layer


def test_a_one_shot_index_builds_only_when_it_saves(tmp_path, centers):
    # The CLI's process: loading or adding never starts a build (it would die with the process);
    # saving builds a due layer first, in the caller's thread, and writes it.
    vectors = _clustered(6_000, 14, centers)
    path = tmp_path / "claims.faiss"
    exact = VectorIndex(DIM, "m")
    exact.add(np.arange(1, 6_001), vectors)
    exact.save(path)
    loaded, _ = VectorIndex.load(path, approximate_from=5_000, background_builds=False)
    loaded.ensure_approximate()
    loaded.add([9_001], vectors[:1])
    assert loaded.approximate is None and loaded.layer_due
    _, ids = loaded.search(vectors[:3], 1)  # exact meanwhile
    assert ids[:, 0].tolist() == [1, 2, 3]
    loaded.save(path)
    assert loaded.approximate is not None and not loaded.layer_due
    restored, _ = VectorIndex.load(path, approximate_from=5_000, background_builds=False)
    assert restored.approximate == loaded.approximate
