"""The offline embedder: verified weights, normalised vectors, cache hits never reach the model."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from factcheck.embed import CachedEmbedder, SentenceTransformerEmbedder, bundled_model_path
from factcheck.errors import ModelError
from factcheck.store import Store


def test_vectors_are_normalised_and_order_is_kept(embedder):
    texts = ["A much longer sentence about the vote in the Security Council on Monday.", "Short.", "Mid length text"]
    vectors = embedder.encode(texts)
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    again = embedder.encode(list(reversed(texts)))
    assert np.allclose(vectors[0], again[2], atol=1e-2)


def test_paraphrases_are_closer_than_unrelated(embedder):
    a, b, c = embedder.encode(["Israel will not stop until Hamas is destroyed",
                               "Israel won't halt until Hamas is wiped out",
                               "The price of wheat rose in Kansas"])
    assert a @ b > a @ c + 0.2


class CountingEmbedder:
    model_id = "counting"
    dim = 4

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts):
        self.seen.extend(texts)
        return np.tile(np.array([1, 0, 0, 0], dtype=np.float32), (len(texts), 1))


def test_cache_hits_never_reach_the_model(tmp_path):
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, Store(tmp_path))
    cached.encode(["one", "two", "one"])
    assert sorted(inner.seen) == ["one", "two"]
    cached.encode(["two", "three"])
    assert sorted(inner.seen) == ["one", "three", "two"]


@pytest.mark.model
def test_changed_weights_are_refused(tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(bundled_model_path(), folder)
    with (folder / "model.safetensors").open("ab") as handle:
        handle.write(b"tampered")
    model = SentenceTransformerEmbedder(folder, expected_sha256="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db")
    with pytest.raises(ModelError, match="sha256"):
        model.encode(["x"])


@pytest.mark.model
def test_missing_weights_are_refused(tmp_path):
    with pytest.raises(ModelError, match=r"model\.safetensors"):
        SentenceTransformerEmbedder(tmp_path, expected_sha256="00").encode(["x"])
