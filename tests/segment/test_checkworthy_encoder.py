"""The check-worthiness encoder: the first k layers of the shipped model, mean-pooled."""

from __future__ import annotations

import numpy as np
import pytest

from factcheck.segment.checkworthy_encoder import LayerEncoder, encoder_id

TEXTS = ["We cut taxes by 10 percent.", "Thank you.", "What is your plan for the economy?",
         "Ford is moving 2,000 jobs to Mexico and our trade deficit is $800 billion a year.",
         "Yes."]


def test_encoder_id_names_the_depth() -> None:
    assert encoder_id("model:abc", 6) == "model:abc"
    assert encoder_id("model:abc", 2) == "model:abc/layers=2"


def test_full_depth_matches_the_embedder_and_shallow_layers_differ(embedder) -> None:
    full = LayerEncoder(embedder, 6)
    vectors = full.encode(TEXTS)
    assert vectors.shape == (len(TEXTS), 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    reference = embedder.encode(TEXTS)
    # same model and pooling as sentence-transformers (bf16 batches round a little differently)
    assert np.all(np.sum(vectors * reference, axis=1) > 0.99)
    by_layer = LayerEncoder(embedder, 3).encode_layers(TEXTS, (1, 3))
    one = LayerEncoder(embedder, 1).encode(TEXTS)
    assert np.all(np.sum(by_layer[1] * one, axis=1) > 0.99)  # a truncated model = its first layer
    assert np.all(np.sum(by_layer[3] * vectors, axis=1) < 0.99)  # but not the full model
    # the shared model is left whole by the truncated views: the embedder still gives 6 layers
    assert np.all(np.sum(embedder.encode(TEXTS) * reference, axis=1) > 0.999)
    # input order is kept although batches are length-sorted
    assert np.all(np.sum(full.encode(TEXTS[::-1])[::-1] * vectors, axis=1) > 0.99)
    assert full.encode([]).shape == (0, 384)


def test_depth_is_checked(embedder) -> None:
    with pytest.raises(ValueError, match=r"1\.\.6"):
        LayerEncoder(embedder, 0)
    with pytest.raises(ValueError, match="within"):
        LayerEncoder(embedder, 2).encode_layers(TEXTS, (3,))
