"""The light load path: the same vectors and token states as sentence-transformers, without importing it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from factcheck.config import Settings
from factcheck.embed import SentenceTransformerEmbedder, bundled_model_path
from factcheck.minilm import supported_shape
from tests.conftest import SEED_ARTICLE, SHARED_DATA

LIAR = SHARED_DATA / "liar" / "valid.tsv"


def _sentences(n: int) -> list[str]:
    if not LIAR.is_file():
        pytest.skip(f"needs the LIAR statements at {LIAR} (../shared/data)")
    rows = [line.split("\t") for line in LIAR.read_text(encoding="utf-8").splitlines()[1:]]
    return [row[2] for row in rows if len(row) > 3][:n]


def test_the_shipped_model_takes_the_light_path():
    shape = supported_shape(bundled_model_path())
    assert shape is not None
    assert (shape.hidden_size, shape.num_hidden_layers, shape.max_seq_length) == (384, 6, 256)


def test_other_pooling_falls_back_to_sentence_transformers(tmp_path: Path):
    folder = tmp_path / "model"
    shutil.copytree(bundled_model_path(), folder, ignore=shutil.ignore_patterns("model.safetensors"))
    pooling = folder / "1_Pooling" / "config.json"
    config = json.loads(pooling.read_text())
    config.update(pooling_mode_mean_tokens=False, pooling_mode_cls_token=True)
    pooling.write_text(json.dumps(config))
    assert supported_shape(folder) is None


@pytest.mark.model
@pytest.mark.data
@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
def test_vectors_match_sentence_transformers(dtype: str):
    import torch
    from sentence_transformers import SentenceTransformer

    texts = _sentences(300)
    texts += ["", "   padded   ", " ".join(texts[:40])]  # empty, stripped, truncated at 256 pieces
    light = SentenceTransformerEmbedder(expected_sha256=Settings().model_sha256, dtype=dtype)
    ours = light.encode(texts)
    assert light._tokenizer is not None  # the light path, not the fallback
    reference = SentenceTransformer(str(bundled_model_path()), device="cpu", local_files_only=True)
    if dtype == "bfloat16":
        reference = reference.to(torch.bfloat16)
    theirs = np.asarray(reference.encode(texts, batch_size=64, normalize_embeddings=True,
                                         convert_to_numpy=True), dtype=np.float32)
    theirs /= np.linalg.norm(theirs, axis=1, keepdims=True)
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() >= 0.9999, (dtype, float(cosines.min()), texts[int(cosines.argmin())])


@pytest.mark.model
def test_token_states_equal_the_transformers_model():
    from factcheck.learned.states import batched_token_states

    text = SEED_ARTICLE.read_text(encoding="utf-8") * 2  # several windows: full ones batched, a short last one
    light = SentenceTransformerEmbedder(expected_sha256=Settings().model_sha256)
    tokenizer, model = light.token_model()
    reference = SentenceTransformerEmbedder(expected_sha256=Settings().model_sha256)._load_sentence_transformers()
    offsets, states = batched_token_states(tokenizer, model, text, 4)
    ref_offsets, ref_states = batched_token_states(reference.tokenizer, reference[0].auto_model, text, 4)
    assert len(offsets) > 300
    assert np.array_equal(offsets, ref_offsets)
    assert np.array_equal(states, ref_states)  # same operations, same bf16 kernels: bit for bit


@pytest.mark.model
def test_encoding_imports_neither_transformers_nor_sentence_transformers():
    code = ("import sys; from factcheck.embed import SentenceTransformerEmbedder; "
            "SentenceTransformerEmbedder(expected_sha256=sys.argv[1]).encode(['a test sentence']); "
            "print(','.join(m for m in ('transformers', 'sentence_transformers') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, Settings().model_sha256],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.model
@pytest.mark.data
def test_numpy_forward_pass_matches_sentence_transformers_fp32():
    from sentence_transformers import SentenceTransformer

    from factcheck.embed import SMALL_BATCH

    texts = [*_sentences(200), "", "   padded   ", " ".join(_sentences(40))]
    light = SentenceTransformerEmbedder(expected_sha256=Settings().model_sha256)
    ours = np.concatenate([light.encode(texts[i:i + SMALL_BATCH]) for i in range(0, len(texts), SMALL_BATCH)])
    assert light._small is not None and not light.loaded  # every call took the numpy path
    reference = SentenceTransformer(str(bundled_model_path()), device="cpu", local_files_only=True)
    theirs = np.asarray(reference.encode(texts, normalize_embeddings=True, convert_to_numpy=True), dtype=np.float32)
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() >= 0.9999, float(cosines.min())
    assert light.encode(texts[:SMALL_BATCH + 1]).shape == (SMALL_BATCH + 1, 384)
    assert light.loaded  # a larger batch loads the torch model, and the numpy path is not used after
