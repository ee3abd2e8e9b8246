"""VectorIndex: add, remove, search by store ids, atomic save and corrupt-file detection."""

from __future__ import annotations

import numpy as np
import pytest

from factcheck.errors import VectorIndexError
from factcheck.index import VectorIndex, ids_digest


def _unit(rows: int, dim: int = 8, seed: int = 0) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(rows, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_add_search_remove_by_store_ids():
    index = VectorIndex(8, "m")
    vectors = _unit(5)
    index.add([10, 20, 30, 40, 50], vectors)
    scores, ids = index.search(vectors[2:3], 2)
    assert ids[0][0] == 30 and scores[0][0] == pytest.approx(1.0, abs=1e-5)
    assert index.remove([30]) == 1
    _, ids = index.search(vectors[2:3], 5)
    assert 30 not in ids[0].tolist()
    assert index.ids() == {10, 20, 40, 50}


def test_re_adding_an_id_replaces_its_vector():
    index = VectorIndex(8, "m")
    a, b = _unit(2)
    index.add([1], a[None])
    index.add([1], b[None])
    assert len(index) == 1
    _, ids = index.search(b[None], 1)
    assert ids[0][0] == 1


def test_empty_index_search_returns_no_ids():
    _, ids = VectorIndex(8, "m").search(_unit(1), 3)
    assert ids.tolist() == [[-1]]


def test_save_and_load_round_trip(tmp_path):
    index = VectorIndex(8, "model-x")
    index.add([3, 7], _unit(2))
    path = tmp_path / "claims.faiss"
    index.save(path)
    loaded, header = VectorIndex.load(path)
    assert loaded.ids() == {3, 7} and loaded.model_id == "model-x"
    assert header["ids"] == ids_digest({3, 7})
    assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.parametrize("content", [b"", b"garbage", b"FCIDX1\x05\x00\x00\x00{bad"])
def test_corrupt_file_is_reported(tmp_path, content):
    path = tmp_path / "claims.faiss"
    path.write_bytes(content)
    with pytest.raises(VectorIndexError, match="corrupt"):
        VectorIndex.load(path)


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(VectorIndexError, match="missing"):
        VectorIndex.load(tmp_path / "nope.faiss")


def test_vectors_batch_lookup_skips_absent_ids():
    index = VectorIndex(4, "m")
    vectors = np.eye(4, dtype=np.float32)
    index.add([10, 20, 30, 40], vectors)
    got = index.vectors([40, 10])
    assert list(got) == [40, 10]
    assert np.array_equal(got[40], vectors[3]) and np.array_equal(got[10], vectors[0])
    partial = index.vectors([20, 99, 30])  # an absent id: the others still come back
    assert sorted(partial) == [20, 30] and np.array_equal(partial[30], vectors[2])
    assert index.vectors([]) == {}
